/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's TSC: IA32_TSC and IA32_TSC_ADJUST through a per-vCPU offset; deadlines with it. */
#ifndef HV_EXIT_MSR_TSC_H
#define HV_EXIT_MSR_TSC_H

#include "hv/partition/vcpu.h"

/* The arithmetic (pure; host_now is the host's TSC) */
/* A write of value to IA32_TSC: the offset and IA32_TSC_ADJUST move by the same amount. */
void tsc_write(struct vcpu_msrs *m, uint64_t host_now, uint64_t value);
/* A write of value to IA32_TSC_ADJUST: the TSC moves by the change. */
void tsc_adjust_write(struct vcpu_msrs *m, uint64_t value);
/* A deadline in guest TSC as a host TSC value: 0 stays 0 (disarmed); one already due becomes 1. */
uint64_t tsc_deadline_to_host(const struct vcpu_msrs *m, uint64_t host_now, uint64_t guest);

/* RDMSR/WRMSR handlers (false: #GP) */
bool msr_read_tsc(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_write_tsc(struct exit_ctx *x, uint32_t msr, uint64_t value);
bool msr_read_tsc_adjust(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_write_tsc_adjust(struct exit_ctx *x, uint32_t msr, uint64_t value);
/* Exitless vCPU with a TSC offset: IA32_TSC_DEADLINE exits and is translated here. */
bool msr_deadline_trapped(const struct exit_ctx *x);
bool msr_read_deadline(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_write_deadline(struct exit_ctx *x, uint32_t msr, uint64_t value);
/* Emulated APIC with a TSC offset: IA32_TSC_DEADLINE translated between the guest's TSC and
 * the host TSC the emulated APIC counts in. True when handled (the access is done). */
bool msr_tsc_deadline_emulated(struct exit_ctx *x, bool write);

#endif
