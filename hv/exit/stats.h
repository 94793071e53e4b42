/* SPDX-License-Identifier: BSD-2-Clause */
/* Exit statistics: a table per partition and one JSON "stat" line per vCPU and reason. */
#ifndef HV_EXIT_STATS_H
#define HV_EXIT_STATS_H

#include "hv/lib/types.h"

struct partition;
struct vcpu;

void exit_stats_print(const struct partition *p);
/* Counts a WRMSR exit of v by the register written (struct vcpu's wrmsr_exits). */
void exit_stats_count_wrmsr(struct vcpu *v, uint32_t msr);
/* Hypercall SV_HC_STATS_CHECKPOINT: prints the statistics of every vCPU of the caller's partition as phase lines
 * labelled label (0: print nothing) and resets them. */
void exit_stats_checkpoint(struct vcpu *caller, uint32_t label);

#endif
