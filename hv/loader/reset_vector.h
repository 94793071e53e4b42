/* SPDX-License-Identifier: BSD-2-Clause */
/* The partition's reset vector: firmware code at 0xFFFF0 that resets the partition, as a BIOS would. */
#ifndef HV_LOADER_RESET_VECTOR_H
#define HV_LOADER_RESET_VECTOR_H

#include "hv/lib/types.h"

struct partition;

/* F000:FFF0, in the firmware area 0xF0000-0xFFFFF that the memory map reserves */
#define RESET_VECTOR_GPA 0xFFFF0ULL

/* Writes the reset stub into p's memory; false when that address is not p's memory. */
bool loader_install_reset_vector(struct partition *p);

#endif
