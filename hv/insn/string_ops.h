/* SPDX-License-Identifier: BSD-2-Clause */
/* Executors of the string instructions: MOVS CMPS STOS LODS SCAS INS OUTS, with REP. */
#ifndef HV_INSN_STRING_OPS_H
#define HV_INSN_STRING_OPS_H

#include "hv/insn/mem.h"

enum insn_result insn_exec_movs(struct insn_emu *e);
enum insn_result insn_exec_cmps(struct insn_emu *e);
enum insn_result insn_exec_stos(struct insn_emu *e);
enum insn_result insn_exec_lods(struct insn_emu *e);
enum insn_result insn_exec_scas(struct insn_emu *e);
enum insn_result insn_exec_ins(struct insn_emu *e);
enum insn_result insn_exec_outs(struct insn_emu *e);

#endif
