/* SPDX-License-Identifier: BSD-2-Clause */
/* Operands: registers with their 8/16/32/64-bit views, and the ModRM operand in memory. */
#ifndef HV_INSN_OPERAND_H
#define HV_INSN_OPERAND_H

#include "hv/insn/mem.h"

#define REG_RAX 0
#define REG_RCX 1
#define REG_RDX 2
#define REG_RSP 4
#define REG_RSI 6
#define REG_RDI 7

/* Where an operand lives: a register or memory already checked and translated. */
struct insn_loc {
	bool mem;
	bool high8;      /* AH, CH, DH, BH: bits 15:8 of register reg */
	uint8_t reg;
	uint8_t size;
	struct insn_memref m;
};

/* Register reg's low size bytes (high8: bits 15:8). */
uint64_t insn_reg_get(const struct insn_cpu *cpu, unsigned reg, unsigned size, bool high8);
/* Writes size bytes: 8- and 16-bit writes keep the other bits, 32-bit ones zero-extend. */
void insn_reg_set(struct insn_cpu *cpu, unsigned reg, unsigned size, bool high8, uint64_t v);

/* The register operand reg of size bytes: without a REX prefix, byte registers 4-7 are AH, CH,
 * DH, BH; with one, SPL, BPL, SIL, DIL. */
void insn_loc_reg(const struct insn_emu *e, unsigned reg, unsigned size, struct insn_loc *loc);
/* The ModRM r/m operand of size bytes; memory is resolved for access (enum insn_mem_access). */
enum insn_result insn_loc_rm(struct insn_emu *e, unsigned size, unsigned access, struct insn_loc *loc);
/* A memory operand at offset in segment seg. */
enum insn_result insn_loc_mem(struct insn_emu *e, unsigned seg, uint64_t offset, unsigned size,
			 unsigned access, struct insn_loc *loc);
enum insn_result insn_loc_read(struct insn_emu *e, const struct insn_loc *loc, uint64_t *v);
enum insn_result insn_loc_write(struct insn_emu *e, const struct insn_loc *loc, uint64_t v);

/* The value of register operand reg (byte registers as insn_loc_reg says), and its write. */
uint64_t insn_opnd_reg_read(const struct insn_emu *e, unsigned reg, unsigned size);
void insn_opnd_reg_write(struct insn_emu *e, unsigned reg, unsigned size, uint64_t v);

/* The offset of the ModRM memory operand. */
uint64_t insn_operand_offset(const struct insn_emu *e);

#endif
