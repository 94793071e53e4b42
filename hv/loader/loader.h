/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest loaders: put a kernel, its modules and boot information into partition memory. */
#ifndef HV_LOADER_H
#define HV_LOADER_H

#include "hv/lib/types.h"

struct partition;
struct boot_info;

enum load_mode { LOAD_MODE_PM32 = 0, LOAD_MODE_LONG64 };

struct load_result {
	uint64_t entry;     /* first instruction */
	uint32_t eax, ebx;  /* boot-protocol registers */
	uint32_t mode;      /* enum load_mode: how the first vCPU starts */
	uint64_t cr3;       /* LOAD_MODE_LONG64: the identity page tables */
};

/* Loads the partition's kernel: multiboot v1, multiboot2 (ELF32/ELF64) or a raw 64-bit image. On failure writes a
 * message naming the image and the problem into why. */
bool loader_load(struct partition *p, const struct boot_info *bi, struct load_result *out,
		 char *why, size_t size);

#endif
