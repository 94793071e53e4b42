/* SPDX-License-Identifier: BSD-2-Clause */
/* A vCPU's CPUID/MSR state: its reset, and what only its own guest core can load. */
#ifndef HV_EXIT_MSR_STATE_H
#define HV_EXIT_MSR_STATE_H

#include "hv/partition/vcpu.h"

/* The VMCS, XCR0 and the core's own APIC can be written only on the vCPU's guest core, which an
 * exit handled on a hypervisor core (exits = "split") is not. */

enum msr_sync {
	MSR_SYNC_TSC_OFFSET = 1u << 0, /* the VMCS TSC offset (and, exitless, the MSR bitmap) */
	MSR_SYNC_DEADLINE = 1u << 1,   /* exitless: IA32_TSC_DEADLINE of the core's APIC */
	MSR_SYNC_DEBUGCTL = 1u << 2,   /* the VMCS guest IA32_DEBUGCTL */
	MSR_SYNC_XCR0 = 1u << 3,       /* the core's XCR0 (VM entry does not load it) */
};

/* Partition start and restart (the runner's reset_vcpu): the power-up values. */
void msr_vcpu_reset(struct vcpu *v);
/* A handler changed state in `what`: loaded at once on the guest core, or at the next
 * msr_sync() there when the handler runs on a hypervisor core (exits = "split"). */
void msr_sync_request(struct exit_ctx *x, uint32_t what);
/* Guest core, VMCS loaded, before VM entry: loads what handlers asked for. */
void msr_sync(struct vcpu *v);

#endif
