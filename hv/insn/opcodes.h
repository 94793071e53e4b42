/* SPDX-License-Identifier: BSD-2-Clause */
/* The opcode tables: what follows each opcode byte and which executor runs it. */
#ifndef HV_INSN_OPCODES_H
#define HV_INSN_OPCODES_H

#include "hv/lib/types.h"

/* Entry flags. */
#define OPF_MODRM  0x0001 /* a ModRM byte follows */
#define OPF_BYTE   0x0002 /* 8-bit operand size */
#define OPF_LOCK   0x0004 /* LOCK is legal (with a memory destination) */
#define OPF_INV64  0x0008 /* #UD in 64-bit mode */
#define OPF_DEF64  0x0010 /* 64-bit operand size by default in 64-bit mode (66 gives 16) */
#define OPF_F64    0x0020 /* 64-bit operand size in 64-bit mode, whatever the prefixes */
#define OPF_MEM    0x0040 /* the ModRM operand must be memory (else #UD) */
#define OPF_ONLY64 0x0080 /* another instruction, not emulated, outside 64-bit mode (63: ARPL) */
#define OPF_VEX    0x0100 /* a VEX/EVEX prefix in 64-bit mode or when ModRM.mod is 3 */
#define OPF_STRING 0x0200 /* a string instruction: REP prefixes apply */

/* What follows the ModRM bytes. */
enum insn_imm_kind {
	IMM_NONE,
	IMM_B,     /* 8 bits, sign-extended */
	IMM_W,     /* 16 bits */
	IMM_Z,     /* the operand size capped at 32 bits, sign-extended */
	IMM_V,     /* the operand size (B8-BF: 64 bits with REX.W) */
	IMM_MOFFS, /* the address size (A0-A3) */
	IMM_PTR,   /* far pointer: offset (16 or 32 bits) and selector */
	IMM_WB,    /* ENTER: 16 then 8 bits */
};

struct insn_opcode {
	uint8_t family;  /* enum insn_family */
	uint8_t arg;     /* the family's argument */
	uint8_t imm;     /* enum insn_imm_kind */
	uint8_t group;   /* 0, or the group (ModRM.reg picks the entry) */
	uint16_t flags;  /* OPF_* */
};

extern const struct insn_opcode insn_map_onebyte[256];
extern const struct insn_opcode insn_map_0f[256];
extern const struct insn_opcode insn_map_three_byte[2];  /* 0F 38, 0F 3A: any opcode */
/* Group entries replace family and arg, add their flags, and give the immediate if they name one. */
extern const struct insn_opcode insn_groups[][8];

#endif
