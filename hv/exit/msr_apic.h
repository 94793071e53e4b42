/* SPDX-License-Identifier: BSD-2-Clause */
/* RDMSR/WRMSR of the APIC's MSRs: the x2APIC range and the TSC deadline, before the MSR table. */
#ifndef HV_EXIT_MSR_APIC_H
#define HV_EXIT_MSR_APIC_H

#include "hv/partition/vcpu.h"

/* True when the MSR in RCX is the APIC's and the access was handled (or #GP injected). */
bool msr_apic_access(struct exit_ctx *x, bool write);

#endif
