/* SPDX-License-Identifier: BSD-2-Clause */
/* The core plan applied to the CPUs: roles, partitions, who serves whom; mailboxes. */
#include "hv/plan.h"
#include "hv/console.h"
#include "hv/cpu.h"
#include "hv/lib/fmt.h"
#include "hv/mm/frame.h"
#include "hv/panic.h"
#include "hv/mailbox.h"
#include "hv/manifest/manifest.h"
#include "hv/manifest/load.h"
#include "hv/percpu.h"

/* Mailboxes live in their own pages: the asynchronous ring makes them large. */
static struct mailbox *mailbox_alloc(void)
{
	uint64_t pages = ALIGN_UP(sizeof(struct mailbox), PAGE_SIZE) / PAGE_SIZE;
	uint64_t pa = frame_alloc(pages, PAGE_SIZE, 0);
	if (!pa)
		panic("out of memory for a %llu KiB mailbox", (unsigned long long)(pages * 4));
	struct mailbox *m = (struct mailbox *)(uintptr_t)pa;
	mailbox_init(m);
	return m;
}

void plan_apply(const struct manifest_plan *plan)
{
	for (uint32_t i = 0; i < percpu_count(); i++) {
		struct percpu *p = percpu_of(i);
		uint8_t role = i < plan->ncpus ? plan->role[i] : MANIFEST_ROLE_UNUSED;
		p->role = role == MANIFEST_ROLE_HV ? ROLE_HV : role == MANIFEST_ROLE_GUEST ? ROLE_GUEST : ROLE_NONE;
		p->partition = i < plan->ncpus ? plan->partition[i] : -1;
		p->served_by = i < plan->ncpus ? plan->served_by[i] : -1;
		p->shared = i < plan->ncpus && plan->shared[i];
		if (p->role == ROLE_GUEST)
			p->mbox = mailbox_alloc();
	}
	/* each hypervisor core's poll list, built once instead of scanned on every poll */
	for (uint32_t i = 0; i < percpu_count(); i++)
		percpu_of(i)->nserved = 0;
	for (uint32_t i = 0; i < percpu_count(); i++) {
		struct percpu *g = percpu_of(i);
		if (g->role == ROLE_GUEST && g->served_by >= 0) {
			struct percpu *hv = percpu_of((uint32_t)g->served_by);
			hv->served[hv->nserved++] = (uint8_t)i;
		}
	}
}

static const char *role_name(const struct percpu *p)
{
	if (!p->online)
		return "offline";
	switch (p->role) {
	case ROLE_HV: return "hypervisor";
	case ROLE_GUEST: return "guest";
	default: return "unused";
	}
}

/* A shared core's partitions, "a+b", in manifest order. */
static void shared_names(const struct manifest *m, uint32_t cpu, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = 0;
	for (uint32_t i = 0; i < m->npartitions && n + 1 < size; i++)
		for (uint32_t k = 0; k < m->part[i].cores.count; k++)
			if (manifest_core(m, m->part[i].cores, k) == cpu) {
				n += (size_t)fmt_snprintf(buf + n, size - n, "%s%s", n ? "+" : "", m->part[i].name);
				break;
			}
}

void plan_print(void)
{
	const struct manifest *m = manifest_active();
	hv_info("core plan:\n");
	hv_info("  CPU  APIC ID  role        partition         served by\n");
	for (uint32_t i = 0; i < percpu_count(); i++) {
		struct percpu *p = percpu_of(i);
		char part[64] = "-";
		if (p->shared)
			shared_names(m, i, part, sizeof(part));
		else if (p->partition >= 0)
			fmt_snprintf(part, sizeof(part), "%s", m->part[p->partition].name);
		const char *role = p->shared ? "shared" : role_name(p);
		if (p->role == ROLE_GUEST)
			hv_info("  %3u  %7u  %-10s  %-16s  CPU %d\n", i, p->apic_id, role, part, p->served_by);
		else
			hv_info("  %3u  %7u  %-10s  %-16s  -\n", i, p->apic_id, role, part);
	}
}

/* Who a CPU works for: the hypervisor (-2), a partition (its index; a shared core: its first
 * partition's), nobody (-1). */
static int32_t owner(const struct percpu *p)
{
	return p->role == ROLE_HV ? -2 : p->role == ROLE_GUEST ? p->partition : -1;
}

static const char *owner_name(const struct manifest *m, int32_t o)
{
	return o == -2 ? "the hypervisor" : o >= 0 ? m->part[o].name : "nobody";
}

bool plan_check_smt(void)
{
	const struct manifest *m = manifest_active();
	/* leaf 0xB, level 0 (SMT): how many APIC-ID bits select the thread, and how many threads a
	 * core has (one: no siblings, whatever the shift) */
	struct cpuid_regs smt = cpuid(0, 0).eax >= 0xB ? cpuid(0xB, 0) : (struct cpuid_regs){ 0, 0, 0, 0 };
	uint32_t shift = ((smt.ecx >> 8) & 0xFF) == 1 && (smt.ebx & 0xFFFF) > 1 ? smt.eax & 0x1F : 0;
	bool refuse = m->hv.smt == MANIFEST_SMT_REFUSE, found = false;
	for (uint32_t i = 0; shift && i < percpu_count(); i++)
		for (uint32_t j = i + 1; j < percpu_count(); j++) {
			const struct percpu *a = percpu_of(i), *b = percpu_of(j);
			if (a->apic_id >> shift != b->apic_id >> shift || owner(a) == owner(b) || owner(a) == -1 ||
			    owner(b) == -1)
				continue;
			found = true;
			log_printf(refuse ? LOG_ERROR : LOG_WARN, "core plan: CPUs %u and %u are SMT siblings of one "
				   "physical core but serve %s and %s: one can observe the other through the core's "
				   "shared caches and buffers; give both to the same owner%s\n", i, j,
				   owner_name(m, owner(a)), owner_name(m, owner(b)),
				   refuse ? " ([hypervisor] smt_siblings = \"refuse\")" :
					    ", or set [hypervisor] smt_siblings = \"refuse\" to make this an error");
		}
	return !(found && refuse);
}
