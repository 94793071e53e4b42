/* SPDX-License-Identifier: BSD-2-Clause */
/* The scheduler's statistics of a shared partition: time on the core, steal, halt-polling, flushes. */
#ifndef HV_EXIT_STATS_SCHED_H
#define HV_EXIT_STATS_SCHED_H

#include "hv/partition/partition.h"

/* One `sched {...}` JSON line per vCPU (label 0: at the end, else a phase checkpoint), into the
 * text buffer the caller has begun; nothing for a dedicated partition. */
void sched_stats_print(const struct partition *p, uint32_t label);
/* A checkpoint starts a new phase: the counters start from zero, the window stays. */
void sched_stats_reset(struct partition *p);

#endif
