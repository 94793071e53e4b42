/* SPDX-License-Identifier: BSD-2-Clause */
/* The emulated local APIC (interrupts = "emulated"): x2APIC registers, timer, injection. */
#include "apic/vlapic.h"
#include "apic/lapic.h"
#include "hv/cpu.h"
#include "hv/exit.h"
#include "hv/partition.h"
#include "hv/percpu.h"
#include "hv/string.h"
#include "hv/vcpu.h"
#include "hv/vapic.h"
#include "vmx/vmx.h"

#define LVT_MASKED (1u << 16)
#define TIMER_MODE(lvt) (((lvt) >> 17) & 3) /* 0 one-shot, 1 periodic, 2 TSC deadline */
#define PROC_INTR_WINDOW (1u << 2)

void vlapic_reset(struct vlapic *a)
{
	memset(a, 0, sizeof(*a));
	a->lvt_timer = LVT_MASKED;
}

static int highest(const uint32_t *bits)
{
	for (int w = 7; w >= 0; w--)
		if (bits[w])
			return w * 32 + 31 - __builtin_clz(bits[w]);
	return -1;
}

static void set_bit(uint32_t *bits, int v) { bits[v / 32] |= 1u << (v % 32); }
static void clear_bit(uint32_t *bits, int v) { bits[v / 32] &= ~(1u << (v % 32)); }

static uint32_t ppr(const struct vlapic *a)
{
	int isr = highest(a->isr);
	uint32_t isrv = isr < 0 ? 0 : (uint32_t)isr & 0xF0;
	return (a->tpr & 0xF0) > isrv ? a->tpr & 0xFF : isrv;
}

static void arm_timer(struct vlapic *a)
{
	a->expiry = 0;
	a->period = 0;
	if (TIMER_MODE(a->lvt_timer) == 2) {
		a->expiry = a->tsc_deadline;
	} else if (a->init_count) {
		uint64_t ticks = (uint64_t)a->init_count << a->divide_shift; /* one APIC tick = one TSC tick */
		a->expiry = rdtsc() + ticks;
		if (TIMER_MODE(a->lvt_timer) == 1)
			a->period = ticks;
	}
}

static uint32_t divide_shift(uint32_t dcr)
{
	uint32_t code = (dcr & 3) | ((dcr >> 1) & 4); /* bits 0, 1, 3 */
	return code == 7 ? 0 : code + 1;
}

static uint32_t current_count(const struct vlapic *a)
{
	uint64_t now = rdtsc();
	if (!a->expiry || TIMER_MODE(a->lvt_timer) == 2 || now >= a->expiry)
		return 0;
	return (uint32_t)((a->expiry - now) >> a->divide_shift);
}

bool vlapic_rdmsr(struct exit_ctx *x, uint32_t msr, uint64_t *v)
{
	struct vlapic *a = &x->vcpu->vlapic;
	if (msr >= 0x810 && msr <= 0x817) {
		*v = a->isr[msr - 0x810];
		return true;
	}
	if (msr >= 0x818 && msr <= 0x81F) {
		*v = 0; /* every interrupt is edge-triggered here */
		return true;
	}
	if (msr >= 0x820 && msr <= 0x827) {
		*v = a->irr[msr - 0x820];
		return true;
	}
	switch (msr) {
	case 0x808: *v = a->tpr; return true;
	case 0x80A: *v = ppr(a); return true;
	case 0x828: *v = a->esr; return true;
	case 0x832: *v = a->lvt_timer; return true;
	case 0x838: *v = a->init_count; return true;
	case 0x839: *v = current_count(a); return true;
	case 0x83E: *v = a->divide_shift; return true;
	case 0x6E0: *v = TIMER_MODE(a->lvt_timer) == 2 ? a->tsc_deadline : 0; return true;
	default: return false;
	}
}

bool vlapic_wrmsr(struct exit_ctx *x, uint32_t msr, uint64_t v)
{
	struct vlapic *a = &x->vcpu->vlapic;
	switch (msr) {
	case 0x808: a->tpr = (uint32_t)v & 0xFF; return true;
	case 0x80B: { /* EOI */
		int top = highest(a->isr);
		if (top >= 0)
			clear_bit(a->isr, top);
		return true;
	}
	case 0x828: a->esr = 0; return true;
	case 0x832: a->lvt_timer = (uint32_t)v & 0x700FF; arm_timer(a); return true;
	case 0x838: a->init_count = (uint32_t)v; arm_timer(a); return true;
	case 0x83E: a->divide_shift = divide_shift((uint32_t)v); return true;
	case 0x83F: if ((v & 0xFF) >= 16) set_bit(a->irr, (int)(v & 0xFF)); return true; /* SELF IPI */
	case 0x6E0: a->tsc_deadline = v; arm_timer(a); return true;
	default: return false;
	}
}

void vlapic_post(struct vcpu *v, uint8_t vector)
{
	__atomic_fetch_or(&v->vlapic.pending[vector / 32], 1u << (vector % 32), __ATOMIC_RELEASE);
	if (v->state == VCPU_RUNNING && v->cpu != this_cpu()->index)
		lapic_send_nmi(percpu_of(v->cpu)->apic_id); /* make it exit and look */
}

