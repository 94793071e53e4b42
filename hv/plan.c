/* SPDX-License-Identifier: BSD-2-Clause */
/* The core plan: which CPU is a hypervisor core, which a guest core, who serves whom. */
#include "hv/plan.h"
#include "hv/console.h"
#include "hv/mailbox.h"
#include "hv/percpu.h"

static struct mailbox mailboxes[MAX_CPUS];

void plan_apply_default(uint32_t bsp_index)
{
	for (uint32_t i = 0; i < percpu_count(); i++) {
		struct percpu *p = percpu_of(i);
		p->partition = -1;
		if (i == bsp_index) {
			p->role = ROLE_HV;
			p->served_by = -1;
		} else if (p->online) {
			p->role = ROLE_GUEST;
			p->served_by = (int32_t)bsp_index;
		}
	}
}

void plan_attach_mailboxes(void)
{
	for (uint32_t i = 0; i < percpu_count(); i++) {
		struct percpu *p = percpu_of(i);
		if (p->role == ROLE_GUEST) {
			mailbox_init(&mailboxes[i]);
			p->mbox = &mailboxes[i];
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
	hv_info("core plan:\n");
	hv_info("  CPU  APIC ID  role        served by\n");
	for (uint32_t i = 0; i < percpu_count(); i++) {
		struct percpu *p = percpu_of(i);
		if (p->role == ROLE_GUEST)
			hv_info("  %3u  %7u  %-10s  CPU %d\n", i, p->apic_id, role_name(p), p->served_by);
		else
			hv_info("  %3u  %7u  %-10s  -\n", i, p->apic_id, role_name(p));
	}
}
