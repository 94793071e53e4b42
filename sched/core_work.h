/* SPDX-License-Identifier: BSD-2-Clause */
/* One-off work a guest core is asked to run (the mailbox self-test, a dedicated vCPU). */
#ifndef SCHED_CORE_WORK_H
#define SCHED_CORE_WORK_H

#include "hv/percpu.h"

/* Any core: cpu runs fn once, from its loop. */
void core_work_post(uint32_t cpu, void (*fn)(void));
/* The guest core's loop: runs what was posted; false when nothing was. */
bool core_work_run(struct percpu *me);

#endif
