/* SPDX-License-Identifier: BSD-2-Clause */
/* Physical frame allocator: free ranges taken from the memory map. */
#ifndef HV_FRAME_H
#define HV_FRAME_H

#include "hv/lib/types.h"

/* A run of host-physical memory (a partition's memory is a list of them). */
struct host_range {
	uint64_t base, len;
};

#define FRAME_MAX_RANGES 512
/* Frames below this are never handed out (real-mode area, trampoline). */
#define FRAME_LOW_LIMIT 0x100000ULL

void frame_init(void);
/* Adds [base, base+len) to the free pool, shrunk inwards to whole pages. */
void frame_add_free(uint64_t base, uint64_t len);
/* Takes [base, base+len) out of the free pool wherever it overlaps. */
void frame_reserve(uint64_t base, uint64_t len);
/* npages contiguous frames, aligned to align bytes, ending at or below limit
 * (0 = no limit); highest fit first. Returns 0 when none is free. */
uint64_t frame_alloc(uint64_t npages, uint64_t align, uint64_t limit);
void frame_free(uint64_t base, uint64_t npages);
uint64_t frame_free_bytes(void);
uint32_t frame_range_count(void);

#endif
