/* SPDX-License-Identifier: BSD-2-Clause */
/* Fuzz builds: the handler table's reasons and the device registers a partition reached. */
#ifndef HV_EXIT_STATS_COVER_H
#define HV_EXIT_STATS_COVER_H

struct partition;

/* `exit_table {...}` and one `cover {...}` line per emulated register; nothing in other builds. */
void stats_cover_print(const struct partition *p);

#endif
