/* SPDX-License-Identifier: BSD-2-Clause */
/* Random encodings of one instruction form with operands set up to hit the data area. */
#ifndef TESTS_INSN_GEN_H
#define TESTS_INSN_GEN_H

#include "tests/unit/insn/harness.h"

enum gen_kind { GK_MODRM, GK_MOFFS, GK_STRING };

/* Operand sizes a form takes: bit n allows 1 << n bytes. */
#define SZ1 0x1
#define SZ2 0x2
#define SZ4 0x4
#define SZ8 0x8
#define SZ48 (SZ4 | SZ8)
#define SZ248 (SZ2 | SZ4 | SZ8)

#define GF_LOCK  0x001 /* LOCK is legal with a memory operand */
#define GF_MEM   0x002 /* the r/m operand must be memory */
#define GF_RM8   0x004 /* the r/m operand is 8 bits whatever the operand size (MOVZX/MOVSX) */
#define GF_RM16  0x008 /* ... 16 bits */
#define GF_RM32  0x010 /* ... 32 bits at most (MOVSXD) */
#define GF_BTREG 0x020 /* the register operand is a bit offset into memory */
#define GF_ACC   0x040 /* CMPXCHG: the accumulator is compared with the destination */
#define GF_CC    0x080 /* the opcode's low nibble is a random condition */
#define GF_REP   0x100 /* string: with or without REP/REPE/REPNE */
#define GF_NO66  0x200 /* no 16-bit form (MOVNTI) */

struct gen_form {
	const char *name;
	uint8_t kind;      /* enum gen_kind */
	uint8_t op[2];
	uint8_t oplen;
	int8_t digit;      /* ModRM.reg for /digit forms, -1 for a register operand */
	uint8_t sizes;     /* SZ* */
	uint8_t imm;       /* 0 none, 1 ib, 2 iz (1, 2 or 4 bytes by operand size) */
	uint16_t flags;    /* GF_* */
	uint64_t undefined;  /* RFLAGS bits the SDM leaves undefined */
};

struct gen_insn {
	uint8_t bytes[16];
	unsigned len;
	unsigned opsize;
	bool mem;          /* it accesses the data area */
	bool rep;
};

/* Fills the data area (random, or mostly zeros / 0xFF for the compare-heavy forms). */
void gen_fill_data(void);
/* An encoding of form with registers and RFLAGS in s (RIP is native_insn_address()). */
void gen_instruction(const struct gen_form *form, struct gen_insn *g, struct native_state *s);
/* "name: bytes" for messages. */
const char *gen_describe(const struct gen_form *form, const struct gen_insn *g);

#endif
