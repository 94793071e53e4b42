/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's view of its local APIC (x2APIC): base MSR and ICR for INIT-SIPI-SIPI. */
#include "apic/vicr.h"
#include "hv/exit/exit.h"
#include "hv/partition/partition.h"
#include "hv/partition/lifecycle.h"
#include "hv/cpu.h"
#include "hv/percpu.h"
#include "apic/lapic.h"
#include "apic/vdeliver.h"
#include "apic/vdest.h"

/* The vCPUs an ICR value names: shorthands (self, all including self, all excluding self) or
 * the destination field, physical or logical (SDM 11.6.1). */
static uint32_t icr_targets(const struct vcpu *self, uint64_t icr, bool x2apic)
{
	const struct partition *p = self->part;
	uint32_t all = p->nvcpus >= 32 ? ~0u : (1u << p->nvcpus) - 1, me = 1u << self->index;
	uint32_t dest = x2apic ? (uint32_t)(icr >> 32) : (uint32_t)(icr >> 56);
	switch ((icr >> 18) & 3) {
	case 1: return me;
	case 2: return all;
	case 3: return all & ~me;
	default: return vdest_match(p, dest, (icr >> 11) & 1, x2apic);
	}
}

/* An INIT with trigger level and level de-assert (bit 15 set, bit 14 clear) is the legacy
 * "INIT level de-assert": it does nothing (SDM 11.6.1). */
static bool init_deassert(uint64_t icr)
{
	return ((icr >> 8) & 7) == DM_INIT && (icr & (1u << 15)) && !(icr & (1u << 14));
}

static void send_icr(struct exit_ctx *x, uint64_t icr, bool x2apic)
{
	struct vcpu *self = x->vcpu;
	struct partition *p = self->part;
	uint32_t mode = (icr >> 8) & 7, targets = icr_targets(self, icr, x2apic);
	uint8_t vector = (uint8_t)icr;
	if (init_deassert(icr))
		return;
	if ((mode == DM_FIXED || mode == DM_LOWEST) && vector < 16) {
		self->vlapic.esr_pending |= ESR_SEND_ILLEGAL_VECTOR;
		return;
	}
	if (mode == DM_LOWEST)
		targets = vdest_lowest_priority(p, targets);
	if (!vapic_send(p, targets, mode, vector, false))
		p->dropped_ipis++; /* aimed outside the partition, or at nobody who could take it */
}

void vapic_write_icr(struct exit_ctx *x, uint64_t v)
{
	if (!(x->vcpu->apic_base & APIC_BASE_EXTD)) {
		exit_inject_gp(x); /* the ICR MSR exists only in x2APIC mode */
		return;
	}
	*vlapic_reg(&x->vcpu->vlapic, VLAPIC_ICR) = (uint32_t)v & ~(1u << 12); /* read back, idle */
	*vlapic_reg(&x->vcpu->vlapic, VLAPIC_ICR + 0x10) = (uint32_t)(v >> 32);
	send_icr(x, v, true);
}

uint64_t vapic_read_icr(struct exit_ctx *x)
{
	struct vlapic *a = &x->vcpu->vlapic;
	return ((uint64_t)vlapic_get(a, VLAPIC_ICR + 0x10) << 32) | vlapic_get(a, VLAPIC_ICR);
}

void vapic_write_icr_xapic(struct exit_ctx *x, uint64_t v) { send_icr(x, v, false); }

bool vapic_icr_fast(struct vcpu *v)
{
	uint64_t icr = ((uint64_t)(uint32_t)v->regs.rdx << 32) | (uint32_t)v->regs.rax;
	uint32_t dest = (uint32_t)(icr >> 32);
	const struct partition *p = v->part;
	/* fixed, physical, no shorthand, edge, a legal vector, a running vCPU of the partition */
	if ((icr & 0xCCF00u) || (uint8_t)icr < 16 || dest >= p->nvcpus)
		return false;
	const struct vcpu *t = p->vcpu[dest];
	if (t->state != VCPU_RUNNING)
		return false;
	lapic_send_fixed(p->core_apic_id[dest], (uint8_t)icr);
	return true;
}

/* SVR and the LVTs other than the timer: kept in the vCPU's APIC page, never written to the
 * hardware (the hypervisor keeps the core's APIC enabled and its LINT/error entries). */
static bool kept_register(uint32_t msr)
{
	return msr == 0x80F || (msr >= 0x833 && msr <= 0x837);
}

/* The bits software can set in each LVT entry (SDM figure "Local Vector Table"): vector,
 * delivery mode where the entry has one, polarity and trigger for LINT0/1, timer mode, mask. */
static const struct { uint32_t offset, writable; } lvt_bits[] = {
	{ VLAPIC_LVT_CMCI, 0x107FF }, { VLAPIC_LVT_TIMER, 0x700FF }, { 0x330, 0x107FF } /* thermal */,
	{ 0x340, 0x107FF } /* PMC */, { 0x350, 0x1A7FF } /* LINT0 */, { 0x360, 0x1A7FF } /* LINT1 */,
	{ 0x370, 0x100FF } /* error */,
};

#define LVT_MASKED (1u << 16)
#define SVR_ENABLED (1u << 8)

bool vapic_software_enabled(struct vlapic *a) { return *vlapic_reg(a, VLAPIC_SVR) & SVR_ENABLED; }

uint32_t vapic_lvt_value(struct vlapic *a, uint32_t offset, uint32_t v)
{
	uint32_t writable = 0;
	for (unsigned i = 0; i < ARRAY_SIZE(lvt_bits); i++)
		if (lvt_bits[i].offset == offset)
			writable = lvt_bits[i].writable;
	v &= writable;
	return vapic_software_enabled(a) ? v : v | LVT_MASKED; /* SDM 11.4.7.2 */
}

/* SVR: vector, APIC software enable; clearing the enable masks every LVT entry. */
void vapic_write_svr(struct vlapic *a, uint32_t v)
{
	*vlapic_reg(a, VLAPIC_SVR) = v & 0x1FF;
	if (v & SVR_ENABLED)
		return;
	for (unsigned i = 0; i < ARRAY_SIZE(lvt_bits); i++)
		*vlapic_reg(a, lvt_bits[i].offset) |= LVT_MASKED;
}

uint64_t vapic_read_reg(struct exit_ctx *x, uint32_t msr)
{
	if (msr == 0x80D)
		return vapic_ldr(x->vcpu->index);
	return kept_register(msr) ? *vlapic_reg(&x->vcpu->vlapic, (msr - 0x800) << 4) : 0;
}

void vapic_write_reg(struct exit_ctx *x, uint32_t msr, uint64_t v)
{
	struct vlapic *a = &x->vcpu->vlapic;
	uint32_t offset = (msr - 0x800) << 4;
	if (msr == 0x80F)
		vapic_write_svr(a, (uint32_t)v);
	else if (kept_register(msr))
		*vlapic_reg(a, offset) = vapic_lvt_value(a, offset, (uint32_t)v);
}

void vapic_release_core(void)
{
	wrmsr(0x832, 1u << 16); /* LVT timer masked */
	wrmsr(0x838, 0);
	wrmsr(0x6E0, 0);
	wrmsr(0x808, 0);
	for (int i = 0; i < 256 && (rdmsr(0x810 + 7) | rdmsr(0x810 + 6) | rdmsr(0x810 + 5) | rdmsr(0x810 + 4) |
				  rdmsr(0x810 + 3) | rdmsr(0x810 + 2) | rdmsr(0x810 + 1)); i++)
		wrmsr(0x80B, 0); /* EOI what the guest left in service */
}
