/* SPDX-License-Identifier: BSD-2-Clause */
/* IA32_APIC_BASE: the guest APIC's mode (disabled, xAPIC, x2APIC) and its MMIO base (SDM 11.4.4, 11.12.5). */
#ifndef APIC_VBASE_H
#define APIC_VBASE_H

#include "hv/partition/vcpu.h"

/* WRMSR IA32_APIC_BASE: the legal mode transitions and a new base; #GP for reserved bits, the
 * invalid state (EXTD without EN) and the illegal transitions (x2APIC -> xAPIC, disabled ->
 * x2APIC). Disabling resets the APIC to its power-up state, as a re-enable finds it. */
void vapic_write_base(struct exit_ctx *x, uint64_t v);
/* The guest-physical page of v's xAPIC registers when its APIC is in xAPIC mode, else ~0. */
uint64_t vapic_xapic_page(const struct vcpu *v);

#endif
