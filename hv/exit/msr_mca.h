/* SPDX-License-Identifier: BSD-2-Clause */
/* Machine-check MSRs: MCG_CAP, MCG_STATUS and two banks that never report an error. */
#ifndef HV_EXIT_MSR_MCA_H
#define HV_EXIT_MSR_MCA_H

#include "hv/partition/vcpu.h"

#define MCA_BANKS ((uint32_t)ARRAY_SIZE(((struct vcpu_msrs *)0)->mc))
#define MSR_MC0_CTL 0x400u
#define MSR_MC_LAST (MSR_MC0_CTL + 4 * MCA_BANKS - 1)
enum { MC_CTL, MC_STATUS, MC_ADDR, MC_MISC };

/* Whether value may be written to register reg (MC_*) of a bank; false: #GP. */
bool mca_bank_write_ok(uint32_t reg, uint64_t value);
/* IA32_MCG_STATUS: RIPV, EIPV, MCIP writable, the rest reserved (no LMCE). */
bool mcg_status_write_ok(uint64_t value);

bool msr_read_mcg_cap(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_read_mcg_status(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_write_mcg_status(struct exit_ctx *x, uint32_t msr, uint64_t value);
bool msr_read_mc_bank(struct exit_ctx *x, uint32_t msr, uint64_t *value);
bool msr_write_mc_bank(struct exit_ctx *x, uint32_t msr, uint64_t value);

#endif
