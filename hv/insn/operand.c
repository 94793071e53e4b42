/* SPDX-License-Identifier: BSD-2-Clause */
/* Operands: registers with their 8/16/32/64-bit views, and the ModRM operand in memory. */
#include "hv/insn/operand.h"

uint64_t insn_reg_get(const struct insn_cpu *cpu, unsigned reg, unsigned size, bool high8)
{
	if (high8)
		return (cpu->gpr[reg] >> 8) & 0xFF;
	return insn_trunc(cpu->gpr[reg], size);
}

void insn_reg_set(struct insn_cpu *cpu, unsigned reg, unsigned size, bool high8, uint64_t v)
{
	uint64_t *r = &cpu->gpr[reg];
	if (high8)
		*r = (*r & ~0xFF00ULL) | ((v & 0xFF) << 8);
	else if (size >= 4)
		*r = insn_trunc(v, size);
	else
		*r = (*r & ~insn_trunc(~0ULL, size)) | insn_trunc(v, size);
}

void insn_loc_reg(const struct insn_emu *e, unsigned reg, unsigned size, struct insn_loc *loc)
{
	loc->mem = false;
	loc->size = (uint8_t)size;
	loc->high8 = size == 1 && !e->d.rex && reg >= 4 && reg < 8;
	loc->reg = (uint8_t)(loc->high8 ? reg - 4 : reg);
}

uint64_t insn_opnd_reg_read(const struct insn_emu *e, unsigned reg, unsigned size)
{
	struct insn_loc loc;
	insn_loc_reg(e, reg, size, &loc);
	return insn_reg_get(e->cpu, loc.reg, size, loc.high8);
}

void insn_opnd_reg_write(struct insn_emu *e, unsigned reg, unsigned size, uint64_t v)
{
	struct insn_loc loc;
	insn_loc_reg(e, reg, size, &loc);
	insn_reg_set(e->cpu, loc.reg, size, loc.high8, v);
}

enum insn_result insn_loc_mem(struct insn_emu *e, unsigned seg, uint64_t offset, unsigned size,
			 unsigned access, struct insn_loc *loc)
{
	loc->mem = true;
	loc->size = (uint8_t)size;
	return insn_mem_resolve(e, seg, offset, size, access, &loc->m);
}

uint64_t insn_operand_offset(const struct insn_emu *e)
{
	return insn_effective_offset(&e->d, e->cpu->gpr, e->next_rip);
}

enum insn_result insn_loc_rm(struct insn_emu *e, unsigned size, unsigned access, struct insn_loc *loc)
{
	if (!e->d.mem) {
		insn_loc_reg(e, e->d.rm, size, loc);
		return INSN_OK;
	}
	return insn_loc_mem(e, e->d.seg, insn_operand_offset(e), size, access, loc);
}

enum insn_result insn_loc_read(struct insn_emu *e, const struct insn_loc *loc, uint64_t *v)
{
	if (loc->mem)
		return insn_mem_load(e, &loc->m, loc->size, v);
	*v = insn_reg_get(e->cpu, loc->reg, loc->size, loc->high8);
	return INSN_OK;
}

enum insn_result insn_loc_write(struct insn_emu *e, const struct insn_loc *loc, uint64_t v)
{
	if (loc->mem)
		return insn_mem_store(e, &loc->m, loc->size, v);
	insn_reg_set(e->cpu, loc->reg, loc->size, loc->high8, v);
	return INSN_OK;
}
