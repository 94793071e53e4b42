/* SPDX-License-Identifier: BSD-2-Clause */
/* Exit statistics: a table per partition and one JSON "stat" line per vCPU and reason. */
#ifndef HV_EXIT_STATS_H
#define HV_EXIT_STATS_H

struct partition;

void exit_stats_print(const struct partition *p);

#endif
