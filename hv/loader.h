/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest loaders: put a kernel, its modules and boot information into partition memory. */
#ifndef HV_LOADER_H
#define HV_LOADER_H

#include "hv/types.h"

struct partition;
struct boot_info;

struct load_result {
	uint64_t entry;     /* first instruction */
	uint32_t eax, ebx;  /* boot-protocol registers */
};

/* Loads the partition's kernel (multiboot v1 ELF32 today). On failure writes a
 * message naming the image and the problem into why. */
bool loader_load(struct partition *p, const struct boot_info *bi, struct load_result *out,
		 char *why, size_t size);

#endif
