/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's view of its local APIC (x2APIC): base MSR and ICR for INIT-SIPI-SIPI. */
#include "hv/vapic.h"
#include "hv/exit.h"
#include "hv/partition.h"
#include "hv/partition_run.h"

void vapic_write_base(struct exit_ctx *x, uint64_t v)
{
	uint64_t keep = APIC_BASE_BSP | APIC_BASE_EXTD | APIC_BASE_EN;
	if ((v & ~keep) != VAPIC_DEFAULT_BASE || !(v & APIC_BASE_EN)) {
		exit_inject_gp(x); /* relocating or disabling the APIC is not offered */
		return;
	}
	x->vcpu->apic_base = (x->vcpu->apic_base & APIC_BASE_BSP) | (v & (APIC_BASE_EXTD | APIC_BASE_EN));
}

static void deliver(struct exit_ctx *x, struct vcpu *target, uint32_t mode, uint8_t vector)
{
	if (mode == 5) /* INIT */
		partition_vcpu_init(target);
	else if (mode == 6) /* STARTUP */
		partition_vcpu_sipi(target, vector);
	else
		x->vcpu->part->dropped_ipis++; /* fixed/NMI IPIs between vCPUs: not delivered yet */
}

void vapic_write_icr(struct exit_ctx *x, uint64_t v)
{
	struct partition *p = x->vcpu->part;
	uint32_t mode = (v >> 8) & 7, shorthand = (v >> 18) & 3, dest = (uint32_t)(v >> 32);
	uint8_t vector = (uint8_t)v;
	if (!(x->vcpu->apic_base & APIC_BASE_EXTD)) {
		exit_inject_gp(x); /* the ICR MSR exists only in x2APIC mode */
		return;
	}
	for (uint32_t i = 0; i < p->nvcpus; i++) {
		struct vcpu *t = p->vcpu[i];
		bool hit = shorthand == 0 ? t->index == dest : shorthand == 1 ? t == x->vcpu :
			   shorthand == 2 ? true : t != x->vcpu;
		if (hit)
			deliver(x, t, mode, vector);
	}
	if (shorthand == 0 && dest >= p->nvcpus)
		p->dropped_ipis++; /* aimed outside the partition */
}
