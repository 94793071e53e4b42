/* SPDX-License-Identifier: BSD-2-Clause */
/* boot_info: what either boot path (UEFI or multiboot2) hands to hv_main. */
#ifndef BOOT_BOOT_INFO_H
#define BOOT_BOOT_INFO_H

#include "hv/lib/types.h"

#define BI_MAX_MEM 256
#define BI_MAX_MODS 32
#define BI_NAME_LEN 64
#define BI_CMDLINE_LEN 256

enum bi_source { BOOT_UEFI = 1, BOOT_MB2_BIOS, BOOT_MB2_UEFI };

enum bi_mem_type {
	BI_MEM_USABLE = 1,
	BI_MEM_RESERVED,
	BI_MEM_ACPI_RECLAIM,
	BI_MEM_ACPI_NVS,
	BI_MEM_BAD,
	BI_MEM_BOOT,     /* boot stage: loader code/data, modules; never handed out */
	BI_MEM_FIRMWARE, /* UEFI boot services: free once our page tables are live */
};

struct bi_mem_region {
	uint64_t base;
	uint64_t len;
	uint32_t type;
};

struct bi_module {
	char name[BI_NAME_LEN];
	uint64_t base;
	uint64_t len;
};

struct boot_info {
	uint32_t source;
	uint64_t rsdp;            /* physical address of the ACPI RSDP, 0 if unknown */
	uint64_t image_base;      /* the hypervisor image, [base, end) */
	uint64_t image_end;
	uint64_t trampoline;      /* one 4 KiB page below 1 MiB for the AP trampoline */
	char cmdline[BI_CMDLINE_LEN];
	char manifest_name[BI_NAME_LEN];
	int manifest_module;      /* index into mods, -1 when absent */
	char manifest_error[128]; /* why the boot stage could not load it, if so */
	uint32_t nmem;
	struct bi_mem_region mem[BI_MAX_MEM];
	uint32_t nmods;
	struct bi_module mods[BI_MAX_MODS];
	bool mem_truncated;
};

void bi_init(struct boot_info *bi, uint32_t source);
/* Adds a region; overlapping regions resolve to the most restrictive type.
 * Keeps the map sorted, merged and non-overlapping. */
bool bi_add_mem(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type);
bool bi_add_module(struct boot_info *bi, const char *name, uint64_t base, uint64_t len);
const struct bi_module *bi_find_module(const struct boot_info *bi, const char *name);
/* Sum of usable bytes. */
uint64_t bi_usable_bytes(const struct boot_info *bi);
const char *bi_mem_type_name(uint32_t type);
const char *bi_source_name(uint32_t source);

#endif
