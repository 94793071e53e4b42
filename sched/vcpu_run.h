/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest-core side of a vCPU: enter, read the exit, handle it here or post it (SplitX), apply. */
#ifndef SCHED_VCPU_RUN_H
#define SCHED_VCPU_RUN_H

#include "hv/partition/vcpu.h"

/* Runs v on this core until its partition stops or an INIT arrives (v->init_pending). */
void vcpu_run(struct vcpu *v);
/* After an NMI exit: clear blocking-by-NMI and execute an IRET in root mode (the
 * latter is what Bochs needs before NMIs are delivered again). */
void vcpu_unblock_nmi(void);

#endif
