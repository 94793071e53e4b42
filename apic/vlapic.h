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
/* The register interface (apic/vlapic_regs.c) works on the state through these. */
void vlapic_arm_timer(struct vlapic *a);
uint32_t vlapic_current_count(struct vlapic *a);
void vlapic_set_divide(struct vlapic *a, uint32_t dcr);
uint32_t vlapic_ppr(struct vlapic *a);
/* EOI of the highest vector in service (a level-triggered one also ends at the IOAPIC). */
void vlapic_eoi(struct vcpu *v);
/* Guest core, after an exit while the PV EOI flag was set: a flag the guest cleared is its EOI
 * of the vector in service (KVM's PV EOI; the flag is set again, or not, at the next entry). */
void vlapic_pv_eoi_from_guest(struct vcpu *v);
/* APIC virtualization completed the EOI of a level-triggered vector itself (an EOI-induced exit). */
void vlapic_level_eoi(struct vcpu *v, uint8_t vector);
/* SELF IPI: vector straight into IRR (ESR "send illegal vector" below 16). */
void vlapic_self_ipi(struct vlapic *a, uint8_t vector);
/* Guest core, before each entry: timer, merging, then injection (or an interrupt window), or
 * with APIC virtualization the requesting vector (RVI) for the CPU to deliver itself.
 * Returns the TSC ticks until the virtual timer fires (UINT64_MAX: none). */
uint64_t vlapic_prepare_entry(struct vcpu *v);
/* A halted vCPU would run on: an interrupt it can take (if_on: RFLAGS.IF), an NMI, a kick,
 * an INIT or its partition stopping. Its home core only (it merges what others posted). */
bool vlapic_wake_pending(struct vcpu *v, bool if_on);
/* Host TSC when its APIC timer fires next; UINT64_MAX: not armed. */
uint64_t vlapic_timer_due(const struct vcpu *v);
/* Guest core: the exits that belong to the emulated APIC (HLT, interrupt window). */
void vlapic_handle_hlt(struct vcpu *v);
void vlapic_handle_interrupt_window(void);
/* Guest core, before each entry: injects a pending virtual NMI when the guest can take it. */
void vcpu_inject_nmi(struct vcpu *v);

#endif
