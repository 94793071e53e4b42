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

/* A fixed IPI goes to the target's physical core as a real IPI: with external-interrupt
 * exiting off the target takes it through its own IDT, no exit on either side. */
static void deliver(struct exit_ctx *x, struct vcpu *target, uint32_t mode, uint8_t vector)
{
	struct partition *p = x->vcpu->part;
	if (mode == 5) /* INIT */
		vcpu_receive_init(target);
	else if (mode == 6) /* STARTUP */
		vcpu_receive_sipi(target, vector);
	else if (mode == 0 && vector >= 16 && target->exitless && target->state == VCPU_RUNNING)
		lapic_send_fixed(percpu_of(target->cpu)->apic_id, vector);
	else if (mode == 0 && vector >= 16 && !target->exitless && target->state == VCPU_RUNNING)
		vlapic_post(target, vector); /* the emulated APIC injects it at the target's next entry */
	else if (mode == 4 && target->state == VCPU_RUNNING)
		vcpu_post_nmi(target); /* a virtual NMI: the core's real NMIs stay the hypervisor's */
	else
		p->dropped_ipis++; /* NMI/SMI/lowest-priority modes, or a vCPU that is not running */
}

static bool targets(const struct exit_ctx *x, const struct vcpu *t, uint32_t shorthand, bool logical,
		    uint32_t dest)
{
	switch (shorthand) {
	case 1: return t == x->vcpu;
	case 2: return true;
	case 3: return t != x->vcpu;
	default:
		if (!logical)
			return t->index == dest;
		uint32_t ldr = vapic_ldr(t->index);
		return (ldr >> 16) == (dest >> 16) && (ldr & dest & 0xFFFF);
	}
}

static void send_icr(struct exit_ctx *x, uint64_t v);

void vapic_write_icr(struct exit_ctx *x, uint64_t v)
{
	if (!(x->vcpu->apic_base & APIC_BASE_EXTD)) {
		exit_inject_gp(x); /* the ICR MSR exists only in x2APIC mode */
		return;
	}
	send_icr(x, v);
}

void vapic_write_icr_xapic(struct exit_ctx *x, uint64_t v) { send_icr(x, v); }

static void send_icr(struct exit_ctx *x, uint64_t v)
{
	struct partition *p = x->vcpu->part;
	uint32_t mode = (v >> 8) & 7, shorthand = (v >> 18) & 3, dest = (uint32_t)(v >> 32);
	bool logical = (v >> 11) & 1;
	uint8_t vector = (uint8_t)v;
	uint32_t hits = 0;
	for (uint32_t i = 0; i < p->nvcpus; i++) {
		if (targets(x, p->vcpu[i], shorthand, logical, dest)) {
			deliver(x, p->vcpu[i], mode, vector);
			hits++;
		}
	}
	if (!hits)
		p->dropped_ipis++; /* aimed outside the partition */
}

/* SVR and the LVTs other than the timer: kept in the vCPU's APIC page, never written to the
 * hardware (the hypervisor keeps the core's APIC enabled and its LINT/error entries). */
static bool kept_register(uint32_t msr)
{
	return msr == 0x80F || msr == 0x82F || (msr >= 0x833 && msr <= 0x837);
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
static void write_svr(struct vlapic *a, uint32_t v)
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
		write_svr(a, (uint32_t)v);
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
