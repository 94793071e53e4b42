/* SPDX-License-Identifier: BSD-2-Clause */
/* RFLAGS results of arithmetic and logic, as the hardware sets them. */
#ifndef HV_INSN_FLAGS_H
#define HV_INSN_FLAGS_H

#include "hv/lib/types.h"

#define FL_CF (1ULL << 0)
#define FL_PF (1ULL << 2)
#define FL_AF (1ULL << 4)
#define FL_ZF (1ULL << 6)
#define FL_SF (1ULL << 7)
#define FL_TF (1ULL << 8)
#define FL_DF (1ULL << 10)
#define FL_OF (1ULL << 11)
#define FL_RF (1ULL << 16)
#define FL_VM (1ULL << 17)
#define FL_AC (1ULL << 18)
#define FL_STATUS (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

/* PF, ZF, SF of a size-byte result. */
uint64_t insn_flags_result(uint64_t r, unsigned size);
/* All six status flags of a + b + carry and of a - b - borrow (CMP, SUB, SBB, NEG). */
uint64_t insn_flags_add(uint64_t a, uint64_t b, unsigned carry, unsigned size);
uint64_t insn_flags_sub(uint64_t a, uint64_t b, unsigned borrow, unsigned size);

/* ADD OR ADC SBB AND SUB XOR CMP (enum insn_alu_op) on size bytes: returns the result (for CMP,
 * the difference) and replaces the status flags in *rflags. AND, OR, XOR clear CF and OF
 * (and AF, which the SDM leaves undefined). */
uint64_t insn_flags_alu(unsigned op, uint64_t a, uint64_t b, unsigned size, uint64_t *rflags);

/* Whether condition cc (the low nibble of Jcc/SETcc/CMOVcc) holds. */
bool insn_flags_condition(uint64_t rflags, unsigned cc);

/* Replaces the bits of mask in *rflags by those of value. */
static inline void insn_flags_set(uint64_t *rflags, uint64_t mask, uint64_t value)
{
	*rflags = (*rflags & ~mask) | (value & mask);
}

#endif
