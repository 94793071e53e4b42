/* SPDX-License-Identifier: BSD-2-Clause */
/* The emulated local APIC (interrupts = "emulated"): x2APIC registers, timer, injection;
 * its registers live in a virtual-APIC page, which APIC virtualization uses where present. */
#ifndef APIC_VLAPIC_H
#define APIC_VLAPIC_H

#include "apic/vstate.h"

struct vcpu;
struct exit_ctx;

/* Allocates (once) and resets v's virtual-APIC page: ID, version, LDR, masked LVTs. */
bool vlapic_reset(struct vcpu *v);
/* x2APIC MSR accesses that exit in emulated mode; false when msr is not a vlapic register. */
bool vlapic_rdmsr(struct exit_ctx *x, uint32_t msr, uint64_t *v);
bool vlapic_wrmsr(struct exit_ctx *x, uint32_t msr, uint64_t v);
/* Guest core, before each entry: timer, merging, then injection (or an interrupt window), or
 * with APIC virtualization the requesting vector (RVI) for the CPU to deliver itself.
 * Returns the TSC ticks until the virtual timer fires (UINT64_MAX: none). */
uint64_t vlapic_prepare_entry(struct vcpu *v);
/* Guest core: the exits that belong to the emulated APIC (HLT, interrupt window). */
void vlapic_handle_hlt(struct vcpu *v);
void vlapic_handle_interrupt_window(void);
/* Guest core, before each entry: injects a pending virtual NMI when the guest can take it. */
void vcpu_inject_nmi(struct vcpu *v);
/* xAPIC MMIO (emulated mode): a 32-bit access at offset in the APIC page. */
uint32_t vlapic_mmio(struct exit_ctx *x, uint32_t offset, bool write, uint32_t value);

#endif
