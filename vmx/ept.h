/* SPDX-License-Identifier: BSD-2-Clause */
/* EPT: per-partition guest-physical to host-physical tables, 2 MiB pages, write-back. */
#ifndef VMX_EPT_H
#define VMX_EPT_H

#include "hv/types.h"

struct partition;

/* Builds the EPT of a partition: guest-physical 0..memory, backed by its host
 * ranges, and nothing else. Returns the EPT pointer (0 when out of memory). */
uint64_t ept_build(const struct partition *p);
/* Frees the tables ept_build allocated. */
void ept_free(uint64_t eptp);

#endif
