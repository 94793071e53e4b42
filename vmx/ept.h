/* SPDX-License-Identifier: BSD-2-Clause */
/* EPT: per-partition guest-physical to host-physical tables, 2 MiB pages, write-back. */
#ifndef VMX_EPT_H
#define VMX_EPT_H

#include "hv/mm/frame.h"


/* Builds the EPT of a partition: guest-physical 0..memory, backed by its host
 * ranges, and nothing else. Returns the EPT pointer (0 when out of memory). */
uint64_t ept_build(const struct host_range *range, uint32_t nranges);
/* Maps one 4 KiB guest page to hpa, or unmaps it when hpa is 0 (splitting a 2 MiB page
 * first). The caller flushes (INVEPT) on the cores that run the partition. */
bool ept_set_page(uint64_t eptp, uint64_t gpa, uint64_t hpa);
/* Frees the tables ept_build allocated. */
void ept_free(uint64_t eptp);

#endif
