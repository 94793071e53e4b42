/* SPDX-License-Identifier: BSD-2-Clause */
/* Executors of the data moves: MOV, MOVZX/MOVSX/MOVSXD, MOVNTI, XCHG, SETcc, CMOVcc. */
#include "hv/insn/exec_mov.h"
#include "hv/insn/flags.h"
#include "hv/insn/operand.h"

/* 88 89 C6/0 C7/0 0F C3: r/m <- reg or immediate. */
enum insn_result insn_exec_mov_store(struct insn_emu *e)
{
	const struct insn_decoded *d = &e->d;
	uint64_t v = (d->arg & INSN_ARG_IMM) ? d->imm : insn_opnd_reg_read(e, d->reg, d->opsize);
	struct insn_loc dst;
	enum insn_result r = insn_loc_rm(e, d->opsize, INSN_MEM_WRITE, &dst);
	return r == INSN_OK ? insn_loc_write(e, &dst, v) : r;
}

/* 8A 8B: reg <- r/m. */
enum insn_result insn_exec_mov_load(struct insn_emu *e)
{
	const struct insn_decoded *d = &e->d;
	struct insn_loc src;
	uint64_t v;
	enum insn_result r = insn_loc_rm(e, d->opsize, INSN_MEM_READ, &src);
	if (r == INSN_OK)
		r = insn_loc_read(e, &src, &v);
	if (r == INSN_OK)
		insn_opnd_reg_write(e, d->reg, d->opsize, v);
	return r;
}

/* A0-A3: AL/AX/EAX/RAX <-> [moffs] (the offset has the address size). */
enum insn_result insn_exec_mov_moffs(struct insn_emu *e)
{
	const struct insn_decoded *d = &e->d;
	uint64_t v = insn_reg_get(e->cpu, 0, d->opsize, false);
	if (!(d->arg & INSN_ARG_TO_REG))
		return insn_mem_write(e, d->seg, d->imm, d->opsize, v);
	enum insn_result r = insn_mem_read(e, d->seg, d->imm, d->opsize, &v);
	if (r == INSN_OK)
		insn_reg_set(e->cpu, 0, d->opsize, false, v);
	return r;
}

static unsigned movx_source_size(const struct insn_decoded *d)
{
	if (d->arg & INSN_ARG_SRC32)
		return d->opsize < 4 ? d->opsize : 4;
	return (d->arg & INSN_ARG_SRC16) ? 2 : 1;
}

/* 0F B6 B7 BE BF, 63: reg <- r/m zero- or sign-extended to the operand size. */
enum insn_result insn_exec_movx(struct insn_emu *e)
{
	const struct insn_decoded *d = &e->d;
	unsigned size = movx_source_size(d);
	struct insn_loc src;
	uint64_t v;
	enum insn_result r = insn_loc_rm(e, size, INSN_MEM_READ, &src);
	if (r == INSN_OK)
		r = insn_loc_read(e, &src, &v);
	if (r != INSN_OK)
		return r;
	if ((d->arg & INSN_ARG_SIGNED) && size < 8 && (v >> (8 * size - 1)) & 1)
		v |= ~0ULL << (8 * size);
	insn_opnd_reg_write(e, d->reg, d->opsize, v);
	return INSN_OK;
}

/* 86 87: swaps r/m and reg (locked by itself on memory). */
enum insn_result insn_exec_xchg(struct insn_emu *e)
{
	const struct insn_decoded *d = &e->d;
	struct insn_loc rm;
	uint64_t old, v = insn_opnd_reg_read(e, d->reg, d->opsize);
	enum insn_result r = insn_loc_rm(e, d->opsize, INSN_MEM_RMW, &rm);
	if (r == INSN_OK)
		r = insn_loc_read(e, &rm, &old);
	if (r == INSN_OK)
		r = insn_loc_write(e, &rm, v);
	if (r == INSN_OK)
		insn_opnd_reg_write(e, d->reg, d->opsize, old);
	return r;
}

/* 0F 90-9F: r/m8 <- condition. */
enum insn_result insn_exec_setcc(struct insn_emu *e)
{
	struct insn_loc dst;
	enum insn_result r = insn_loc_rm(e, 1, INSN_MEM_WRITE, &dst);
	return r == INSN_OK ? insn_loc_write(e, &dst, insn_flags_condition(e->cpu->rflags, e->d.arg)) : r;
}

/* 0F 40-4F: reg <- r/m if the condition holds. The source is read either way, and a 32-bit
 * destination is zero-extended either way. */
enum insn_result insn_exec_cmovcc(struct insn_emu *e)
{
	const struct insn_decoded *d = &e->d;
	struct insn_loc src;
	uint64_t v;
	enum insn_result r = insn_loc_rm(e, d->opsize, INSN_MEM_READ, &src);
	if (r == INSN_OK)
		r = insn_loc_read(e, &src, &v);
	if (r != INSN_OK)
		return r;
	if (!insn_flags_condition(e->cpu->rflags, d->arg))
		v = insn_opnd_reg_read(e, d->reg, d->opsize);
	insn_opnd_reg_write(e, d->reg, d->opsize, v);
	return INSN_OK;
}
