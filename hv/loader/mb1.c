/* SPDX-License-Identifier: BSD-2-Clause */
/* Multiboot v1 loader: ELF kernels, modules, command line and memory map for a partition. */
#include "hv/loader/common.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/partition.h"
#include "hv/lib/string.h"

#define MB1_BOOT_MAGIC 0x2BADB002u
#define MMAP_GPA (BOOTINFO_GPA + 0x100u)
#define MODS_GPA (BOOTINFO_GPA + 0x200u)
#define STRINGS_GPA (BOOTINFO_GPA + 0x400u)

struct PACKED mb1_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr, drives_length, drives_addr, config_table, boot_loader_name;
};

struct PACKED mb1_mmap_entry {
	uint32_t size;
	uint64_t base, len;
	uint32_t type;
};

static uint32_t add_string(struct loader *l, uint32_t *next, const char *s)
{
	uint64_t n = strlen(s) + 1;
	if (*next + n > BOOTINFO_END)
		return 0;
	uint32_t at = *next;
	partition_write(l->p, at, s, n);
	*next += (uint32_t)n;
	return at;
}

static void write_mmap(struct loader *l, struct mb1_info *mbi)
{
	struct mb1_mmap_entry map[3] = {
		{ 20, 0, 0x9F000, 1 },
		{ 20, 0x9F000, 0x100000 - 0x9F000, 2 },
		{ 20, 0x100000, l->p->memory - 0x100000, 1 },
	};
	partition_write(l->p, MMAP_GPA, map, sizeof(map));
	mbi->mmap_addr = MMAP_GPA;
	mbi->mmap_length = sizeof(map);
	mbi->mem_lower = 0x9F000 / 1024;
	mbi->mem_upper = (uint32_t)((l->p->memory - 0x100000) / 1024);
}

bool loader_mb1(struct loader *l, struct load_result *out)
{
	struct mb1_info mbi;
	uint32_t strings = STRINGS_GPA;
	memset(&mbi, 0, sizeof(mbi));
	if (!loader_load_elf(l, &out->entry))
		return false;
	const struct manifest_partition *c = l->p->cfg;
	uint32_t nmods = loader_module_count(l);
	for (uint32_t i = 0; i < nmods; i++) {
		uint64_t start, end;
		if (!loader_place_module(l, i, &start, &end))
			return false;
		uint32_t entry[4] = { (uint32_t)start, (uint32_t)end,
				      add_string(l, &strings, loader_module_name(l, i)), 0 };
		partition_write(l->p, MODS_GPA + i * sizeof(entry), entry, sizeof(entry));
	}
	mbi.mods_count = nmods;
	mbi.mods_addr = MODS_GPA;
	write_mmap(l, &mbi);
	mbi.cmdline = add_string(l, &strings, c->cmdline);
	mbi.boot_loader_name = add_string(l, &strings, "splitvisor");
	mbi.flags = (1u << 0) | (1u << 2) | (1u << 3) | (1u << 6) | (1u << 9);
	if (!mbi.cmdline || !mbi.boot_loader_name)
		return loader_fail(l, "the command line and module names are longer than 3 KiB together");
	partition_write(l->p, BOOTINFO_GPA, &mbi, sizeof(mbi));
	out->eax = MB1_BOOT_MAGIC;
	out->ebx = BOOTINFO_GPA;
	out->mode = LOAD_MODE_PM32;
	return true;
}
