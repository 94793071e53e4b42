/* SPDX-License-Identifier: BSD-2-Clause */
/* The emulated local APIC's registers as the guest reaches them: xAPIC MMIO and x2APIC MSRs,
 * one table of what each register is, who may read or write it and what a write does. */
#ifndef APIC_VLAPIC_REGS_H
#define APIC_VLAPIC_REGS_H

#include "hv/partition/vcpu.h"

#define MSR_TSC_DEADLINE 0x6E0

/* x2APIC mode, MSR 0x800-0x8FF; false: the access #GPs (reserved or write-only register, a
 * read-only one written, reserved bits set; SDM 11.12.1.2). */
bool vlapic_x2apic_read(struct vcpu *v, uint32_t msr, uint64_t *value);
bool vlapic_x2apic_write(struct exit_ctx *x, uint32_t msr, uint64_t value);
/* xAPIC mode: a 32-bit access at offset (16-byte aligned) in the APIC page; returns what a
 * read gets. Reserved registers read 0 and ignore writes. */
uint32_t vlapic_mmio(struct exit_ctx *x, uint32_t offset, bool write, uint32_t value);
/* The registers, for the coverage lines of fuzz builds (hv/partition/dev_cover.h). */
extern const struct cover_regs vlapic_cover_regs;
/* IA32_TSC_DEADLINE: only the TSC-deadline timer mode uses it (SDM 11.5.4.1). */
uint64_t vlapic_read_tsc_deadline(struct vcpu *v);
void vlapic_write_tsc_deadline(struct vcpu *v, uint64_t deadline);

#endif
