/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot-time mailbox self-test: every guest core pings its hypervisor core. */
#ifndef HV_SELFTEST_H
#define HV_SELFTEST_H

#include "hv/lib/types.h"

#define SELFTEST_ROUNDS 64

/* Runs on the boot CPU (a hypervisor core); true when every reply was right. */
bool selftest_mailbox(void);
/* Sorts v and returns min/median/max (pure, unit tested). */
void stats_min_median_max(uint64_t *v, uint32_t n, uint64_t *min, uint64_t *med, uint64_t *max);

#endif
