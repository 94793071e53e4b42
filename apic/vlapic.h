/* SPDX-License-Identifier: BSD-2-Clause */
/* The emulated local APIC (interrupts = "emulated"): x2APIC registers, timer, injection;
 * its registers live in a virtual-APIC page, which APIC virtualization uses where present. */
#ifndef APIC_VLAPIC_H
#define APIC_VLAPIC_H

#include "hv/lib/types.h"

struct vcpu;
struct exit_ctx;

struct vlapic {
	uint32_t *page;         /* the virtual-APIC page: register at offset o is page[o / 4] */
	uint64_t page_pa;
	bool apicv;             /* virtual-interrupt delivery and register virtualization in use */
	uint32_t divide_shift;
	uint64_t tsc_deadline;
	uint64_t expiry;        /* TSC at which the timer fires; 0 = not armed */
	uint64_t period;        /* periodic mode: ticks between firings */
	uint32_t pending[8];    /* set by other cores (IPIs), merged into IRR before entry */
};

/* Register offsets in the (x)APIC page; the x2APIC MSR is 0x800 + offset / 16. */
enum {
	VLAPIC_ID = 0x20, VLAPIC_VERSION = 0x30, VLAPIC_TPR = 0x80, VLAPIC_PPR = 0xA0,
	VLAPIC_LDR = 0xD0, VLAPIC_SVR = 0xF0, VLAPIC_ISR = 0x100, VLAPIC_TMR = 0x180,
	VLAPIC_IRR = 0x200, VLAPIC_ESR = 0x280, VLAPIC_LVT_CMCI = 0x2F0, VLAPIC_ICR = 0x300,
	VLAPIC_LVT_TIMER = 0x320, VLAPIC_INIT_COUNT = 0x380, VLAPIC_CUR_COUNT = 0x390,
	VLAPIC_DIVIDE = 0x3E0,
};

/* Allocates (once) and resets v's virtual-APIC page: ID, version, LDR, masked LVTs. */
bool vlapic_reset(struct vcpu *v);
static inline uint32_t *vlapic_reg(struct vlapic *a, uint32_t offset) { return &a->page[offset / 4]; }
/* x2APIC MSR accesses that exit in emulated mode; false when msr is not a vlapic register. */
bool vlapic_rdmsr(struct exit_ctx *x, uint32_t msr, uint64_t *v);
bool vlapic_wrmsr(struct exit_ctx *x, uint32_t msr, uint64_t v);
/* Any core: makes vector pending for v (an IPI or a device) and makes v's core look at it. */
void vlapic_post(struct vcpu *v, uint8_t vector);
/* Guest core, before each entry: timer, merging, then injection (or an interrupt window), or
 * with APIC virtualization the requesting vector (RVI) for the CPU to deliver itself.
 * Returns the TSC ticks until the virtual timer fires (UINT64_MAX: none). */
uint64_t vlapic_prepare_entry(struct vcpu *v);
/* Guest core: the exits that belong to the emulated APIC (HLT, interrupt window). */
void vlapic_handle_hlt(struct vcpu *v);
void vlapic_handle_interrupt_window(void);
/* Any core: a guest NMI for v, injected as a virtual NMI at its next entry. */
void vcpu_post_nmi(struct vcpu *v);
/* Guest core, before each entry: injects a pending virtual NMI when the guest can take it. */
void vcpu_inject_nmi(struct vcpu *v);
/* xAPIC MMIO (emulated mode): a 32-bit access at offset in the APIC page. */
uint32_t vlapic_mmio(struct exit_ctx *x, uint32_t offset, bool write, uint32_t value);

#endif
