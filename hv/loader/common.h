/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared pieces of the guest loaders: the load state, ELF segments, strings, modules. */
#ifndef HV_LOADER_COMMON_H
#define HV_LOADER_COMMON_H

#include "hv/loader/loader.h"

struct bi_module;

/* guest-physical layout of what the loaders write below 1 MiB */
#define BOOTINFO_GPA 0x8000u   /* multiboot information */
#define BOOTINFO_END 0x9000u
#define PAGETABLE_GPA 0x10000u /* 64-bit entries: identity page tables (PML4, PDPT, a PD per GiB) */
#define PAGETABLE_END 0x90000u

#define MB1_MAGIC 0x1BADB002u /* the kernel headers the loaders look for */
#define MB2_MAGIC 0xE85250D6u

struct loader {
	struct partition *p;
	const struct boot_info *bi;
	const struct bi_module *kernel;
	char *why;
	size_t size;
	uint64_t top; /* first free guest-physical address after what is loaded */
};

bool loader_fail(struct loader *l, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* true when magic sits at an align-aligned offset within the first span bytes */
bool loader_find_header(const struct bi_module *k, uint32_t magic, uint32_t align, uint32_t span,
			uint64_t *offset);
/* Copies the PT_LOAD segments of an ELF32 or ELF64 kernel to their physical addresses. */
bool loader_load_elf(struct loader *l, uint64_t *entry);
/* The modules a multiboot guest gets: the initrd first (if any), then `modules` in order. */
uint32_t loader_module_count(const struct loader *l);
const char *loader_module_name(const struct loader *l, uint32_t i);
/* Copies module i (as numbered above) after what is loaded; returns its guest range. */
bool loader_place_module(struct loader *l, uint32_t i, uint64_t *start, uint64_t *end);

/* Identity page tables over all of the partition's memory with 2 MiB pages, at PAGETABLE_GPA. */
bool loader_identity_map(struct loader *l, uint64_t *cr3);
bool loader_mb1(struct loader *l, struct load_result *out);
bool loader_mb2(struct loader *l, struct load_result *out);
bool loader_raw64(struct loader *l, struct load_result *out);

#endif
