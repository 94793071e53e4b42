/* SPDX-License-Identifier: BSD-2-Clause */
/* RDMSR/WRMSR of the APIC's MSRs: the x2APIC range and the TSC deadline, before the MSR table. */
#ifndef HV_EXIT_MSR_APIC_H
#define HV_EXIT_MSR_APIC_H

#include "hv/partition/vcpu.h"

/* The APIC's MSRs: the x2APIC range and IA32_TSC_DEADLINE (inline: every MSR exit asks). */
static inline bool msr_is_apic(uint32_t msr) { return (msr >> 8) == 8 || msr == 0x6E0; }
/* True when the MSR in RCX is the APIC's and the access was handled (or #GP injected). */
bool msr_apic_access(struct exit_ctx *x, bool write);

#endif
