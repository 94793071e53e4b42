/* SPDX-License-Identifier: BSD-2-Clause */
/* Invalidating a vCPU's TLB entries by VPID on the calling core, with the INVVPID types the CPU has. */
#ifndef VMX_VPID_FLUSH_H
#define VMX_VPID_FLUSH_H

#include "hv/lib/types.h"

/* Above this many pages a range is flushed as a whole context. */
#define VPID_FLUSH_MAX_PAGES 32

/* Linear addresses [start, end) of vpid: page by page (individual-address INVVPID) for a small
 * range, else the whole context. Returns true when it went page by page. */
bool vpid_flush_range(uint16_t vpid, uint64_t start, uint64_t end);
/* Every entry of vpid (single-context INVVPID, else all contexts). */
void vpid_flush_all(uint16_t vpid);

#endif
