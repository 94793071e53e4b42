/* SPDX-License-Identifier: BSD-2-Clause */
/* Manifest validation: cross-checks between keys and against the machine. */
#include "hv/manifest/priv.h"
#include "hv/lib/fmt.h"
#include "hv/lib/size.h"
#include "hv/lib/string.h"

#define OWNER_NONE (-1)
#define OWNER_HV (-2)

struct vctx {
	const struct manifest *m;
	const struct manifest_machine *mach;
	struct manifest_diags *d;
	int16_t owner[MANIFEST_MAX_CPUS];   /* OWNER_*, or a partition index */
	uint16_t first[MANIFEST_MAX_CPUS];  /* index into m->core[] of the first claim */
	uint64_t memory;                    /* running sum of partition memory */
	bool memory_reported;
};

static void err(struct vctx *v, struct manifest_pos pos, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void err(struct vctx *v, struct manifest_pos pos, const char *fmt, ...)
{
	char msg[MANIFEST_DIAG_MSG];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mdiag_add(v->d, false, pos.line, pos.col, "%s", msg);
}

static void warn(struct vctx *v, struct manifest_pos pos, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void warn(struct vctx *v, struct manifest_pos pos, const char *fmt, ...)
{
	char msg[MANIFEST_DIAG_MSG];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mdiag_add(v->d, true, pos.line, pos.col, "%s", msg);
}

/* Position of a key if it was written, else of the table header. */
static struct manifest_pos key_or(struct manifest_pos key, struct manifest_pos header)
{
	return key.line ? key : header;
}

static void explain_owner(const struct vctx *v, uint16_t cpu, char *buf, size_t size)
{
	const struct manifest_core_ref *prev = &v->m->core[v->first[cpu]];
	int16_t o = v->owner[cpu];
	if (o == OWNER_HV && prev->pos.line == 0)
		fmt_snprintf(buf, size, "the hypervisor core (by default, as [hypervisor] "
			     "sets no `cores`)");
	else if (o == OWNER_HV)
		fmt_snprintf(buf, size, "a hypervisor core (line %u)", prev->pos.line);
	else
		fmt_snprintf(buf, size, "a core of partition `%s` (line %u)",
			     v->m->part[o].name, prev->pos.line);
}

static bool is_shared(const struct vctx *v, int16_t owner)
{
	return owner >= 0 && v->m->part[owner].mode == MANIFEST_MODE_SHARED;
}

static bool both_shared(const struct vctx *v, int16_t a, int16_t b)
{
	return a != b && is_shared(v, a) && is_shared(v, b);
}

static bool listed_before(const struct manifest *m, struct manifest_cores cores, uint32_t i)
{
	for (uint32_t j = 0; j < i; j++)
		if (manifest_core(m, cores, j) == manifest_core(m, cores, i))
			return true;
	return false;
}

/* Claims every CPU of a cores list for owner; reports missing and taken CPUs. */
static void claim_cores(struct vctx *v, struct manifest_cores cores, int16_t owner)
{
	uint32_t ncpus = v->mach->ncpus;
	for (uint32_t i = 0; i < cores.count; i++) {
		uint16_t idx = (uint16_t)(cores.first + i);
		const struct manifest_core_ref *ref = &v->m->core[idx];
		uint16_t cpu = ref->cpu;
		char who[100];
		if (cpu >= ncpus) {
			if (ncpus)
				err(v, ref->pos, "CPU %u does not exist: this machine has %u CPUs "
				    "(0..%u); pick another CPU", cpu, ncpus, ncpus - 1);
			else
				err(v, ref->pos, "CPU %u does not exist: this machine reports no "
				    "CPUs", cpu);
			continue;
		}
		if (listed_before(v->m, cores, i)) {
			err(v, ref->pos, "CPU %u is listed twice in this `cores` list; remove one",
			    cpu);
		} else if (v->owner[cpu] == OWNER_NONE) {
			v->owner[cpu] = owner;
			v->first[cpu] = idx;
		} else if (both_shared(v, v->owner[cpu], owner)) {
			continue; /* shared partitions time-slice the cores they have in common */
		} else if (v->owner[cpu] >= 0 && owner >= 0) {
			explain_owner(v, cpu, who, sizeof(who));
			err(v, ref->pos, "CPU %u is already %s; only partitions with mode = \"shared\" "
			    "may share a core (a dedicated partition's cores are its own)", cpu, who);
		} else {
			explain_owner(v, cpu, who, sizeof(who));
			err(v, ref->pos, "CPU %u is already %s; each CPU can have one role only",
			    cpu, who);
		}
	}
}

static void check_hv(struct vctx *v)
{
	const struct manifest_hv *hv = &v->m->hv;
	if (hv->cores.count == 0 && !(hv->bad_keys & (1u << MANIFEST_HK_CORES))) {
		struct manifest_pos at = key_or(hv->key[MANIFEST_HK_CORES], hv->header);
		if (!at.line)
			at.line = at.col = 1;
		err(v, at, "no hypervisor core; list at least one CPU, e.g. cores = [0]");
	}
	claim_cores(v, hv->cores, OWNER_HV);
}

static bool key_ok(const struct manifest_partition *p, enum manifest_part_key k)
{
	return !(p->bad_keys & (1u << k));
}

static void check_name(struct vctx *v, uint32_t i)
{
	const struct manifest_partition *p = &v->m->part[i];
	if (!p->name[0])
		return;
	for (uint32_t j = 0; j < i; j++) {
		if (strcmp(v->m->part[j].name, p->name) == 0) {
			err(v, p->key[MANIFEST_PK_NAME], "partition name `%s` is already used "
			    "(line %u); give each partition its own name", p->name,
			    v->m->part[j].key[MANIFEST_PK_NAME].line);
			return;
		}
	}
}

static void check_cpus(struct vctx *v, const struct manifest_partition *p)
{
	struct manifest_pos cores_at = p->key[MANIFEST_PK_CORES];
	struct manifest_pos vcpus_at = key_or(p->key[MANIFEST_PK_VCPUS], cores_at);
	if (!cores_at.line || !key_ok(p, MANIFEST_PK_CORES) || !key_ok(p, MANIFEST_PK_VCPUS))
		return;
	if (p->cores.count == 0) {
		err(v, cores_at, "partition `%s` has no cores; list at least one, e.g. "
		    "cores = [1]", p->name);
		return;
	}
	if (p->vcpus > MANIFEST_RUN_MAX_VCPUS)
		err(v, vcpus_at, "partition `%s` has %u vCPUs; this build runs at most %u vCPUs "
		    "in a partition: lower `vcpus`", p->name, p->vcpus, MANIFEST_RUN_MAX_VCPUS);
	if (p->mode != MANIFEST_MODE_DEDICATED)
		return;
	if (p->vcpus > p->cores.count)
		err(v, vcpus_at, "partition `%s` has %u vCPUs but %u cores; in dedicated mode "
		    "each vCPU needs a core of its own: add cores, lower `vcpus`, or use "
		    "mode = \"shared\"", p->name, p->vcpus, p->cores.count);
	else if (p->vcpus < p->cores.count)
		warn(v, vcpus_at, "partition `%s` has %u vCPUs on %u dedicated cores; %u cores "
		     "will stay idle", p->name, p->vcpus, p->cores.count,
		     p->cores.count - p->vcpus);
}

static void check_policies(struct vctx *v, const struct manifest_partition *p)
{
	bool shared = p->mode == MANIFEST_MODE_SHARED;
	if (shared && p->key[MANIFEST_PK_INTERRUPTS].line && p->interrupts == MANIFEST_IRQ_EXITLESS)
		err(v, p->key[MANIFEST_PK_INTERRUPTS], "interrupts = \"exitless\" needs dedicated "
		    "cores; use interrupts = \"emulated\" or mode = \"dedicated\"");
	if (!shared && p->key[MANIFEST_PK_HALT_POLL_NS].line)
		warn(v, p->key[MANIFEST_PK_HALT_POLL_NS], "halt_poll_ns has no effect in "
		     "dedicated mode, where HLT does not exit; remove it or use mode = \"shared\"");
	if (!shared && p->key[MANIFEST_PK_SLICE_US].line)
		warn(v, p->key[MANIFEST_PK_SLICE_US], "slice_us has no effect in dedicated mode, "
		     "where a vCPU has its core to itself; remove it or use mode = \"shared\"");
}

static void check_memory(struct vctx *v, const struct manifest_partition *p)
{
	char need[24], have[24];
	v->memory = v->memory + p->memory < v->memory ? UINT64_MAX : v->memory + p->memory;
	if (v->memory_reported || v->memory <= v->mach->memory_bytes)
		return;
	v->memory_reported = true;
	size_format(v->memory, need, sizeof(need));
	size_format(v->mach->memory_bytes, have, sizeof(have));
	err(v, key_or(p->key[MANIFEST_PK_MEMORY], p->header), "the partitions up to `%s` need "
	    "%s of memory, but this machine has %s for partitions; lower `memory`",
	    p->name, need, have);
}

static void check_image(struct vctx *v, const struct manifest_image *img)
{
	if (!img->name[0] || !v->mach->image_exists)
		return;
	if (!v->mach->image_exists(v->mach->ctx, img->name))
		err(v, img->pos, "image \"%s\" was not found; put it next to the manifest or fix "
		    "the name", img->name);
}

static void check_images(struct vctx *v, const struct manifest_partition *p)
{
	check_image(v, &p->kernel);
	check_image(v, &p->initrd);
	for (uint32_t i = 0; i < p->nmodules && i < MANIFEST_MAX_MODULES; i++)
		check_image(v, &p->module[i]);
}

static void list_hv_cores(const struct manifest *m, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = 0;
	for (uint32_t i = 0; i < m->hv.cores.count && n < size; i++)
		n += (size_t)fmt_snprintf(buf + n, size - n, "%s%u", i ? ", " : "",
					  manifest_core(m, m->hv.cores, i));
}

static void check_served_by(struct vctx *v, const struct manifest_partition *p)
{
	char list[64];
	int32_t cpu = p->served_by;
	if (cpu < 0 || !key_ok(p, MANIFEST_PK_SERVED_BY))
		return;
	for (uint32_t i = 0; i < v->m->hv.cores.count; i++)
		if (manifest_core(v->m, v->m->hv.cores, i) == cpu)
			return;
	list_hv_cores(v->m, list, sizeof(list));
	err(v, p->key[MANIFEST_PK_SERVED_BY], "served_by = %d is not a hypervisor core; pick "
	    "one of the [hypervisor] cores (%s)", (int)cpu, list);
}

static bool check_device_twice(struct vctx *v, uint32_t pi, uint32_t di)
{
	const struct manifest_device *dev = &v->m->part[pi].device[di];
	for (uint32_t i = 0; i <= pi; i++) {
		const struct manifest_partition *q = &v->m->part[i];
		uint32_t n = i == pi ? di : q->ndevices;
		for (uint32_t j = 0; j < n && j < MANIFEST_MAX_DEVICES; j++) {
			if (strcmp(q->device[j].name, dev->name) != 0)
				continue;
			if (i == pi)
				err(v, dev->pos, "device \"%s\" is listed twice; remove one",
				    dev->name);
			else
				err(v, dev->pos, "device \"%s\" is already assigned to partition "
				    "`%s` (line %u); a device can belong to one partition only",
				    dev->name, q->name, q->device[j].pos.line);
			return true;
		}
	}
	return false;
}

static void check_devices(struct vctx *v, uint32_t pi)
{
	const struct manifest_partition *p = &v->m->part[pi];
	for (uint32_t i = 0; i < p->ndevices && i < MANIFEST_MAX_DEVICES; i++) {
		const struct manifest_device *dev = &p->device[i];
		if (check_device_twice(v, pi, i))
			continue;
		if (dev->kind != MANIFEST_DEV_LEGACY)
			err(v, dev->pos, "device %s: only the legacy UARTs (com1 to com4) can be "
			    "assigned in this build; PCI devices need the IOMMU work", dev->name);
		else if (dev->com == 1 && v->m->hv.console == MANIFEST_CONSOLE_COM1)
			err(v, dev->pos, "com1 is the hypervisor console; set [hypervisor] "
			    "console = \"none\" to give it to a partition");
		else if (dev->com == 1)
			err(v, dev->pos, "com1 cannot be assigned to a partition in this build "
			    "(it stays the hypervisor's); assign com2, com3 or com4");
		else if (p->interrupts != MANIFEST_IRQ_EXITLESS)
			err(v, dev->pos, "device %s: an assigned device delivers its interrupts "
			    "straight into the guest, which needs interrupts = \"exitless\" (and "
			    "mode = \"dedicated\"); remove the device or change `interrupts`",
			    dev->name);
	}
}

static void check_partition(struct vctx *v, uint32_t i)
{
	const struct manifest_partition *p = &v->m->part[i];
	check_name(v, i);
	claim_cores(v, p->cores, (int16_t)i);
	check_cpus(v, p);
	check_policies(v, p);
	check_memory(v, p);
	check_images(v, p);
	check_served_by(v, p);
	check_devices(v, i);
}

int manifest_validate(const struct manifest *m, const struct manifest_machine *mach,
		      struct manifest_diags *diags)
{
	struct vctx v;
	uint32_t errors = diags->errors;
	memset(&v, 0, sizeof(v));
	v.m = m;
	v.mach = mach;
	v.d = diags;
	for (uint32_t i = 0; i < MANIFEST_MAX_CPUS; i++)
		v.owner[i] = OWNER_NONE;
	check_hv(&v);
	for (uint32_t i = 0; i < m->npartitions && i < MANIFEST_MAX_PARTITIONS; i++)
		check_partition(&v, i);
	return (int)(diags->errors - errors);
}
