/* SPDX-License-Identifier: BSD-2-Clause */
/* Partitions: what the manifest asked for, and the host memory that backs each one. */
#ifndef HV_PARTITION_H
#define HV_PARTITION_H

#include "hv/types.h"

#define PARTITION_MAX_RANGES 16

struct manifest_partition;

struct host_range {
	uint64_t base, len;
};

struct partition {
	uint32_t index;
	const struct manifest_partition *cfg;
	uint64_t memory;                 /* guest-physical 0..memory */
	uint32_t nranges;
	struct host_range range[PARTITION_MAX_RANGES]; /* in guest-physical order */
};

/* Backs every partition's memory with 2 MiB-aligned host ranges from the frame
 * allocator; false (and everything given back) when memory runs out. */
bool partitions_allocate(void);
uint32_t partition_count(void);
struct partition *partition_get(uint32_t index);
/* Prints per partition: memory, host ranges, mode and policies. */
void partitions_print(void);

#endif
