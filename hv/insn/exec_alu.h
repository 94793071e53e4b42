/* SPDX-License-Identifier: BSD-2-Clause */
/* Executors of arithmetic and logic: the ALU group, TEST, NOT/NEG/INC/DEC, CMPXCHG, XADD. */
#ifndef HV_INSN_EXEC_ALU_H
#define HV_INSN_EXEC_ALU_H

#include "hv/insn/mem.h"

enum insn_result insn_exec_alu(struct insn_emu *e);
enum insn_result insn_exec_test(struct insn_emu *e);
enum insn_result insn_exec_unary(struct insn_emu *e);
enum insn_result insn_exec_cmpxchg(struct insn_emu *e);
enum insn_result insn_exec_xadd(struct insn_emu *e);

#endif
