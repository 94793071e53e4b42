/* SPDX-License-Identifier: BSD-2-Clause */
/* Multiboot2 boot path: turns GRUB2's information structure into boot_info. */
#include "boot/boot_info.h"
#include "hv/main.h"
#include "hv/cpu.h"
#include "hv/lib/string.h"

#define MB2_BOOT_MAGIC 0x36D76289u

enum {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_MODULE = 3,
	MB2_TAG_MMAP = 6,
	MB2_TAG_EFI64 = 12,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
};

struct mb2_tag { uint32_t type, size; };
struct mb2_module { uint32_t type, size, start, end; char cmdline[]; };
struct mb2_mmap { uint32_t type, size, entry_size, entry_version; };
struct mb2_mmap_entry { uint64_t base, len; uint32_t type, reserved; };

extern char __hv_image_start[], __hv_image_end[];

static struct boot_info mb2_bi;

static void early_print(const char *s)
{
	for (; *s; s++)
		outb(0x3F8, (uint8_t)*s);
}

static uint32_t e820_to_bi(uint32_t t)
{
	switch (t) {
	case 1: return BI_MEM_USABLE;
	case 3: return BI_MEM_ACPI_RECLAIM;
	case 4: return BI_MEM_ACPI_NVS;
	case 5: return BI_MEM_BAD;
	default: return BI_MEM_RESERVED;
	}
}

static void mb2_read_mmap(struct boot_info *bi, const struct mb2_mmap *m)
{
	const uint8_t *p = (const uint8_t *)(m + 1);
	const uint8_t *end = (const uint8_t *)m + m->size;
	for (; p + sizeof(struct mb2_mmap_entry) <= end; p += m->entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;
		bi_add_mem(bi, e->base, e->len, e820_to_bi(e->type));
	}
}

static void mb2_read_tag(struct boot_info *bi, const struct mb2_tag *t)
{
	switch (t->type) {
	case MB2_TAG_CMDLINE:
		str_copy(bi->cmdline, (const char *)(t + 1), sizeof(bi->cmdline));
		break;
	case MB2_TAG_MODULE: {
		const struct mb2_module *m = (const void *)t;
		bi_add_module(bi, m->cmdline, m->start, m->end - m->start);
		break;
	}
	case MB2_TAG_MMAP:
		mb2_read_mmap(bi, (const void *)t);
		break;
	case MB2_TAG_EFI64:
		bi->source = BOOT_MB2_UEFI;
		break;
	case MB2_TAG_ACPI_NEW:
		bi->rsdp = (uint64_t)(uintptr_t)(t + 1);
		break;
	case MB2_TAG_ACPI_OLD:
		if (!bi->rsdp)
			bi->rsdp = (uint64_t)(uintptr_t)(t + 1);
		break;
	}
}

/* Picks the highest free page below 1 MiB for the AP trampoline. */
static void mb2_pick_trampoline(struct boot_info *bi)
{
	for (uint64_t page = 0x9F000; page >= 0x1000; page -= PAGE_SIZE) {
		for (uint32_t i = 0; i < bi->nmem; i++) {
			const struct bi_mem_region *r = &bi->mem[i];
			if (r->type == BI_MEM_USABLE && r->base <= page && page + PAGE_SIZE <= r->base + r->len) {
				bi->trampoline = page;
				bi_add_mem(bi, page, PAGE_SIZE, BI_MEM_BOOT);
				return;
			}
		}
	}
}

void mb2_main(uint32_t magic, uint64_t mbi_addr)
{
	struct boot_info *bi = &mb2_bi;
	if (magic != MB2_BOOT_MAGIC) {
		early_print("splitvisor: not started by a multiboot2 loader (bad magic); "
			    "boot splitvisor.elf with GRUB2's `multiboot2` command\r\n");
		for (;;)
			cpu_hlt();
	}
	bi_init(bi, BOOT_MB2_BIOS);
	const uint8_t *mbi = (const uint8_t *)(uintptr_t)mbi_addr;
	uint32_t total = *(const uint32_t *)mbi;
	for (const uint8_t *p = mbi + 8; p < mbi + total;) {
		const struct mb2_tag *t = (const void *)p;
		if (t->type == MB2_TAG_END || t->size < 8)
			break;
		mb2_read_tag(bi, t);
		p += ALIGN_UP(t->size, 8);
	}
	/* everything the boot stage handed over stays out of the allocator */
	bi_add_mem(bi, mbi_addr, total, BI_MEM_BOOT);
	for (uint32_t i = 0; i < bi->nmods; i++)
		bi_add_mem(bi, bi->mods[i].base, bi->mods[i].len, BI_MEM_BOOT);
	bi->image_base = (uint64_t)(uintptr_t)__hv_image_start;
	bi->image_end = (uint64_t)(uintptr_t)__hv_image_end;
	bi_add_mem(bi, bi->image_base, bi->image_end - bi->image_base, BI_MEM_BOOT);
	bi_add_mem(bi, 0, PAGE_SIZE, BI_MEM_RESERVED);
	mb2_pick_trampoline(bi);
	char name[BI_NAME_LEN];
	if (cmdline_get(bi->cmdline, "manifest", name, sizeof(name)))
		str_copy(bi->manifest_name, name, sizeof(bi->manifest_name));
	for (uint32_t i = 0; i < bi->nmods; i++)
		if (strcmp(bi->mods[i].name, bi->manifest_name) == 0)
			bi->manifest_module = (int)i;
	hv_main(bi);
}
