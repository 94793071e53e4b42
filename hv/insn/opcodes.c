/* SPDX-License-Identifier: BSD-2-Clause */
/* The opcode tables (SDM vol. 2, appendix A): operands, immediates and executor per opcode. */
#include "hv/insn/opcodes.h"
#include "hv/insn/decode.h"

enum { GRP_NONE, GRP_1, GRP_1A, GRP_3, GRP_4, GRP_5, GRP_8, GRP_11 };

#define OP(fam, arg, imm, grp, fl) { INSN_FAM_##fam, (arg), IMM_##imm, (grp), (fl) }
#define NO(fl) OP(NONE, 0, NONE, 0, (fl))
#define NOI(imm, fl) OP(NONE, 0, imm, 0, (fl))
#define UD OP(UD, 0, NONE, 0, 0)
#define M OPF_MODRM
#define BY OPF_BYTE
#define L OPF_LOCK
#define TO_REG INSN_ARG_TO_REG
#define FROM_IMM INSN_ARG_IMM

/* ADD..CMP r/m,reg (byte, full), reg,r/m (byte, full), AL,ib, eAX,iz. */
#define ALU_ROW(k, lock)                                                   \
	[8 * (k) + 0] = OP(ALU, (k), NONE, 0, M | BY | (lock)),             \
	[8 * (k) + 1] = OP(ALU, (k), NONE, 0, M | (lock)),                 \
	[8 * (k) + 2] = OP(ALU, (k) | TO_REG, NONE, 0, M | BY),             \
	[8 * (k) + 3] = OP(ALU, (k) | TO_REG, NONE, 0, M),                 \
	[8 * (k) + 4] = NOI(B, 0), [8 * (k) + 5] = NOI(Z, 0)

#define ROW8(first, entry)                                                 \
	[(first) + 0] = entry, [(first) + 1] = entry, [(first) + 2] = entry,   \
	[(first) + 3] = entry, [(first) + 4] = entry, [(first) + 5] = entry,   \
	[(first) + 6] = entry, [(first) + 7] = entry

