/* SPDX-License-Identifier: BSD-2-Clause */
/* The partition's reset vector: firmware code at 0xFFFF0 that resets the partition, as a BIOS would. */
#ifndef HV_LOADER_RESET_VECTOR_H
#define HV_LOADER_RESET_VECTOR_H

#include "hv/lib/types.h"

struct partition;

#define FIRMWARE_AREA_GPA 0xF0000ULL /* reserved in the memory map: the "BIOS ROM" */
#define RESET_VECTOR_GPA 0xFFFF0ULL  /* F000:FFF0 */

/* Writes the reset stub into p's memory; false when that address is not p's memory. */
bool loader_install_reset_vector(struct partition *p);

#endif
