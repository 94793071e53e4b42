/* SPDX-License-Identifier: BSD-2-Clause */
/* The executor table: one function per instruction family. */
#include "hv/insn/exec.h"
#include "hv/insn/exec_alu.h"
#include "hv/insn/exec_bt.h"
#include "hv/insn/exec_mov.h"
#include "hv/insn/outcome.h"
#include "hv/insn/string_ops.h"

typedef enum insn_result (*insn_executor)(struct insn_emu *e);

static const insn_executor executors[INSN_FAM_COUNT] = {
	[INSN_FAM_MOV_STORE] = insn_exec_mov_store,
	[INSN_FAM_MOV_LOAD] = insn_exec_mov_load,
	[INSN_FAM_MOV_MOFFS] = insn_exec_mov_moffs,
	[INSN_FAM_MOVX] = insn_exec_movx,
	[INSN_FAM_ALU] = insn_exec_alu,
	[INSN_FAM_TEST] = insn_exec_test,
	[INSN_FAM_XCHG] = insn_exec_xchg,
	[INSN_FAM_UNARY] = insn_exec_unary,
	[INSN_FAM_BT] = insn_exec_bt,
	[INSN_FAM_CMPXCHG] = insn_exec_cmpxchg,
	[INSN_FAM_XADD] = insn_exec_xadd,
	[INSN_FAM_SETCC] = insn_exec_setcc,
	[INSN_FAM_CMOVCC] = insn_exec_cmovcc,
	[INSN_FAM_MOVS] = insn_exec_movs,
	[INSN_FAM_CMPS] = insn_exec_cmps,
	[INSN_FAM_STOS] = insn_exec_stos,
	[INSN_FAM_LODS] = insn_exec_lods,
	[INSN_FAM_SCAS] = insn_exec_scas,
	[INSN_FAM_INS] = insn_exec_ins,
	[INSN_FAM_OUTS] = insn_exec_outs,
};

enum insn_result insn_execute(struct insn_emu *e)
{
	insn_executor run = e->d.family < INSN_FAM_COUNT ? executors[e->d.family] : NULL;
	if (!run)
		return insn_unsupported(e->out, "unsupported", e->bytes, e->d.len, e->cpu->rip, INSN_HINT);
	return run(e);
}
