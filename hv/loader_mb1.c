/* SPDX-License-Identifier: BSD-2-Clause */
/* Multiboot v1 loader: ELF32 kernels, modules, command line and memory map for a partition. */
#include "hv/loader.h"
#include "boot/boot_info.h"
#include "hv/fmt.h"
#include "hv/manifest.h"
#include "hv/partition.h"
#include "hv/string.h"

#define MB1_MAGIC 0x1BADB002u
#define MB1_BOOT_MAGIC 0x2BADB002u
#define MB2_MAGIC 0xE85250D6u
#define MBI_GPA 0x8000u
#define MMAP_GPA 0x8100u
#define MODS_GPA 0x8200u
#define STRINGS_GPA 0x8400u
#define STRINGS_END 0x9000u

struct PACKED elf32_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct PACKED elf32_phdr {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

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

struct loader {
	struct partition *p;
	const struct bi_module *kernel;
	char *why;
	size_t size;
	uint32_t strings; /* next free string address */
	uint64_t top;     /* first free address after what is loaded */
};

static bool fail(struct loader *l, const char *msg)
{
	fmt_snprintf(l->why, l->size, "kernel %s: %s", l->kernel->name, msg);
	return false;
}

static bool find_header(const struct bi_module *k, uint32_t magic, uint32_t align, uint32_t span)
{
	const uint8_t *img = (const uint8_t *)(uintptr_t)k->base;
	for (uint64_t off = 0; off + 12 <= k->len && off < span; off += align) {
		const uint32_t *w = (const uint32_t *)(img + off);
		if (w[0] == magic && (magic != MB1_MAGIC || w[0] + w[1] + w[2] == 0))
			return true;
	}
	return false;
}

static bool load_segments(struct loader *l, uint64_t *entry)
{
	const uint8_t *img = (const uint8_t *)(uintptr_t)l->kernel->base;
	const struct elf32_ehdr *eh = (const void *)img;
	if (l->kernel->len < sizeof(*eh) || memcmp(eh->ident, "\x7f" "ELF", 4) != 0 || eh->ident[4] != 1)
		return fail(l, "not an ELF32 file; multiboot kernels must be ELF32 (a.out kludge is not supported)");
	if ((uint64_t)eh->phoff + (uint64_t)eh->phnum * sizeof(struct elf32_phdr) > l->kernel->len)
		return fail(l, "the ELF program headers lie outside the file (truncated image?)");
	for (uint16_t i = 0; i < eh->phnum; i++) {
		const struct elf32_phdr *ph = (const void *)(img + eh->phoff + i * sizeof(*ph));
		if (ph->type != 1 || !ph->memsz)
			continue;
		if ((uint64_t)ph->offset + ph->filesz > l->kernel->len || ph->filesz > ph->memsz)
			return fail(l, "a loadable segment lies outside the file (truncated image?)");
		uint64_t end = (uint64_t)ph->paddr + ph->memsz;
		if (ph->paddr < STRINGS_END || end > l->p->memory) {
			char msg[160];
			fmt_snprintf(msg, sizeof(msg), "segment at 0x%x-0x%llx does not fit in the partition's "
				     "memory (0x%x-0x%llx); give it more memory", ph->paddr,
				     (unsigned long long)end, STRINGS_END, (unsigned long long)l->p->memory);
			return fail(l, msg);
		}
		partition_write(l->p, ph->paddr, img + ph->offset, ph->filesz);
		if (end > l->top)
			l->top = end;
	}
	*entry = eh->entry;
	return true;
}

static uint32_t add_string(struct loader *l, const char *s)
{
	uint64_t n = strlen(s) + 1;
	if (l->strings + n > STRINGS_END)
		return 0;
	uint32_t at = l->strings;
	partition_write(l->p, at, s, n);
	l->strings += (uint32_t)n;
	return at;
}

static bool load_modules(struct loader *l, const struct boot_info *bi, struct mb1_info *mbi)
{
	const struct manifest_partition *c = l->p->cfg;
	for (uint32_t i = 0; i < c->nmodules; i++) {
		const struct bi_module *m = bi_find_module(bi, c->module[i].name);
		uint64_t at = ALIGN_UP(l->top, PAGE_SIZE);
		if (!m || at + m->len > l->p->memory)
			return fail(l, "a module does not fit in the partition's memory; give it more memory");
		partition_write(l->p, at, (const void *)(uintptr_t)m->base, m->len);
		uint32_t entry[4] = { (uint32_t)at, (uint32_t)(at + m->len), add_string(l, m->name), 0 };
		partition_write(l->p, MODS_GPA + i * sizeof(entry), entry, sizeof(entry));
		l->top = at + m->len;
	}
	mbi->mods_count = c->nmodules;
	mbi->mods_addr = MODS_GPA;
	return true;
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

static bool load_mb1(struct loader *l, const struct boot_info *bi, struct load_result *out)
{
	struct mb1_info mbi;
	memset(&mbi, 0, sizeof(mbi));
	if (!load_segments(l, &out->entry))
		return false;
	if (!load_modules(l, bi, &mbi))
		return false;
	write_mmap(l, &mbi);
	mbi.cmdline = add_string(l, l->p->cfg->cmdline);
	mbi.boot_loader_name = add_string(l, "splitvisor");
	mbi.flags = (1u << 0) | (1u << 2) | (1u << 3) | (1u << 6) | (1u << 9);
	if (!mbi.cmdline || !mbi.boot_loader_name)
		return fail(l, "the command line and module names are longer than 3 KiB together");
	partition_write(l->p, MBI_GPA, &mbi, sizeof(mbi));
	out->eax = MB1_BOOT_MAGIC;
	out->ebx = MBI_GPA;
	return true;
}

bool loader_load(struct partition *p, const struct boot_info *bi, struct load_result *out,
		 char *why, size_t size)
{
	const struct bi_module *k = bi_find_module(bi, p->cfg->kernel.name);
	struct loader l = { p, k, why, size, STRINGS_GPA, 0 };
	if (!k) {
		fmt_snprintf(why, size, "kernel %s was not loaded by the boot stage", p->cfg->kernel.name);
		return false;
	}
	uint32_t fmt = p->cfg->format;
	bool mb1 = find_header(k, MB1_MAGIC, 4, 8192);
	if (fmt == MANIFEST_FORMAT_MULTIBOOT || (fmt == MANIFEST_FORMAT_DETECT && mb1)) {
		if (!mb1)
			return fail(&l, "no multiboot v1 header in its first 8 KiB");
		return load_mb1(&l, bi, out);
	}
	if (fmt == MANIFEST_FORMAT_MULTIBOOT2 || find_header(k, MB2_MAGIC, 8, 32768))
		return fail(&l, "multiboot2 guests are not loaded by this build yet; build the guest as "
			    "multiboot v1 (format = \"multiboot\")");
	if (fmt == MANIFEST_FORMAT_LINUX || fmt == MANIFEST_FORMAT_RAW)
		return fail(&l, "linux and raw guest formats are not loaded by this build yet");
	return fail(&l, "no multiboot header found; set format in the manifest or use a multiboot kernel");
}
