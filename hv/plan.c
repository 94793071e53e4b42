/* SPDX-License-Identifier: BSD-2-Clause */
/* The core plan applied to the CPUs: roles, partitions, who serves whom; mailboxes. */
#include "hv/plan.h"
#include "hv/console.h"
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

void plan_print(void)
{
	const struct manifest *m = manifest_active();
	hv_info("core plan:\n");
	hv_info("  CPU  APIC ID  role        partition         served by\n");
	for (uint32_t i = 0; i < percpu_count(); i++) {
		struct percpu *p = percpu_of(i);
		const char *part = p->partition >= 0 ? m->part[p->partition].name : "-";
		if (p->role == ROLE_GUEST)
			hv_info("  %3u  %7u  %-10s  %-16s  CPU %d\n", i, p->apic_id, role_name(p), part, p->served_by);
		else
			hv_info("  %3u  %7u  %-10s  %-16s  -\n", i, p->apic_id, role_name(p), part);
	}
}
