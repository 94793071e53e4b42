/* SPDX-License-Identifier: BSD-2-Clause */
/* Virtual interrupt delivery to one vCPU: pending vectors, virtual NMIs, logical IDs. */
#ifndef APIC_VDELIVER_H
#define APIC_VDELIVER_H

#include "hv/lib/types.h"

struct vcpu;

/* Any core: makes vector pending for v (an IPI or a device) and makes v's core look at it. */
void vlapic_post(struct vcpu *v, uint8_t vector);
/* Any core: a guest NMI for v, injected as a virtual NMI at its next entry. */
void vcpu_post_nmi(struct vcpu *v);
/* The guest's logical destination (x2APIC LDR) of a vCPU. */
uint32_t vapic_ldr(uint32_t index);

#endif
