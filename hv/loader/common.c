/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared pieces of the guest loaders: failure messages, header search, ELF segments, modules. */
#include <stdarg.h>
#include "hv/loader/common.h"
#include "boot/boot_info.h"
#include "hv/lib/fmt.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/partition.h"
#include "hv/lib/string.h"

struct PACKED elf_ident {
	uint8_t magic[4], cls, data, version, abi, pad[8];
	uint16_t type, machine;
	uint32_t version2;
};

struct PACKED elf32_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct PACKED elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct PACKED elf32_phdr { uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align; };
struct PACKED elf64_phdr { uint32_t type, flags; uint64_t offset, vaddr, paddr, filesz, memsz, align; };

struct segment { uint64_t offset, paddr, filesz, memsz; uint32_t type; };

bool loader_fail(struct loader *l, const char *fmt, ...)
{
	char msg[160];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fmt_snprintf(l->why, l->size, "kernel %s: %s", l->kernel->name, msg);
	return false;
}

bool loader_find_header(const struct bi_module *k, uint32_t magic, uint32_t align, uint32_t span,
			uint64_t *offset)
{
	const uint8_t *img = (const uint8_t *)(uintptr_t)k->base;
	for (uint64_t off = 0; off + 16 <= k->len && off < span; off += align) {
		const uint32_t *w = (const uint32_t *)(img + off);
		bool ok = magic == MB1_MAGIC ? w[0] + w[1] + w[2] == 0 : w[0] + w[1] + w[2] + w[3] == 0;
		if (w[0] == magic && ok) {
			if (offset)
				*offset = off;
			return true;
		}
	}
	return false;
}

static bool read_segment(const uint8_t *img, uint64_t len, bool is64, uint64_t phoff, uint32_t i,
			 struct segment *s)
{
	uint64_t at = phoff + i * (is64 ? sizeof(struct elf64_phdr) : sizeof(struct elf32_phdr));
	if (at + (is64 ? sizeof(struct elf64_phdr) : sizeof(struct elf32_phdr)) > len)
		return false;
	if (is64) {
		const struct elf64_phdr *ph = (const void *)(img + at);
		*s = (struct segment){ ph->offset, ph->paddr, ph->filesz, ph->memsz, ph->type };
	} else {
		const struct elf32_phdr *ph = (const void *)(img + at);
		*s = (struct segment){ ph->offset, ph->paddr, ph->filesz, ph->memsz, ph->type };
	}
	return true;
}

static bool copy_segment(struct loader *l, const uint8_t *img, const struct segment *s)
{
	uint64_t end = s->paddr + s->memsz;
	if (s->offset + s->filesz > l->kernel->len || s->filesz > s->memsz || end < s->paddr)
		return loader_fail(l, "a loadable segment lies outside the file (truncated image?)");
	if (s->paddr < BOOTINFO_END || end > l->p->memory)
		return loader_fail(l, "segment at 0x%llx-0x%llx does not fit in the partition's memory "
				   "(0x%x-0x%llx); give it more memory", (unsigned long long)s->paddr,
				   (unsigned long long)end, BOOTINFO_END, (unsigned long long)l->p->memory);
	partition_write(l->p, s->paddr, img + s->offset, s->filesz);
	if (end > l->top)
		l->top = end;
	return true;
}

bool loader_load_elf(struct loader *l, uint64_t *entry)
{
	const uint8_t *img = (const uint8_t *)(uintptr_t)l->kernel->base;
	const struct elf_ident *id = (const void *)img;
	if (l->kernel->len < sizeof(struct elf64_ehdr) || memcmp(id->magic, "\x7f" "ELF", 4) != 0 ||
	    (id->cls != 1 && id->cls != 2))
		return loader_fail(l, "not an ELF file; multiboot kernels must be ELF32 or ELF64 "
				   "(the a.out kludge is not supported)");
	bool is64 = id->cls == 2;
	uint64_t phoff = is64 ? ((const struct elf64_ehdr *)img)->phoff : ((const struct elf32_ehdr *)img)->phoff;
	uint32_t phnum = is64 ? ((const struct elf64_ehdr *)img)->phnum : ((const struct elf32_ehdr *)img)->phnum;
	*entry = is64 ? ((const struct elf64_ehdr *)img)->entry : ((const struct elf32_ehdr *)img)->entry;
	for (uint32_t i = 0; i < phnum; i++) {
		struct segment s;
		if (!read_segment(img, l->kernel->len, is64, phoff, i, &s))
			return loader_fail(l, "the ELF program headers lie outside the file (truncated image?)");
		if (s.type == 1 && s.memsz && !copy_segment(l, img, &s))
			return false;
	}
	return true;
}

uint32_t loader_module_count(const struct loader *l)
{
	return l->p->cfg->nmodules + (l->p->cfg->initrd.name[0] ? 1 : 0);
}

const char *loader_module_name(const struct loader *l, uint32_t i)
{
	const struct manifest_partition *c = l->p->cfg;
	if (c->initrd.name[0])
		return i == 0 ? c->initrd.name : c->module[i - 1].name;
	return c->module[i].name;
}

bool loader_place_module(struct loader *l, uint32_t i, uint64_t *start, uint64_t *end)
{
	const char *name = loader_module_name(l, i);
	const struct bi_module *m = bi_find_module(l->bi, name);
	uint64_t at = ALIGN_UP(l->top, PAGE_SIZE);
	if (!m)
		return loader_fail(l, "module %s was not loaded by the boot stage", name);
	if (at + m->len > l->p->memory)
		return loader_fail(l, "module %s (%llu KiB) does not fit in the partition's memory; give it "
				   "more memory", name, (unsigned long long)(m->len >> 10));
	partition_write(l->p, at, (const void *)(uintptr_t)m->base, m->len);
	*start = at;
	*end = at + m->len;
	l->top = *end;
	return true;
}

bool loader_identity_map(struct loader *l, uint64_t *cr3)
{
	uint64_t gib = ALIGN_UP(l->p->memory, GiB(1)) / GiB(1);
	if (PAGETABLE_GPA + (2 + gib) * PAGE_SIZE > PAGETABLE_END)
		return loader_fail(l, "the identity page tables for %llu GiB do not fit below 0x%x",
				   (unsigned long long)gib, PAGETABLE_END);
	/* guest memory was zeroed: only the present entries are written */
	uint64_t e = (PAGETABLE_GPA + 0x1000) | 3;
	partition_write(l->p, PAGETABLE_GPA, &e, sizeof(e));
	for (uint64_t g = 0; g < gib; g++) {
		e = (PAGETABLE_GPA + 0x2000 + g * 0x1000) | 3;
		partition_write(l->p, PAGETABLE_GPA + 0x1000 + g * 8, &e, sizeof(e));
		for (uint64_t i = 0; i < 512; i++) {
			e = (g * GiB(1) + i * MiB(2)) | 0x83; /* present, writable, 2 MiB */
			partition_write(l->p, PAGETABLE_GPA + 0x2000 + g * 0x1000 + i * 8, &e, sizeof(e));
		}
	}
	*cr3 = PAGETABLE_GPA;
	return true;
}
