/* SPDX-License-Identifier: BSD-2-Clause */
/* Multiboot2 loader: ELF kernels with the boot information as tags (command line, loader name,
 * modules, basic memory information, memory map). */
#include "hv/loader/common.h"
#include "boot/boot_info.h"
#include "hv/manifest/manifest.h"
#include "hv/partition/partition.h"
#include "hv/lib/string.h"

#define MB2_BOOT_MAGIC 0x36D76289u

enum { TAG_END = 0, TAG_CMDLINE = 1, TAG_LOADER = 2, TAG_MODULE = 3, TAG_MEMINFO = 4, TAG_MMAP = 6 };
enum { HDR_TAG_END = 0, HDR_TAG_INFO_REQUEST = 1, HDR_TAG_ADDRESS = 2, HDR_TAG_ENTRY = 3 };

struct mb2_writer {
	struct loader *l;
	uint8_t buf[BOOTINFO_END - BOOTINFO_GPA];
	uint32_t len;
	bool overflow;
};

static void *tag(struct mb2_writer *w, uint32_t type, uint32_t size)
{
	uint32_t at = (uint32_t)ALIGN_UP(w->len, 8);
	if (at + size > sizeof(w->buf)) {
		w->overflow = true;
		return 0;
	}
	uint32_t *t = (uint32_t *)(w->buf + at);
	memset(t, 0, size);
	t[0] = type;
	t[1] = size;
	w->len = at + size;
	return t;
}

static void tag_string(struct mb2_writer *w, uint32_t type, const char *s)
{
	uint32_t n = (uint32_t)strlen(s) + 1;
	uint8_t *t = tag(w, type, 8 + n);
	if (t)
		memcpy(t + 8, s, n);
}

static void tag_mmap(struct mb2_writer *w)
{
	struct PACKED { uint64_t base, len; uint32_t type, zero; } map[3] = {
		{ 0, 0x9F000, 1, 0 },
		{ 0x9F000, 0x100000 - 0x9F000, 2, 0 },
		{ 0x100000, w->l->p->memory - 0x100000, 1, 0 },
	};
	uint32_t *t = tag(w, TAG_MMAP, 16 + sizeof(map));
	if (!t)
		return;
	t[2] = sizeof(map[0]);
	t[3] = 0;
	memcpy(t + 4, map, sizeof(map));
	uint32_t *m = tag(w, TAG_MEMINFO, 16);
	if (m) {
		m[2] = 0x9F000 / 1024;
		m[3] = (uint32_t)((w->l->p->memory - 0x100000) / 1024);
	}
}

static bool tag_modules(struct mb2_writer *w)
{
	uint32_t nmods = loader_module_count(w->l);
	for (uint32_t i = 0; i < nmods; i++) {
		uint64_t start, end;
		const char *name = loader_module_name(w->l, i);
		if (!loader_place_module(w->l, i, &start, &end))
			return false;
		uint32_t n = (uint32_t)strlen(name) + 1;
		uint32_t *t = tag(w, TAG_MODULE, 16 + n);
		if (!t)
			return true;
		t[2] = (uint32_t)start;
		t[3] = (uint32_t)end;
		memcpy(t + 4, name, n);
	}
	return true;
}

/* The header's entry-address tag, if any, overrides the ELF entry point. */
static void header_entry(struct loader *l, uint64_t *entry)
{
	uint64_t off;
	if (!loader_find_header(l->kernel, 0xE85250D6u, 8, 32768, &off))
		return;
	const uint8_t *h = (const uint8_t *)(uintptr_t)l->kernel->base + off;
	uint32_t hlen = ((const uint32_t *)h)[2];
	for (uint32_t at = 16; at + 8 <= hlen && off + at + 8 <= l->kernel->len;) {
		const uint16_t *t = (const uint16_t *)(h + at);
		uint32_t size = *(const uint32_t *)(h + at + 4);
		if (t[0] == HDR_TAG_END || size < 8)
			break;
		if (t[0] == HDR_TAG_ENTRY && size >= 12)
			*entry = *(const uint32_t *)(h + at + 8);
		at += (uint32_t)ALIGN_UP(size, 8);
	}
}

bool loader_mb2(struct loader *l, struct load_result *out)
{
	static struct mb2_writer w;
	memset(&w, 0, sizeof(w));
	w.l = l;
	w.len = 8; /* total_size, reserved */
	if (!loader_load_elf(l, &out->entry))
		return false;
	header_entry(l, &out->entry);
	tag_string(&w, TAG_CMDLINE, l->p->cfg->cmdline);
	tag_string(&w, TAG_LOADER, "splitvisor");
	if (!tag_modules(&w))
		return false;
	tag_mmap(&w);
	tag(&w, TAG_END, 8);
	if (w.overflow)
		return loader_fail(l, "the multiboot2 information is over 4 KiB (too many modules or "
				   "a long command line)");
	((uint32_t *)w.buf)[0] = w.len;
	partition_write(l->p, BOOTINFO_GPA, w.buf, w.len);
	out->eax = MB2_BOOT_MAGIC;
	out->ebx = BOOTINFO_GPA;
	out->mode = LOAD_MODE_PM32;
	return true;
}
