/* SPDX-License-Identifier: BSD-2-Clause */
/* Executor of the bit tests: BT, BTS, BTR, BTC. */
#ifndef HV_INSN_EXEC_BT_H
#define HV_INSN_EXEC_BT_H

#include "hv/insn/mem.h"

enum insn_result insn_exec_bt(struct insn_emu *e);

#endif
