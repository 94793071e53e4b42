/* SPDX-License-Identifier: BSD-2-Clause */
/* What a shared core does against leaks when it switches from one partition's vCPU to another's. */
#ifndef SCHED_SWITCH_FLUSH_H
#define SCHED_SWITCH_FLUSH_H

#include "hv/lib/types.h"

/* [hypervisor] switch_flush: "all" (IBPB, an L1D flush, VERW where MDS applies), "ibpb", "off". */
void switch_flush(void);
/* What this CPU offers, for the boot log: e.g. "IBPB, L1D flush (software), VERW". */
const char *switch_flush_describe(void);

#endif
