/* SPDX-License-Identifier: BSD-2-Clause */
/* RFLAGS results of arithmetic and logic (SDM vol. 1, appendix A; vol. 2 "Flags Affected"). */
#include "hv/insn/flags.h"
#include "hv/insn/decode.h"

static uint64_t sign_bit(unsigned size)
{
	return 1ULL << (8 * size - 1);
}

/* PF is set when the low byte has an even number of 1 bits. */
static uint64_t parity_flag(uint64_t r)
{
	uint8_t b = (uint8_t)r;
	b ^= b >> 4;
	b ^= b >> 2;
	b ^= b >> 1;
	return (b & 1) ? 0 : FL_PF;
}

uint64_t insn_flags_result(uint64_t r, unsigned size)
{
	r = insn_trunc(r, size);
	uint64_t f = parity_flag(r);
	if (r == 0)
		f |= FL_ZF;
	if (r & sign_bit(size))
		f |= FL_SF;
	return f;
}

uint64_t insn_flags_add(uint64_t a, uint64_t b, unsigned carry, unsigned size)
{
	a = insn_trunc(a, size);
	b = insn_trunc(b, size);
	uint64_t r = insn_trunc(a + b + carry, size);
	uint64_t f = insn_flags_result(r, size);
	if (r < a || (carry && r == a))
		f |= FL_CF;
	if ((a ^ b ^ r) & 0x10)
		f |= FL_AF;
	if ((a ^ r) & (b ^ r) & sign_bit(size))
		f |= FL_OF;
	return f;
}

uint64_t insn_flags_sub(uint64_t a, uint64_t b, unsigned borrow, unsigned size)
{
	a = insn_trunc(a, size);
	b = insn_trunc(b, size);
	uint64_t r = insn_trunc(a - b - borrow, size);
	uint64_t f = insn_flags_result(r, size);
	if (a < b || (borrow && a == b))
		f |= FL_CF;
	if ((a ^ b ^ r) & 0x10)
		f |= FL_AF;
	if ((a ^ b) & (a ^ r) & sign_bit(size))
		f |= FL_OF;
	return f;
}

uint64_t insn_flags_alu(unsigned op, uint64_t a, uint64_t b, unsigned size, uint64_t *rflags)
{
	unsigned cf = (*rflags & FL_CF) ? 1 : 0;
	uint64_t r, f;
	switch (op) {
	case ALU_ADD: r = a + b; f = insn_flags_add(a, b, 0, size); break;
	case ALU_ADC: r = a + b + cf; f = insn_flags_add(a, b, cf, size); break;
	case ALU_SBB: r = a - b - cf; f = insn_flags_sub(a, b, cf, size); break;
	case ALU_SUB: case ALU_CMP: r = a - b; f = insn_flags_sub(a, b, 0, size); break;
	case ALU_OR: r = a | b; f = insn_flags_result(r, size); break;
	case ALU_AND: r = a & b; f = insn_flags_result(r, size); break;
	default: r = a ^ b; f = insn_flags_result(r, size); break;
	}
	insn_flags_set(rflags, FL_STATUS, f);
	return insn_trunc(r, size);
}

/* Conditions in pairs: cc and cc ^ 1 are each other's negation. */
bool insn_flags_condition(uint64_t rflags, unsigned cc)
{
	bool cf = rflags & FL_CF, zf = rflags & FL_ZF, sf = rflags & FL_SF;
	bool of = rflags & FL_OF, pf = rflags & FL_PF;
	const bool base[8] = { of, cf, zf, cf || zf, sf, pf, sf != of, zf || sf != of };
	return base[(cc >> 1) & 7] != (cc & 1);
}
