/* SPDX-License-Identifier: BSD-2-Clause */
/* boot_info builders shared by the UEFI and multiboot2 boot paths. */
#include "boot/boot_info.h"
#include "hv/lib/string.h"

void bi_init(struct boot_info *bi, uint32_t source)
{
	memset(bi, 0, sizeof(*bi));
	bi->source = source;
	bi->manifest_module = -1;
	str_copy(bi->manifest_name, "splitvisor.toml", sizeof(bi->manifest_name));
}

/* Higher rank wins where regions overlap: anything beats usable. */
static int type_rank(uint32_t type)
{
	switch (type) {
	case BI_MEM_USABLE: return 0;
	case BI_MEM_FIRMWARE: return 1;
	case BI_MEM_ACPI_RECLAIM: return 1;
	case BI_MEM_RESERVED: return 2;
	case BI_MEM_ACPI_NVS: return 3;
	case BI_MEM_BOOT: return 4;
	default: return 5;
	}
}

static bool insert_at(struct boot_info *bi, uint32_t i, uint64_t base, uint64_t len, uint32_t type)
{
	if (bi->nmem >= BI_MAX_MEM) {
		bi->mem_truncated = true;
		return false;
	}
	memmove(&bi->mem[i + 1], &bi->mem[i], (bi->nmem - i) * sizeof(bi->mem[0]));
	bi->mem[i] = (struct bi_mem_region){ base, len, type };
	bi->nmem++;
	return true;
}

static void remove_at(struct boot_info *bi, uint32_t i)
{
	memmove(&bi->mem[i], &bi->mem[i + 1], (bi->nmem - i - 1) * sizeof(bi->mem[0]));
	bi->nmem--;
}

static void merge_neighbours(struct boot_info *bi)
{
	for (uint32_t i = 0; i + 1 < bi->nmem;) {
		struct bi_mem_region *a = &bi->mem[i], *b = &bi->mem[i + 1];
		if (a->type == b->type && a->base + a->len == b->base) {
			a->len += b->len;
			remove_at(bi, i + 1);
		} else {
			i++;
		}
	}
}

/* Inserts [base,end) of type into the gaps of the map and lets it override
 * overlapped parts of lower rank. */
bool bi_add_mem(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type)
{
	if (!len)
		return true;
	uint64_t end = base + len < base ? UINT64_MAX : base + len;
	uint64_t cur = base;
	uint32_t i = 0;
	while (cur < end) {
		while (i < bi->nmem && bi->mem[i].base + bi->mem[i].len <= cur)
			i++;
		if (i == bi->nmem || bi->mem[i].base >= end) {
			if (!insert_at(bi, i, cur, end - cur, type))
				return false;
			break;
		}
		struct bi_mem_region r = bi->mem[i];
		if (r.base > cur) {
			if (!insert_at(bi, i, cur, r.base - cur, type))
				return false;
			cur = r.base;
			i++;
			continue;
		}
		uint64_t r_end = r.base + r.len;
		uint64_t o_end = r_end < end ? r_end : end;
		if (type_rank(type) > type_rank(r.type)) {
			/* split r into [r.base,cur) r.type, [cur,o_end) type, [o_end,r_end) r.type */
			remove_at(bi, i);
			uint32_t j = i;
			if (r.base < cur && insert_at(bi, j, r.base, cur - r.base, r.type))
				j++;
			if (!insert_at(bi, j, cur, o_end - cur, type))
				return false;
			j++;
			if (o_end < r_end && !insert_at(bi, j, o_end, r_end - o_end, r.type))
				return false;
			i = j;
		} else {
			i++;
		}
		cur = o_end;
	}
	merge_neighbours(bi);
	return true;
}

bool bi_add_module(struct boot_info *bi, const char *name, uint64_t base, uint64_t len)
{
	if (bi->nmods >= BI_MAX_MODS)
		return false;
	struct bi_module *m = &bi->mods[bi->nmods++];
	/* a module's name is its command line's first word, without a path */
	const char *n = name;
	for (const char *p = name; *p && *p != ' '; p++)
		if (*p == '/')
			n = p + 1;
	size_t k = 0;
	while (n[k] && n[k] != ' ' && k + 1 < sizeof(m->name)) {
		m->name[k] = n[k];
		k++;
	}
	m->name[k] = 0;
	m->base = base;
	m->len = len;
	return true;
}

const struct bi_module *bi_find_module(const struct boot_info *bi, const char *name)
{
	for (uint32_t i = 0; i < bi->nmods; i++)
		if (strcmp(bi->mods[i].name, name) == 0)
			return &bi->mods[i];
	return NULL;
}

uint64_t bi_usable_bytes(const struct boot_info *bi)
{
	uint64_t sum = 0;
	for (uint32_t i = 0; i < bi->nmem; i++)
		if (bi->mem[i].type == BI_MEM_USABLE)
			sum += bi->mem[i].len;
	return sum;
}

const char *bi_mem_type_name(uint32_t type)
{
	static const char *const names[] = {
		"?", "usable", "reserved", "acpi-reclaim", "acpi-nvs", "bad", "boot", "firmware",
	};
	return type < ARRAY_SIZE(names) ? names[type] : "?";
}

const char *bi_source_name(uint32_t source)
{
	switch (source) {
	case BOOT_UEFI: return "UEFI (splitvisor.efi)";
	case BOOT_MB2_BIOS: return "GRUB2 multiboot2 (BIOS)";
	case BOOT_MB2_UEFI: return "GRUB2 multiboot2 (UEFI)";
	default: return "unknown";
	}
}