static void merge_pending(struct vlapic *a)
{
	for (int w = 0; w < 8; w++)
		if (__atomic_load_n(&a->pending[w], __ATOMIC_ACQUIRE))
			a->irr[w] |= __atomic_exchange_n(&a->pending[w], 0, __ATOMIC_ACQ_REL);
}

static void fire_timer(struct vlapic *a)
{
	if (!a->expiry || rdtsc() < a->expiry)
		return;
	if (!(a->lvt_timer & LVT_MASKED) && (a->lvt_timer & 0xFF) >= 16)
		set_bit(a->irr, (int)(a->lvt_timer & 0xFF));
	a->expiry = a->period ? a->expiry + a->period : 0;
	if (TIMER_MODE(a->lvt_timer) == 2)
		a->tsc_deadline = 0;
}

static int deliverable(const struct vlapic *a)
{
	int v = highest(a->irr);
	return v >= 0 && ((uint32_t)v & 0xF0) > (ppr(a) & 0xF0) ? v : -1;
}

static void set_window(bool on)
{
	uint64_t proc = vmread(VMCS_PROC_CTLS);
	vmwrite(VMCS_PROC_CTLS, on ? proc | PROC_INTR_WINDOW : proc & ~(uint64_t)PROC_INTR_WINDOW);
}

uint64_t vlapic_prepare_entry(struct vcpu *v)
{
	struct vlapic *a = &v->vlapic;
	merge_pending(a);
	fire_timer(a);
	int vec = deliverable(a);
	if (vec >= 0 && !(vmread(VMCS_ENTRY_INTR_INFO) & (1u << 31))) {
		bool open = (vmread(VMCS_GUEST_RFLAGS) & (1u << 9)) && !(vmread(VMCS_GUEST_INTERRUPTIBILITY) & 3);
		if (open) {
			vmwrite(VMCS_ENTRY_INTR_INFO, (uint32_t)vec | (1u << 31)); /* external interrupt */
			clear_bit(a->irr, vec);
			set_bit(a->isr, vec);
			a->injected++;
		} else {
			set_window(true); /* exit as soon as the guest can take it */
		}
	}
	if (!a->expiry)
		return UINT64_MAX;
	uint64_t now = rdtsc();
	return a->expiry > now ? a->expiry - now : 0;
}

void vlapic_handle_interrupt_window(void) { set_window(false); }

/* HLT in emulated mode: wait on this core until something is deliverable (or the partition
 * stops), then complete the HLT. Halt-polling and giving the core away come with shared mode. */
void vlapic_handle_hlt(struct vcpu *v)
{
	struct vlapic *a = &v->vlapic;
	for (;;) {
		merge_pending(a);
		fire_timer(a);
		bool if_on = vmread(VMCS_GUEST_RFLAGS) & (1u << 9);
		if ((if_on && deliverable(a) >= 0) || v->nmi_pending || v->part->state != PART_RUNNING)
			break;
		cpu_pause();
	}
	vmwrite(VMCS_GUEST_RIP, vmread(VMCS_GUEST_RIP) + vmread(VMCS_EXIT_INSN_LEN));
}

void vcpu_post_nmi(struct vcpu *v)
{
	__atomic_store_n(&v->nmi_pending, 1, __ATOMIC_RELEASE);
	if (v->cpu != this_cpu()->index)
		lapic_send_nmi(percpu_of(v->cpu)->apic_id); /* make it exit and inject */
}

void vcpu_inject_nmi(struct vcpu *v)
{
	if (!__atomic_load_n(&v->nmi_pending, __ATOMIC_ACQUIRE) || (vmread(VMCS_ENTRY_INTR_INFO) & (1u << 31)))
		return;
	if (vmread(VMCS_GUEST_INTERRUPTIBILITY) & (8 | 2 | 1)) /* blocked by NMI, MOV SS or STI */
		return;
	vmwrite(VMCS_ENTRY_INTR_INFO, 2 | (2u << 8) | (1u << 31)); /* NMI, vector 2 */
	__atomic_store_n(&v->nmi_pending, 0, __ATOMIC_RELEASE);
}

/* The xAPIC MMIO page as the x2APIC MSRs: register at offset o is MSR 0x800 + o / 16, except
 * the ID (bits 31:24 in xAPIC), the destination format register and the split ICR. */
uint32_t vlapic_mmio(struct exit_ctx *x, uint32_t offset, bool write, uint32_t value)
{
	struct vcpu *v = x->vcpu;
	uint32_t msr = 0x800 + (offset >> 4);
	uint64_t r = 0;
	if (offset == 0x20)
		return write ? 0 : v->index << 24;
	if (offset == 0xE0)
		return write ? 0 : 0xFFFFFFFFu; /* flat model */
	if (offset == 0x310) {
		if (write)
			v->xapic_icr_high = value;
		return v->xapic_icr_high;
	}
	if (offset == 0x300) {
		if (write)
			vapic_write_icr_xapic(x, ((uint64_t)(v->xapic_icr_high >> 24) << 32) | value);
		return 0;
	}
	if (write) {
		vlapic_wrmsr(x, msr, value);
		return 0;
	}
	if (vlapic_rdmsr(x, msr, &r))
		return (uint32_t)r;
	return (uint32_t)vapic_read_reg(x, msr);
}