/* Prefix bytes (26 2E 36 3E 64-67 F0 F2 F3, REX) and 0F never reach the table. */
const struct insn_opcode insn_map_onebyte[256] = {
	ALU_ROW(ALU_ADD, L), ALU_ROW(ALU_OR, L), ALU_ROW(ALU_ADC, L), ALU_ROW(ALU_SBB, L),
	ALU_ROW(ALU_AND, L), ALU_ROW(ALU_SUB, L), ALU_ROW(ALU_XOR, L), ALU_ROW(ALU_CMP, 0),
	[0x06] = NO(OPF_INV64), [0x07] = NO(OPF_INV64), [0x0E] = NO(OPF_INV64),
	[0x16] = NO(OPF_INV64), [0x17] = NO(OPF_INV64), [0x1E] = NO(OPF_INV64),
	[0x1F] = NO(OPF_INV64), [0x27] = NO(OPF_INV64), [0x2F] = NO(OPF_INV64),
	[0x37] = NO(OPF_INV64), [0x3F] = NO(OPF_INV64),
	ROW8(0x40, NO(0)), ROW8(0x48, NO(0)),
	ROW8(0x50, NO(OPF_DEF64)), ROW8(0x58, NO(OPF_DEF64)),
	[0x60] = NO(OPF_INV64), [0x61] = NO(OPF_INV64),
	[0x62] = NO(M | OPF_MEM | OPF_INV64 | OPF_VEX),
	[0x63] = OP(MOVX, TO_REG | INSN_ARG_SIGNED | INSN_ARG_SRC32, NONE, 0, M | OPF_ONLY64),
	[0x68] = NOI(Z, OPF_DEF64), [0x69] = NOI(Z, M), [0x6A] = NOI(B, OPF_DEF64), [0x6B] = NOI(B, M),
	[0x6C] = OP(INS, 0, NONE, 0, BY | OPF_STRING), [0x6D] = OP(INS, 0, NONE, 0, OPF_STRING),
	[0x6E] = OP(OUTS, 0, NONE, 0, BY | OPF_STRING), [0x6F] = OP(OUTS, 0, NONE, 0, OPF_STRING),
	ROW8(0x70, NOI(B, OPF_F64)), ROW8(0x78, NOI(B, OPF_F64)),
	[0x80] = OP(NONE, 0, B, GRP_1, M | BY), [0x81] = OP(NONE, 0, Z, GRP_1, M),
	[0x82] = OP(NONE, 0, B, GRP_1, M | BY | OPF_INV64), [0x83] = OP(NONE, 0, B, GRP_1, M),
	[0x84] = OP(TEST, 0, NONE, 0, M | BY), [0x85] = OP(TEST, 0, NONE, 0, M),
	[0x86] = OP(XCHG, 0, NONE, 0, M | BY | L), [0x87] = OP(XCHG, 0, NONE, 0, M | L),
	[0x88] = OP(MOV_STORE, 0, NONE, 0, M | BY), [0x89] = OP(MOV_STORE, 0, NONE, 0, M),
	[0x8A] = OP(MOV_LOAD, 0, NONE, 0, M | BY), [0x8B] = OP(MOV_LOAD, 0, NONE, 0, M),
	[0x8C] = NO(M), [0x8D] = NO(M | OPF_MEM), [0x8E] = NO(M),
	[0x8F] = OP(NONE, 0, NONE, GRP_1A, M | OPF_DEF64),
	ROW8(0x90, NO(0)), [0x98] = NO(0), [0x99] = NO(0), [0x9A] = NOI(PTR, OPF_INV64), [0x9B] = NO(0),
	[0x9E] = NO(0), [0x9F] = NO(0),
	[0x9C] = NO(OPF_DEF64), [0x9D] = NO(OPF_DEF64),
	[0xA0] = OP(MOV_MOFFS, TO_REG, MOFFS, 0, BY), [0xA1] = OP(MOV_MOFFS, TO_REG, MOFFS, 0, 0),
	[0xA2] = OP(MOV_MOFFS, 0, MOFFS, 0, BY), [0xA3] = OP(MOV_MOFFS, 0, MOFFS, 0, 0),
	[0xA4] = OP(MOVS, 0, NONE, 0, BY | OPF_STRING), [0xA5] = OP(MOVS, 0, NONE, 0, OPF_STRING),
	[0xA6] = OP(CMPS, 0, NONE, 0, BY | OPF_STRING), [0xA7] = OP(CMPS, 0, NONE, 0, OPF_STRING),
	[0xA8] = NOI(B, 0), [0xA9] = NOI(Z, 0),
	[0xAA] = OP(STOS, 0, NONE, 0, BY | OPF_STRING), [0xAB] = OP(STOS, 0, NONE, 0, OPF_STRING),
	[0xAC] = OP(LODS, 0, NONE, 0, BY | OPF_STRING), [0xAD] = OP(LODS, 0, NONE, 0, OPF_STRING),
	[0xAE] = OP(SCAS, 0, NONE, 0, BY | OPF_STRING), [0xAF] = OP(SCAS, 0, NONE, 0, OPF_STRING),
	ROW8(0xB0, NOI(B, 0)), ROW8(0xB8, NOI(V, 0)),
	[0xC0] = NOI(B, M), [0xC1] = NOI(B, M), [0xC2] = NOI(W, OPF_F64), [0xC3] = NO(OPF_F64),
	[0xC4] = NO(M | OPF_MEM | OPF_INV64 | OPF_VEX), [0xC5] = NO(M | OPF_MEM | OPF_INV64 | OPF_VEX),
	[0xC6] = OP(NONE, 0, NONE, GRP_11, M | BY), [0xC7] = OP(NONE, 0, NONE, GRP_11, M),
	[0xC8] = NOI(WB, OPF_DEF64), [0xC9] = NO(OPF_DEF64), [0xCA] = NOI(W, 0), [0xCB] = NO(0),
	[0xCC] = NO(0), [0xCD] = NOI(B, 0), [0xCE] = NO(OPF_INV64), [0xCF] = NO(0),
	[0xD0] = NO(M), [0xD1] = NO(M), [0xD2] = NO(M), [0xD3] = NO(M),
	[0xD4] = NOI(B, OPF_INV64), [0xD5] = NOI(B, OPF_INV64), [0xD6] = NO(OPF_INV64), [0xD7] = NO(0),
	ROW8(0xD8, NO(M)),
	[0xE0] = NOI(B, OPF_F64), [0xE1] = NOI(B, OPF_F64), [0xE2] = NOI(B, OPF_F64),
	[0xE3] = NOI(B, OPF_F64), [0xE4] = NOI(B, 0), [0xE5] = NOI(B, 0), [0xE6] = NOI(B, 0),
	[0xE7] = NOI(B, 0), [0xE8] = NOI(Z, OPF_F64), [0xE9] = NOI(Z, OPF_F64),
	[0xEA] = NOI(PTR, OPF_INV64), [0xEB] = NOI(B, OPF_F64),
	[0xEC] = NO(0), [0xED] = NO(0), [0xEE] = NO(0), [0xEF] = NO(0),
	[0xF1] = NO(0), [0xF4] = NO(0), [0xF5] = NO(0),
	[0xF6] = OP(NONE, 0, NONE, GRP_3, M | BY), [0xF7] = OP(NONE, 0, NONE, GRP_3, M),
	[0xF8] = NO(0), [0xF9] = NO(0), [0xFA] = NO(0), [0xFB] = NO(0), [0xFC] = NO(0), [0xFD] = NO(0),
	[0xFE] = OP(NONE, 0, NONE, GRP_4, M | BY), [0xFF] = OP(NONE, 0, NONE, GRP_5, M),
};

