/* SPDX-License-Identifier: BSD-2-Clause */
/* Small statistics helpers: min, median and max of a sample. */
#ifndef HV_LIB_STATS_H
#define HV_LIB_STATS_H

#include "hv/lib/types.h"

/* Sorts v and returns min/median/max (pure, unit tested). */
void stats_min_median_max(uint64_t *v, uint32_t n, uint64_t *min, uint64_t *med, uint64_t *max);

#endif
