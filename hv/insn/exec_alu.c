/* SPDX-License-Identifier: BSD-2-Clause */
/* Executors of arithmetic and logic: the ALU group, TEST, NOT/NEG/INC/DEC, CMPXCHG, XADD. */
#include "hv/insn/exec_alu.h"
#include "hv/insn/flags.h"
#include "hv/insn/operand.h"

/* The two operands of a two-operand form: r/m,reg (00), reg,r/m (02) or r/m,imm (80-83). */
static enum insn_result binary_operands(struct insn_emu *e, unsigned dst_access, struct insn_loc *dst,
					uint64_t *a, uint64_t *b)
{
	const struct insn_decoded *d = &e->d;
	struct insn_loc src;
	enum insn_result r;
	if (d->arg & INSN_ARG_TO_REG) {
		insn_loc_reg(e, d->reg, d->opsize, dst);
		r = insn_loc_rm(e, d->opsize, INSN_MEM_READ, &src);
	} else {
		r = insn_loc_rm(e, d->opsize, dst_access, dst);
		insn_loc_reg(e, d->reg, d->opsize, &src);
	}
	if (r == INSN_OK)
		r = insn_loc_read(e, dst, a);
	if (r == INSN_OK && (d->arg & INSN_ARG_IMM))
		*b = insn_trunc(d->imm, d->opsize);
	else if (r == INSN_OK)
		r = insn_loc_read(e, &src, b);
	return r;
}

/* 00-3B, 80-83: ADD OR ADC SBB AND SUB XOR CMP. */
enum insn_result insn_exec_alu(struct insn_emu *e)
{
	unsigned op = e->d.arg & 7;
	struct insn_loc dst;
	uint64_t a, b, flags = e->cpu->rflags;
	enum insn_result r = binary_operands(e, op == ALU_CMP ? INSN_MEM_READ : INSN_MEM_RMW, &dst, &a, &b);
	if (r != INSN_OK)
		return r;
	uint64_t v = insn_flags_alu(op, a, b, e->d.opsize, &flags);
	if (op != ALU_CMP)
		r = insn_loc_write(e, &dst, v);
	if (r == INSN_OK)
		e->cpu->rflags = flags;
	return r;
}

/* 84 85, F6/F7 /0 /1: flags of r/m AND (reg or imm); CF and OF clear. */
enum insn_result insn_exec_test(struct insn_emu *e)
{
	struct insn_loc dst;
	uint64_t a, b;
	enum insn_result r = binary_operands(e, INSN_MEM_READ, &dst, &a, &b);
	if (r == INSN_OK)
		insn_flags_alu(ALU_AND, a, b, e->d.opsize, &e->cpu->rflags);
	return r;
}

/* NOT (no flags), NEG (CF = source != 0), INC and DEC (CF kept). */
static uint64_t unary_result(unsigned op, uint64_t a, unsigned size, uint64_t *rflags)
{
	switch (op) {
	case UNARY_NOT:
		return ~a;
	case UNARY_NEG:
		insn_flags_set(rflags, FL_STATUS, insn_flags_sub(0, a, 0, size));
		return 0 - a;
	case UNARY_INC:
		insn_flags_set(rflags, FL_STATUS & ~FL_CF, insn_flags_add(a, 1, 0, size));
		return a + 1;
	default:
		insn_flags_set(rflags, FL_STATUS & ~FL_CF, insn_flags_sub(a, 1, 0, size));
		return a - 1;
	}
}

/* F6/F7 /2 /3, FE/FF /0 /1. */
enum insn_result insn_exec_unary(struct insn_emu *e)
{
	struct insn_loc dst;
	uint64_t a, flags = e->cpu->rflags;
	enum insn_result r = insn_loc_rm(e, e->d.opsize, INSN_MEM_RMW, &dst);
	if (r == INSN_OK)
		r = insn_loc_read(e, &dst, &a);
	if (r == INSN_OK)
		r = insn_loc_write(e, &dst, unary_result(e->d.arg, a, e->d.opsize, &flags));
	if (r == INSN_OK)
		e->cpu->rflags = flags;
	return r;
}

/* 0F B0 B1: compares the accumulator with r/m; equal: r/m <- reg, else accumulator <- r/m. A
 * memory destination is written either way (the SDM: written back when the comparison fails); a
 * register destination is left alone when it fails (a 32-bit one keeps its upper half, as the
 * CPU does). */
enum insn_result insn_exec_cmpxchg(struct insn_emu *e)
{
	const struct insn_decoded *d = &e->d;
	unsigned size = d->opsize;
	struct insn_loc dst;
	uint64_t old, acc = insn_reg_get(e->cpu, 0, size, false);
	enum insn_result r = insn_loc_rm(e, size, INSN_MEM_RMW, &dst);
	if (r == INSN_OK)
		r = insn_loc_read(e, &dst, &old);
	if (r != INSN_OK)
		return r;
	bool equal = old == acc;
	if (equal || dst.mem)
		r = insn_loc_write(e, &dst, equal ? insn_opnd_reg_read(e, d->reg, size) : old);
	if (r != INSN_OK)
		return r;
	if (!equal)
		insn_reg_set(e->cpu, 0, size, false, old);
	insn_flags_set(&e->cpu->rflags, FL_STATUS, insn_flags_sub(acc, old, 0, size));
	return INSN_OK;
}

/* 0F C0 C1: reg <- r/m, r/m <- r/m + reg (the register is written first when both are
 * registers, so the sum wins when they are the same one). */
enum insn_result insn_exec_xadd(struct insn_emu *e)
{
	const struct insn_decoded *d = &e->d;
	struct insn_loc dst, src;
	uint64_t a, b;
	enum insn_result r = insn_loc_rm(e, d->opsize, INSN_MEM_RMW, &dst);
	if (r == INSN_OK)
		r = insn_loc_read(e, &dst, &a);
	if (r != INSN_OK)
		return r;
	insn_loc_reg(e, d->reg, d->opsize, &src);
	insn_loc_read(e, &src, &b);
	if (!dst.mem)
		insn_loc_write(e, &src, a);
	r = insn_loc_write(e, &dst, a + b);
	if (r != INSN_OK)
		return r;
	if (dst.mem)
		insn_loc_write(e, &src, a);
	insn_flags_set(&e->cpu->rflags, FL_STATUS, insn_flags_add(a, b, 0, d->opsize));
	return INSN_OK;
}