#define CC_ROW(first, fam, fl)                                                                  \
	[(first) + 0] = OP(fam, 0, NONE, 0, fl), [(first) + 1] = OP(fam, 1, NONE, 0, fl),       \
	[(first) + 2] = OP(fam, 2, NONE, 0, fl), [(first) + 3] = OP(fam, 3, NONE, 0, fl),       \
	[(first) + 4] = OP(fam, 4, NONE, 0, fl), [(first) + 5] = OP(fam, 5, NONE, 0, fl),       \
	[(first) + 6] = OP(fam, 6, NONE, 0, fl), [(first) + 7] = OP(fam, 7, NONE, 0, fl),       \
	[(first) + 8] = OP(fam, 8, NONE, 0, fl), [(first) + 9] = OP(fam, 9, NONE, 0, fl),       \
	[(first) + 10] = OP(fam, 10, NONE, 0, fl), [(first) + 11] = OP(fam, 11, NONE, 0, fl),   \
	[(first) + 12] = OP(fam, 12, NONE, 0, fl), [(first) + 13] = OP(fam, 13, NONE, 0, fl),   \
	[(first) + 14] = OP(fam, 14, NONE, 0, fl), [(first) + 15] = OP(fam, 15, NONE, 0, fl)

/* 0F xx. Unlisted bytes are unknown. */
const struct insn_opcode insn_map_0f[256] = {
	[0x00] = NO(M), [0x01] = NO(M), [0x02] = NO(M), [0x03] = NO(M),
	[0x05] = NO(0), [0x06] = NO(0), [0x07] = NO(0), [0x08] = NO(0), [0x09] = NO(0),
	[0x0B] = NO(0), [0x0D] = NO(M), [0x0E] = NO(0), [0x0F] = NOI(B, M),
	ROW8(0x10, NO(M)), ROW8(0x18, NO(M)),
	[0x20] = NO(M), [0x21] = NO(M), [0x22] = NO(M), [0x23] = NO(M),
	ROW8(0x28, NO(M)),
	[0x30] = NO(0), [0x31] = NO(0), [0x32] = NO(0), [0x33] = NO(0), [0x34] = NO(0),
	[0x35] = NO(0), [0x37] = NO(0),
	CC_ROW(0x40, CMOVCC, M),
	ROW8(0x50, NO(M)), ROW8(0x58, NO(M)), ROW8(0x60, NO(M)), ROW8(0x68, NO(M)),
	[0x70] = NOI(B, M), [0x71] = NOI(B, M), [0x72] = NOI(B, M), [0x73] = NOI(B, M),
	[0x74] = NO(M), [0x75] = NO(M), [0x76] = NO(M), [0x77] = NO(0), [0x78] = NO(M),
	[0x79] = NO(M), [0x7C] = NO(M), [0x7D] = NO(M), [0x7E] = NO(M), [0x7F] = NO(M),
	ROW8(0x80, NOI(Z, OPF_F64)), ROW8(0x88, NOI(Z, OPF_F64)),
	CC_ROW(0x90, SETCC, M | BY),
	[0xA0] = NO(OPF_DEF64), [0xA1] = NO(OPF_DEF64), [0xA2] = NO(0),
	[0xA3] = OP(BT, BT_TEST, NONE, 0, M), [0xA4] = NOI(B, M), [0xA5] = NO(M),
	[0xA8] = NO(OPF_DEF64), [0xA9] = NO(OPF_DEF64), [0xAA] = NO(0),
	[0xAB] = OP(BT, BT_SET, NONE, 0, M | L), [0xAC] = NOI(B, M), [0xAD] = NO(M),
	[0xAE] = NO(M), [0xAF] = NO(M),
	[0xB0] = OP(CMPXCHG, 0, NONE, 0, M | BY | L), [0xB1] = OP(CMPXCHG, 0, NONE, 0, M | L),
	[0xB2] = NO(M | OPF_MEM), [0xB3] = OP(BT, BT_RESET, NONE, 0, M | L),
	[0xB4] = NO(M | OPF_MEM), [0xB5] = NO(M | OPF_MEM),
	[0xB6] = OP(MOVX, TO_REG, NONE, 0, M),
	[0xB7] = OP(MOVX, TO_REG | INSN_ARG_SRC16, NONE, 0, M),
	[0xB8] = NO(M), [0xB9] = NO(M), [0xBA] = OP(NONE, 0, B, GRP_8, M),
	[0xBB] = OP(BT, BT_COMPLEMENT, NONE, 0, M | L), [0xBC] = NO(M), [0xBD] = NO(M),
	[0xBE] = OP(MOVX, TO_REG | INSN_ARG_SIGNED, NONE, 0, M),
	[0xBF] = OP(MOVX, TO_REG | INSN_ARG_SIGNED | INSN_ARG_SRC16, NONE, 0, M),
	[0xC0] = OP(XADD, 0, NONE, 0, M | BY | L), [0xC1] = OP(XADD, 0, NONE, 0, M | L),
	[0xC2] = NOI(B, M), [0xC3] = OP(MOV_STORE, 0, NONE, 0, M | OPF_MEM), [0xC4] = NOI(B, M),
	[0xC5] = NOI(B, M), [0xC6] = NOI(B, M), [0xC7] = NO(M),
	ROW8(0xC8, NO(0)),
	ROW8(0xD0, NO(M)), ROW8(0xD8, NO(M)), ROW8(0xE0, NO(M)), ROW8(0xE8, NO(M)),
	ROW8(0xF0, NO(M)), ROW8(0xF8, NO(M)),
};

