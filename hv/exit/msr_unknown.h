/* SPDX-License-Identifier: BSD-2-Clause */
/* Accesses to MSRs splitvisor does not implement (each gets #GP), counted per partition by MSR. */
#ifndef HV_EXIT_MSR_UNKNOWN_H
#define HV_EXIT_MSR_UNKNOWN_H

#include "hv/partition/partition.h"

/* Counts one access; the first 16 MSRs seen get a slot each, the rest go to "others". */
void msr_unknown_count(struct msr_unknown *t, uint32_t msr, bool write);
/* Its lines in the partition's exit statistics (none when nothing was counted). */
void msr_unknown_print(const struct partition *p);

#endif
