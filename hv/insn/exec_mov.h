/* SPDX-License-Identifier: BSD-2-Clause */
/* Executors of the data moves: MOV, MOVZX/MOVSX/MOVSXD, MOVNTI, XCHG, SETcc, CMOVcc. */
#ifndef HV_INSN_EXEC_MOV_H
#define HV_INSN_EXEC_MOV_H

#include "hv/insn/mem.h"

enum insn_result insn_exec_mov_store(struct insn_emu *e);
enum insn_result insn_exec_mov_load(struct insn_emu *e);
enum insn_result insn_exec_mov_moffs(struct insn_emu *e);
enum insn_result insn_exec_movx(struct insn_emu *e);
enum insn_result insn_exec_xchg(struct insn_emu *e);
enum insn_result insn_exec_setcc(struct insn_emu *e);
enum insn_result insn_exec_cmovcc(struct insn_emu *e);

#endif
