/* SPDX-License-Identifier: BSD-2-Clause */
/* x86 instruction decoder: prefixes, opcode tables, ModRM/SIB, displacement and immediate. */
#ifndef HV_INSN_DECODE_H
#define HV_INSN_DECODE_H

#include "hv/lib/types.h"

#define INSN_MAX_LEN 15
#define INSN_REG_NONE 0xFF  /* no base or index register */
#define INSN_REG_RIP 16     /* RIP-relative base (64-bit mode) */

/* Segment registers, in the VMCS order. */
enum insn_seg { INSN_SEG_ES, INSN_SEG_CS, INSN_SEG_SS, INSN_SEG_DS, INSN_SEG_FS, INSN_SEG_GS };

/* The code size the instruction is decoded for. */
enum insn_mode { INSN_MODE_16 = 2, INSN_MODE_32 = 4, INSN_MODE_64 = 8 };

/* insn_decode's errors (its other results are the length). */
enum insn_decode_error {
	INSN_DECODE_SHORT = -1,   /* the bytes end before the instruction does */
	INSN_DECODE_INVALID = -2, /* an invalid encoding: #UD */
	INSN_DECODE_TOO_LONG = -3,/* more than 15 bytes: #GP(0) */
	INSN_DECODE_UNKNOWN = -4, /* an opcode whose length this decoder does not know (VEX, EVEX, ...) */
};

/* What the executor does for an opcode (the executor's table is indexed by it). */
enum insn_family {
	INSN_FAM_UNKNOWN,   /* not in the tables: length unknown */
	INSN_FAM_NONE,      /* decoded (length known) but not emulated */
	INSN_FAM_UD,        /* always #UD */
	INSN_FAM_MOV_STORE, /* 88 89 C6 C7 0F C3: r/m <- reg or imm */
	INSN_FAM_MOV_LOAD,  /* 8A 8B: reg <- r/m */
	INSN_FAM_MOV_MOFFS, /* A0-A3: accumulator <-> moffs */
	INSN_FAM_MOVX,      /* 0F B6 B7 BE BF, 63: reg <- zero/sign-extended r/m */
	INSN_FAM_ALU,       /* 00-3B, 80-83: ADD OR ADC SBB AND SUB XOR CMP */
	INSN_FAM_TEST,      /* 84 85, F6/F7 /0 /1 */
	INSN_FAM_XCHG,      /* 86 87 */
	INSN_FAM_UNARY,     /* F6/F7 /2 /3, FE/FF /0 /1: NOT NEG INC DEC */
	INSN_FAM_BT,        /* 0F A3 AB B3 BB, 0F BA /4-/7 */
	INSN_FAM_CMPXCHG,   /* 0F B0 B1 */
	INSN_FAM_XADD,      /* 0F C0 C1 */
	INSN_FAM_SETCC,     /* 0F 90-9F */
	INSN_FAM_CMOVCC,    /* 0F 40-4F */
	INSN_FAM_MOVS,      /* A4 A5 */
	INSN_FAM_CMPS,      /* A6 A7 */
	INSN_FAM_STOS,      /* AA AB */
	INSN_FAM_LODS,      /* AC AD */
	INSN_FAM_SCAS,      /* AE AF */
	INSN_FAM_INS,       /* 6C 6D */
	INSN_FAM_OUTS,      /* 6E 6F */
	INSN_FAM_COUNT
};

/* Family arguments. */
enum insn_alu_op { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };
enum insn_unary_op { UNARY_NOT, UNARY_NEG, UNARY_INC, UNARY_DEC };
enum insn_bt_op { BT_TEST, BT_SET, BT_RESET, BT_COMPLEMENT };
#define INSN_ARG_TO_REG 0x40    /* ALU, MOVX: the register is the destination */
#define INSN_ARG_IMM 0x20       /* ALU, BT, MOV_STORE: the source is the immediate */
#define INSN_ARG_SIGNED 0x10    /* MOVX: sign-extend */
#define INSN_ARG_SRC16 0x08     /* MOVX: the source is 16 bits (else 8, or 32 for 63) */
#define INSN_ARG_SRC32 0x04     /* MOVX (63, MOVSXD): the source is 32 bits */

/* A decoded instruction. Registers are numbered 0-15 in architectural order. */
struct insn_decoded {
	uint8_t len;
	uint8_t mode;       /* enum insn_mode */
	uint8_t opsize;     /* operand size in bytes: 1, 2, 4, 8 */
	uint8_t addrsize;   /* address size in bytes: 2, 4, 8 */
	uint8_t map;        /* 0: one-byte opcode, 1: 0F, 2: 0F 38, 3: 0F 3A */
	uint8_t opcode;     /* the opcode byte in its map */
	uint8_t family;     /* enum insn_family */
	uint8_t arg;        /* family argument (ALU op, direction, ...) */
	uint8_t rep;        /* 0, 0xF2 or 0xF3: the last repeat prefix */
	uint8_t seg;        /* enum insn_seg of the memory operand (override or default) */
	uint8_t rex;        /* the REX byte, 0 without */
	uint8_t modrm;
	uint8_t reg;        /* ModRM.reg with REX.R */
	uint8_t rm;         /* ModRM.rm with REX.B: the register when !mem */
	uint8_t base;       /* base register, INSN_REG_RIP, or INSN_REG_NONE */
	uint8_t index;      /* index register or INSN_REG_NONE */
	uint8_t scale;      /* 1, 2, 4, 8 */
	bool has_modrm;
	bool mem;           /* the ModRM operand is memory */
	bool lock;
	bool seg_override;  /* a segment prefix that takes effect */
	int32_t disp;       /* displacement, sign-extended */
	uint64_t imm;       /* immediate: sign-extended (ib, iz), raw (iw, iv), or moffs zero-extended */
};

/* Decodes the instruction at bytes[0..len) for mode. Returns its length (1-15), or a negative
 * enum insn_decode_error. d is filled on success (and as far as decoded otherwise). */
int insn_decode(const uint8_t *bytes, unsigned len, enum insn_mode mode, struct insn_decoded *d);

/* The effective address (offset in its segment) of d's memory operand, wrapped to the address
 * size. gpr holds the 16 registers; next_rip is the address of the following instruction. */
uint64_t insn_effective_offset(const struct insn_decoded *d, const uint64_t gpr[16], uint64_t next_rip);

/* Truncates v to size bytes (1, 2, 4, 8). */
static inline uint64_t insn_trunc(uint64_t v, unsigned size)
{
	return size >= 8 ? v : v & ((1ULL << (8 * size)) - 1);
}

#endif