#define GRP_ALU(k, lock) OP(ALU, (k) | FROM_IMM, NONE, 0, (lock))

const struct insn_opcode insn_groups[][8] = {
	[GRP_1] = { GRP_ALU(ALU_ADD, L), GRP_ALU(ALU_OR, L), GRP_ALU(ALU_ADC, L), GRP_ALU(ALU_SBB, L),
		    GRP_ALU(ALU_AND, L), GRP_ALU(ALU_SUB, L), GRP_ALU(ALU_XOR, L), GRP_ALU(ALU_CMP, 0) },
	[GRP_1A] = { NO(0), UD, UD, UD, UD, UD, UD, UD },
	[GRP_3] = { OP(TEST, FROM_IMM, Z, 0, 0), OP(TEST, FROM_IMM, Z, 0, 0),
		    OP(UNARY, UNARY_NOT, NONE, 0, L), OP(UNARY, UNARY_NEG, NONE, 0, L),
		    NO(0), NO(0), NO(0), NO(0) },
	[GRP_4] = { OP(UNARY, UNARY_INC, NONE, 0, L), OP(UNARY, UNARY_DEC, NONE, 0, L),
		    UD, UD, UD, UD, UD, UD },
	[GRP_5] = { OP(UNARY, UNARY_INC, NONE, 0, L), OP(UNARY, UNARY_DEC, NONE, 0, L),
		    NO(OPF_F64), NO(OPF_MEM), NO(OPF_F64), NO(OPF_MEM), NO(OPF_DEF64), UD },
	[GRP_8] = { UD, UD, UD, UD, OP(BT, BT_TEST | FROM_IMM, NONE, 0, 0),
		    OP(BT, BT_SET | FROM_IMM, NONE, 0, L), OP(BT, BT_RESET | FROM_IMM, NONE, 0, L),
		    OP(BT, BT_COMPLEMENT | FROM_IMM, NONE, 0, L) },
	[GRP_11] = { OP(MOV_STORE, FROM_IMM, Z, 0, 0), UD, UD, UD, UD, UD, UD, NOI(Z, 0) },
};

/* 0F 38 xx (ModRM) and 0F 3A xx (ModRM, ib): decoded for their length, none emulated. */
const struct insn_opcode insn_map_three_byte[2] = { NO(M), NOI(B, M) };
