/* SPDX-License-Identifier: BSD-2-Clause */
/* Partition lifecycle: load, start its vCPUs on their guest cores, stop, restart, end. */
#ifndef HV_PARTITION_RUN_H
#define HV_PARTITION_RUN_H

#include "hv/lib/types.h"

struct boot_info;
struct partition;

/* Checks VT-x and starts every partition; false (nothing started) with the reason printed. */
bool partitions_launch(const struct boot_info *bi);
bool partitions_all_ended(void);
/* true when every partition ended by its own request (power-off, or debug-exit 0 or 0x10) */
bool partitions_all_succeeded(void);
/* Asks every running partition to stop (the run limit). */
void partitions_stop_all(uint32_t kind, const char *why);
/* Prints every partition's exit statistics (table and machine-readable stat lines). */
void partitions_print_all_stats(void);

#endif
