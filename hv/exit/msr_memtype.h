/* SPDX-License-Identifier: BSD-2-Clause */
/* Memory-type MSRs: IA32_PAT and the MTRRs, kept per vCPU and checked as the SDM says. */
#ifndef HV_EXIT_MSR_MEMTYPE_H
#define HV_EXIT_MSR_MEMTYPE_H

#include "hv/partition/vcpu.h"

#define PAT_RESET 0x0007040600070406ULL  /* WB, WT, UC-, UC, twice (the power-up value) */
#define MTRR_VAR_COUNT 8                 /* variable ranges (MTRRcap.VCNT) */
#define MTRR_CAP (MTRR_VAR_COUNT | 1u << 8 | 1u << 10) /* VCNT, FIX, WC; no SMRR */
#define MTRR_DEF_TYPE_E (1ULL << 11)
#define MTRR_DEF_TYPE_FE (1ULL << 10)
#define MTRR_TYPE_WB 6
/* As firmware leaves them: MTRRs on, default write-back, no range (EPT maps write-back). */
#define MTRR_DEF_TYPE_RESET (MTRR_DEF_TYPE_E | MTRR_TYPE_WB)

/* Validity (false: the WRMSR gets #GP) */
bool pat_valid(uint64_t value);                     /* each byte UC, WC, WT, WP, WB or UC- */
bool mtrr_def_type_valid(uint64_t value);
bool mtrr_fixed_valid(uint64_t value);              /* eight memory types */
bool mtrr_var_valid(uint32_t msr, uint64_t value, uint32_t maxphyaddr); /* PHYSBASEn/PHYSMASKn */
/* The fixed-range MTRR's slot in struct vcpu_msrs (0-10), -1 for any other MSR. */
int mtrr_fixed_slot(uint32_t msr);

/* RDMSR/WRMSR handlers (false: #GP) */
bool msr_read_mtrrcap(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_read_mtrr(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_write_mtrr(struct exit_ctx *x, uint32_t msr, uint64_t value);
bool msr_read_pat(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_write_pat(struct exit_ctx *x, uint32_t msr, uint64_t value);

#endif
