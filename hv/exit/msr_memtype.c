/* SPDX-License-Identifier: BSD-2-Clause */
/* Memory-type MSRs: IA32_PAT and the MTRRs, kept per vCPU and checked as the SDM says. */
#include "hv/exit/msr_memtype.h"
#include "hv/exit/guest_cpu.h"

/* The MTRRs are the guest's own: EPT maps every page write-back and under EPT the CPU does not
 * use the guest's MTRRs (SDM 11.11, 28.3.7). The guest's PAT applies where the VMCS loads it. */

#define MSR_MTRR_PHYSBASE0 0x200u
#define MSR_MTRR_DEF_TYPE 0x2FFu

/* Memory type encodings (SDM table 11-8 for the MTRRs, 11-10 for the PAT) */
static bool mtrr_type_valid(uint64_t t) { return t == 0 || t == 1 || (t >= 4 && t <= 6); }
static bool pat_type_valid(uint64_t t) { return t == 0 || t == 1 || (t >= 4 && t <= 7); }

static bool bytes_valid(uint64_t value, bool (*type_valid)(uint64_t))
{
	for (int i = 0; i < 8; i++)
		if (!type_valid((value >> (8 * i)) & 0xFF))
			return false;
	return true;
}

bool pat_valid(uint64_t value) { return bytes_valid(value, pat_type_valid); }
bool mtrr_fixed_valid(uint64_t value) { return bytes_valid(value, mtrr_type_valid); }

/* IA32_MTRR_DEF_TYPE: type in bits 7:0, FE bit 10, E bit 11; the rest reserved. */
bool mtrr_def_type_valid(uint64_t value)
{
	return !(value & ~(0xFFULL | MTRR_DEF_TYPE_FE | MTRR_DEF_TYPE_E)) && mtrr_type_valid(value & 0xFF);
}

/* PHYSBASEn: type 7:0, base MAXPHYADDR-1:12; PHYSMASKn: valid bit 11, mask MAXPHYADDR-1:12. */
bool mtrr_var_valid(uint32_t msr, uint64_t value, uint32_t maxphyaddr)
{
	uint64_t addr = (maxphyaddr >= 64 ? ~0ULL : (1ULL << maxphyaddr) - 1) & ~0xFFFULL;
	if (msr & 1)
		return !(value & ~(addr | 1ULL << 11));
	return !(value & ~(addr | 0xFF)) && mtrr_type_valid(value & 0xFF);
}

/* 0x250 (64K_00000), 0x258, 0x259 (16K), 0x268-0x26F (4K) */
static const uint32_t fixed_msrs[11] = { 0x250, 0x258, 0x259, 0x268, 0x269, 0x26A, 0x26B, 0x26C, 0x26D, 0x26E, 0x26F };

int mtrr_fixed_slot(uint32_t msr)
{
	for (int i = 0; i < (int)ARRAY_SIZE(fixed_msrs); i++)
		if (fixed_msrs[i] == msr)
			return i;
	return -1;
}

static uint64_t *mtrr_slot(struct vcpu_msrs *m, uint32_t msr)
{
	if (msr == MSR_MTRR_DEF_TYPE)
		return &m->mtrr_def_type;
	if (msr >= MSR_MTRR_PHYSBASE0 && msr < MSR_MTRR_PHYSBASE0 + 2 * MTRR_VAR_COUNT)
		return &m->mtrr_var[msr - MSR_MTRR_PHYSBASE0];
	int i = mtrr_fixed_slot(msr);
	return i < 0 ? 0 : &m->mtrr_fixed[i];
}

bool msr_read_mtrrcap(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	UNUSED(x);
	UNUSED(msr);
	*value = MTRR_CAP;
	return true;
}

bool msr_read_mtrr(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	uint64_t *slot = mtrr_slot(&x->vcpu->msrs, msr);
	if (!slot)
		return false; /* 0x251-0x257, 0x25A-0x267 inside the table's ranges: not MTRRs */
	*value = *slot;
	return true;
}

static bool mtrr_value_valid(uint32_t msr, uint64_t value)
{
	if (msr == MSR_MTRR_DEF_TYPE)
		return mtrr_def_type_valid(value);
	if (msr < MSR_MTRR_PHYSBASE0 + 2 * MTRR_VAR_COUNT)
		return mtrr_var_valid(msr, value, guest_cpu()->maxphyaddr);
	return mtrr_fixed_valid(value);
}

bool msr_write_mtrr(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	uint64_t *slot = mtrr_slot(&x->vcpu->msrs, msr);
	if (!slot || !mtrr_value_valid(msr, value))
		return false;
	*slot = value;
	return true;
}

/* Only reached when the VMCS cannot load and save IA32_PAT (otherwise it is passed through and
 * the CPU checks it): kept, checked, not loaded. */
bool msr_read_pat(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	UNUSED(msr);
	*value = x->vcpu->msrs.pat;
	return true;
}

bool msr_write_pat(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(msr);
	if (!pat_valid(value))
		return false;
	x->vcpu->msrs.pat = value;
	return true;
}
