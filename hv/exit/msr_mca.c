/* SPDX-License-Identifier: BSD-2-Clause */
/* Machine-check MSRs: MCG_CAP, MCG_STATUS and two banks that never report an error. */
#include "hv/exit/msr_mca.h"

/* SDM 15.3. MCG_CAP has the bank count only: no MCG_CTL, no extended registers, no CMCI, no
 * software error recovery, no local machine check. */

#define MCG_STATUS_WRITABLE 7ULL /* RIPV, EIPV, MCIP */

/* MCi_CTL: any error types may be enabled. MCi_STATUS, MCi_ADDR, MCi_MISC: software clears
 * them by writing 0; writing 1s causes #GP (SDM 15.3.2.2-15.3.2.4). */
bool mca_bank_write_ok(uint32_t reg, uint64_t value) { return reg == MC_CTL || value == 0; }

bool mcg_status_write_ok(uint64_t value) { return !(value & ~MCG_STATUS_WRITABLE); }

bool msr_read_mcg_cap(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	UNUSED(x);
	UNUSED(msr);
	*value = MCA_BANKS;
	return true;
}

bool msr_read_mcg_status(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	UNUSED(msr);
	*value = x->vcpu->msrs.mcg_status;
	return true;
}

bool msr_write_mcg_status(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(msr);
	if (!mcg_status_write_ok(value))
		return false;
	x->vcpu->msrs.mcg_status = value;
	return true;
}

bool msr_read_mc_bank(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	uint32_t i = msr - MSR_MC0_CTL;
	*value = x->vcpu->msrs.mc[i / 4][i % 4];
	return true;
}

bool msr_write_mc_bank(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	uint32_t i = msr - MSR_MC0_CTL;
	if (!mca_bank_write_ok(i % 4, value))
		return false;
	x->vcpu->msrs.mc[i / 4][i % 4] = value;
	return true;
}
