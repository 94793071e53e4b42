/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's view of its local APIC: the ICR (INIT-SIPI-SIPI, IPIs), SVR and the LVTs it does not own. */
#ifndef APIC_VICR_H
#define APIC_VICR_H

#include "hv/partition/vcpu.h"


/* WRMSR x2APIC ICR: INIT and SIPI to vCPUs of the same partition start them as on a
 * PC; anything aimed outside the partition is dropped and counted. */
void vapic_write_icr(struct exit_ctx *x, uint64_t v);
/* RDMSR x2APIC ICR: the last value written (delivery status idle). */
uint64_t vapic_read_icr(struct exit_ctx *x);

/* WRMSR/RDMSR of the x2APIC registers that exit but only matter to the guest (SVR, LVTs). */
uint64_t vapic_read_reg(struct exit_ctx *x, uint32_t msr);
void vapic_write_reg(struct exit_ctx *x, uint32_t msr, uint64_t v);
/* The same from the xAPIC MMIO ICR (emulated mode; no x2APIC mode check). */
void vapic_write_icr_xapic(struct exit_ctx *x, uint64_t v);
/* Guest core, exitless mode, WRMSR to the x2APIC ICR (value in the vCPU's EDX:EAX): the common
 * IPI (fixed, physical, one running vCPU) sent at once through the partition's table of core
 * APIC IDs; false: not that case, take the full exit path. */
bool vapic_icr_fast(struct vcpu *v);
/* SVR: vector and software enable; clearing the enable masks every LVT entry (SDM 11.4.7.2). */
void vapic_write_svr(struct vlapic *a, uint32_t v);
/* Whether the APIC is software-enabled (SVR bit 8). */
bool vapic_software_enabled(struct vlapic *a);
/* What an LVT entry at offset holds after a write of v: the entry's writable bits, and masked
 * while the APIC is software-disabled (SDM 11.4.7.2). */
uint32_t vapic_lvt_value(struct vlapic *a, uint32_t offset, uint32_t v);
/* On a guest core whose partition stopped: mask the timer, clear the deadline, EOI what is
 * in service, so the next guest starts from a quiet APIC. */
void vapic_release_core(void);

#endif
