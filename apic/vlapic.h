/* SPDX-License-Identifier: BSD-2-Clause */
/* The emulated local APIC (interrupts = "emulated"): x2APIC registers, timer, injection. */
#ifndef APIC_VLAPIC_H
#define APIC_VLAPIC_H

#include "hv/types.h"

struct vcpu;
struct exit_ctx;

struct vlapic {
	uint32_t tpr, esr;
	uint32_t lvt_timer;
	uint32_t init_count, divide_shift;
	uint64_t tsc_deadline;
	uint64_t expiry;        /* TSC at which the timer fires; 0 = not armed */
	uint64_t period;        /* periodic mode: ticks between firings */
	uint32_t irr[8], isr[8];
	uint32_t pending[8];    /* set by other cores (IPIs), merged into irr before entry */
	uint64_t injected;      /* interrupts injected */
};

void vlapic_reset(struct vlapic *a);
/* x2APIC MSR accesses that exit in emulated mode; false when msr is not a vlapic register. */
bool vlapic_rdmsr(struct exit_ctx *x, uint32_t msr, uint64_t *v);
bool vlapic_wrmsr(struct exit_ctx *x, uint32_t msr, uint64_t v);
/* Any core: makes vector pending for v (an IPI or a device) and makes v's core look at it. */
void vlapic_post(struct vcpu *v, uint8_t vector);
/* Guest core, before each entry: timer, merging, injection or an interrupt window.
 * Returns the preemption-timer ticks until the virtual timer fires (UINT64_MAX: none). */
uint64_t vlapic_prepare_entry(struct vcpu *v);
/* Any core: a guest NMI for v, injected as a virtual NMI at its next entry. */
void vcpu_post_nmi(struct vcpu *v);
/* Guest core, before each entry: injects a pending virtual NMI when the guest can take it. */
void vcpu_inject_nmi(struct vcpu *v);
/* xAPIC MMIO (emulated mode): a 32-bit access at offset in the APIC page. */
uint32_t vlapic_mmio(struct exit_ctx *x, uint32_t offset, bool write, uint32_t value);
/* Guest core: the exits that belong to the emulated APIC (HLT, interrupt window). */
void vlapic_handle_hlt(struct vcpu *v);
void vlapic_handle_interrupt_window(void);

#endif
