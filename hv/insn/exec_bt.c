/* SPDX-License-Identifier: BSD-2-Clause */
/* Executor of the bit tests: BT, BTS, BTR, BTC (0F A3 AB B3 BB, 0F BA /4-/7). */
#include "hv/insn/exec_bt.h"
#include "hv/insn/flags.h"
#include "hv/insn/operand.h"

static unsigned log2_bits(unsigned size)
{
	return size == 8 ? 6 : size == 4 ? 5 : 4;
}

/* The operand holding the bit and the bit's number in it. An immediate offset is masked to the
 * operand size; a register offset on memory is a signed bit string offset: the operand moves
 * by (offset >> log2(bits)) operands from the effective address. */
static enum insn_result bit_operand(struct insn_emu *e, unsigned access, struct insn_loc *loc, unsigned *bit)
{
	const struct insn_decoded *d = &e->d;
	unsigned size = d->opsize, shift = log2_bits(size);
	if (d->arg & INSN_ARG_IMM) {
		*bit = (unsigned)d->imm & ((1u << shift) - 1);
		return insn_loc_rm(e, size, access, loc);
	}
	uint64_t raw = insn_opnd_reg_read(e, d->reg, size);
	*bit = (unsigned)raw & ((1u << shift) - 1);
	if (!d->mem)
		return insn_loc_rm(e, size, access, loc);
	int64_t bits = (int64_t)(raw << (64 - 8 * size)) >> (64 - 8 * size);
	uint64_t moved = (uint64_t)(bits >> shift) * size;
	uint64_t offset = insn_trunc(insn_operand_offset(e) + moved, d->addrsize);
	return insn_loc_mem(e, d->seg, offset, size, access, loc);
}

/* CF <- the bit; then BTS sets it, BTR clears it, BTC flips it. The other flags are left as
 * they are (the SDM: OF SF AF PF undefined, ZF unaffected). */
enum insn_result insn_exec_bt(struct insn_emu *e)
{
	unsigned op = e->d.arg & 3, bit;
	struct insn_loc loc;
	uint64_t v;
	enum insn_result r = bit_operand(e, op == BT_TEST ? INSN_MEM_READ : INSN_MEM_RMW, &loc, &bit);
	if (r == INSN_OK)
		r = insn_loc_read(e, &loc, &v);
	if (r != INSN_OK)
		return r;
	uint64_t mask = 1ULL << bit, cf = (v & mask) ? FL_CF : 0;
	const uint64_t results[4] = { v, v | mask, v & ~mask, v ^ mask };
	if (op != BT_TEST)
		r = insn_loc_write(e, &loc, results[op]);
	if (r == INSN_OK)
		insn_flags_set(&e->cpu->rflags, FL_CF, cf);
	return r;
}
