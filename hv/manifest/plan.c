/* SPDX-License-Identifier: BSD-2-Clause */
/* Manifest plan: each CPU's role and serving HV core, partition memory layout, image list. */
#include "hv/manifest/priv.h"
#include "hv/lib/string.h"

static int plan_fail(struct manifest_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	return -1;
}

static void plan_init(struct manifest_plan *plan, uint32_t ncpus)
{
	memset(plan, 0, sizeof(*plan));
	plan->ncpus = ncpus;
	for (uint32_t i = 0; i < MANIFEST_MAX_CPUS; i++) {
		plan->partition[i] = -1;
		plan->served_by[i] = -1;
	}
}

/* Round robin over the HV cores, in the order [hypervisor] lists them. */
struct rr {
	uint16_t cpu[MANIFEST_MAX_CPUS];
	uint32_t n, next;
};

static int16_t rr_next(struct rr *rr)
{
	int16_t cpu = (int16_t)rr->cpu[rr->next];
	rr->next = (rr->next + 1) % rr->n;
	return cpu;
}

static bool plan_hv(const struct manifest *m, struct manifest_plan *plan, struct rr *rr)
{
	for (uint32_t i = 0; i < m->hv.cores.count; i++) {
		uint16_t cpu = manifest_core(m, m->hv.cores, i);
		if (cpu >= plan->ncpus || plan->role[cpu] != MANIFEST_ROLE_UNUSED)
			return false;
		plan->role[cpu] = MANIFEST_ROLE_HV;
		rr->cpu[rr->n++] = cpu;
	}
	return rr->n > 0;
}

static bool plan_partition(const struct manifest *m, uint32_t pi, struct manifest_plan *plan,
			   struct rr *rr)
{
	const struct manifest_partition *p = &m->part[pi];
	int32_t sb = p->served_by;
	if (sb >= (int32_t)plan->ncpus || (sb >= 0 && plan->role[sb] != MANIFEST_ROLE_HV))
		return false;
	if (p->cores.count == 0)
		return false;
	bool shared = p->mode == MANIFEST_MODE_SHARED;
	for (uint32_t i = 0; i < p->cores.count; i++) {
		uint16_t cpu = manifest_core(m, p->cores, i);
		if (cpu >= plan->ncpus)
			return false;
		if (shared && plan->shared[cpu])
			continue; /* another shared partition's core: it keeps its first plan */
		if (plan->role[cpu] != MANIFEST_ROLE_UNUSED)
			return false;
		plan->role[cpu] = MANIFEST_ROLE_GUEST;
		plan->partition[cpu] = (int16_t)pi;
		plan->shared[cpu] = shared;
		plan->served_by[cpu] = sb >= 0 ? (int16_t)sb : rr_next(rr);
	}
	return true;
}

int manifest_plan(const struct manifest *m, const struct manifest_machine *mach,
		  struct manifest_plan *plan)
{
	struct rr rr = { .n = 0 };
	uint32_t ncpus = mach->ncpus < MANIFEST_MAX_CPUS ? mach->ncpus : MANIFEST_MAX_CPUS;
	plan_init(plan, ncpus);
	if (!plan_hv(m, plan, &rr) || m->npartitions > MANIFEST_MAX_PARTITIONS)
		return plan_fail(plan);
	for (uint32_t i = 0; i < m->npartitions; i++) {
		if (!plan_partition(m, i, plan, &rr))
			return plan_fail(plan);
		plan->mem_offset[i] = plan->mem_total;
		plan->mem_total += m->part[i].memory;
		if (plan->mem_total < plan->mem_offset[i])
			return plan_fail(plan);
	}
	if (plan->mem_total > mach->memory_bytes)
		return plan_fail(plan);
	for (uint32_t cpu = 0; cpu < ncpus && m->spare_cpus_are_guest; cpu++) {
		if (plan->role[cpu] != MANIFEST_ROLE_UNUSED)
			continue;
		plan->role[cpu] = MANIFEST_ROLE_GUEST;
		plan->served_by[cpu] = rr_next(&rr);
	}
	return 0;
}

/* The k-th image name of the manifest in order, or NULL past the end / for "". */
static const char *image_at(const struct manifest *m, uint32_t k, bool *end)
{
	*end = false;
	for (uint32_t i = 0; i < m->npartitions && i < MANIFEST_MAX_PARTITIONS; i++) {
		const struct manifest_partition *p = &m->part[i];
		uint32_t nmod = p->nmodules < MANIFEST_MAX_MODULES ? p->nmodules : MANIFEST_MAX_MODULES;
		uint32_t n = 2 + nmod;
		if (k >= n) {
			k -= n;
			continue;
		}
		const char *name = k == 0 ? p->kernel.name : k == 1 ? p->initrd.name :
			p->module[k - 2].name;
		return name[0] ? name : NULL;
	}
	*end = true;
	return NULL;
}

uint32_t manifest_images(const struct manifest *m, const char **names, uint32_t max)
{
	uint32_t count = 0;
	bool end = false;
	for (uint32_t k = 0; !end; k++) {
		const char *name = image_at(m, k, &end);
		bool seen = false, e2;
		if (!name)
			continue;
		for (uint32_t j = 0; j < k && !seen; j++) {
			const char *prev = image_at(m, j, &e2);
			seen = prev && strcmp(prev, name) == 0;
		}
		if (seen)
			continue;
		if (count < max)
			names[count] = name;
		count++;
	}
	return count;
}
