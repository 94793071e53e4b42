/* SPDX-License-Identifier: BSD-2-Clause */
/* Virtual interrupt delivery to vCPUs: pending vectors, virtual NMIs, INIT and STARTUP, logical IDs. */
#ifndef APIC_VDELIVER_H
#define APIC_VDELIVER_H

#include "hv/lib/types.h"

struct partition;
struct vcpu;

/* Any core: makes vector pending for v (an IPI or a device; level = level-triggered, its EOI
 * goes to the IOAPIC) and makes v's core look at it. */
void vlapic_post(struct vcpu *v, uint8_t vector, bool level);
/* Any core: a guest NMI for v, injected as a virtual NMI at its next entry. */
void vcpu_post_nmi(struct vcpu *v);
/* The guest's logical destination (x2APIC LDR) of a vCPU. */
uint32_t vapic_ldr(uint32_t index);
/* Delivers one interrupt message (delivery mode DM_*, vector, trigger) to every vCPU in
 * targets (bit i = vCPU i); returns how many took it. Fixed vectors below 16 are illegal. */
uint32_t vapic_send(struct partition *p, uint32_t targets, uint32_t mode, uint8_t vector, bool level);

#endif
