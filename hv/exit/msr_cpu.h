/* SPDX-License-Identifier: BSD-2-Clause */
/* MSRs of the CPU itself: MISC_ENABLE, DEBUGCTL, ARCH_CAPABILITIES, XSS, the fixed ones. */
#ifndef HV_EXIT_MSR_CPU_H
#define HV_EXIT_MSR_CPU_H

#include "hv/partition/vcpu.h"

#define MISC_ENABLE_FAST_STRINGS (1ULL << 0)
#define MISC_ENABLE_BTS_UNAVAILABLE (1ULL << 11)
#define MISC_ENABLE_PEBS_UNAVAILABLE (1ULL << 12)
#define MISC_ENABLE_MONITOR (1ULL << 18)
#define DEBUGCTL_BTF (1ULL << 1)

/* IA32_MISC_ENABLE as a vCPU reads it (MONITOR/MWAIT enabled where CPUID offers them). */
uint64_t misc_enable_value(bool monitor);
/* IA32_DEBUGCTL bits a guest may set: BTF only (LBR, BTS and the freeze bits need the
 * LBR stack and a PMU, which are not offered). */
bool debugctl_valid(uint64_t value);

/* Whether the MSR exists for this vCPU (CPUID offers the feature) */
bool msr_has_arch_cap(const struct exit_ctx *x);
bool msr_has_pred_cmd(const struct exit_ctx *x);
bool msr_has_flush_cmd(const struct exit_ctx *x);
bool msr_has_xss(const struct exit_ctx *x);

/* RDMSR/WRMSR handlers (false: #GP) */
bool msr_read_zero(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_write_ignored(struct exit_ctx *x, uint32_t msr, uint64_t value);
bool msr_read_misc_enable(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_write_misc_enable(struct exit_ctx *x, uint32_t msr, uint64_t value);
bool msr_read_debugctl(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_write_debugctl(struct exit_ctx *x, uint32_t msr, uint64_t value);
bool msr_read_arch_cap(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_write_xss(struct exit_ctx *x, uint32_t msr, uint64_t value);

#endif
