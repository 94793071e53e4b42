/* SPDX-License-Identifier: BSD-2-Clause */
/* The executor table: one function per instruction family. */
#ifndef HV_INSN_EXEC_H
#define HV_INSN_EXEC_H

#include "hv/insn/mem.h"

/* Runs the decoded instruction in e->d (e->next_rip set); INSN_UNSUPPORTED for a family with no
 * executor. */
enum insn_result insn_execute(struct insn_emu *e);

#endif
