/* SPDX-License-Identifier: BSD-2-Clause */
/* The Linux x86 boot protocol as data: the setup header read, the layout chosen, the zero page built. */
#include "hv/loader/linux_params.h"
#include "hv/lib/fmt.h"
#include "hv/lib/string.h"

/* Offsets in the image and in struct boot_params (the setup header sits at 0x1F1 in both). */
enum {
	BP_ACPI_RSDP = 0x070, BP_EXT_RAMDISK_IMAGE = 0x0C0, BP_EXT_RAMDISK_SIZE = 0x0C4,
	BP_EXT_CMD_LINE_PTR = 0x0C8, BP_E820_ENTRIES = 0x1E8, BP_E820_TABLE = 0x2D0,
	HDR_START = 0x1F1, HDR_LIMIT = 0x290, /* the end of struct setup_header's room */
	HDR_SETUP_SECTS = 0x1F1, HDR_SYSSIZE = 0x1F4, HDR_JUMP = 0x200, HDR_MAGIC = 0x202,
	HDR_VERSION = 0x206, HDR_TYPE_OF_LOADER = 0x210, HDR_LOADFLAGS = 0x211,
	HDR_CODE32_START = 0x214, HDR_RAMDISK_IMAGE = 0x218, HDR_RAMDISK_SIZE = 0x21C,
	HDR_HEAP_END_PTR = 0x224, HDR_CMD_LINE_PTR = 0x228, HDR_INITRD_ADDR_MAX = 0x22C,
	HDR_KERNEL_ALIGNMENT = 0x230, HDR_RELOCATABLE = 0x234, HDR_XLOADFLAGS = 0x236,
	HDR_CMDLINE_SIZE = 0x238, HDR_PREF_ADDRESS = 0x258, HDR_INIT_SIZE = 0x260,
};

#define HDRS_MAGIC 0x53726448u     /* "HdrS" */
#define LOADED_HIGH 0x01u
#define CAN_USE_HEAP 0x80u
#define HEAP_END_PTR 0xDE00u       /* setup heap end (0xE000) - 0x200, as boot.rst asks */
#define LOADER_UNDEFINED 0xFFu     /* type_of_loader: a boot loader without an assigned ID */
#define LOW_KERNEL 0x100000ULL     /* where a kernel that is not relocatable goes */

static uint64_t get(const uint8_t *b, uint32_t off, uint32_t width)
{
	uint64_t v = 0;
	memcpy(&v, b + off, width);
	return v;
}

static void put(uint8_t *b, uint32_t off, uint32_t width, uint64_t v)
{
	memcpy(b + off, &v, width);
}

static void read_header(const uint8_t *img, uint64_t len, struct linux_image *k)
{
	uint32_t sects = img[HDR_SETUP_SECTS] ? img[HDR_SETUP_SECTS] : 4; /* 0 means 4 */
	k->version = (uint16_t)get(img, HDR_VERSION, 2);
	k->setup_bytes = (sects + 1) * 512;
	k->kernel_len = len > k->setup_bytes ? len - k->setup_bytes : 0;
	k->header_end = HDR_JUMP + 2 + img[HDR_JUMP + 1];
	if (k->header_end > HDR_LIMIT)
		k->header_end = HDR_LIMIT;
	k->xloadflags = (uint16_t)get(img, HDR_XLOADFLAGS, 2);
	k->relocatable = img[HDR_RELOCATABLE] != 0;
	k->kernel_alignment = (uint32_t)get(img, HDR_KERNEL_ALIGNMENT, 4);
	k->initrd_addr_max = (uint32_t)get(img, HDR_INITRD_ADDR_MAX, 4);
	k->cmdline_size = (uint32_t)get(img, HDR_CMDLINE_SIZE, 4);
	k->init_size = (uint32_t)get(img, HDR_INIT_SIZE, 4);
	k->pref_address = get(img, HDR_PREF_ADDRESS, 8);
}

bool linux_parse(const uint8_t *img, uint64_t len, struct linux_image *k, char *why, size_t size)
{
	memset(k, 0, sizeof(*k));
	if (len < HDR_LIMIT || get(img, HDR_MAGIC, 4) != HDRS_MAGIC) {
		fmt_snprintf(why, size, "not a Linux bzImage (no \"HdrS\" at offset 0x202)");
		return false;
	}
	read_header(img, len, k);
	if (k->version < LINUX_MIN_PROTOCOL) {
		fmt_snprintf(why, size, "Linux boot protocol %u.%02u is too old: 2.12 or later is needed "
			     "(Linux 3.8 and later)", k->version >> 8, k->version & 0xFF);
		return false;
	}
	if (!(k->xloadflags & LINUX_XLF_KERNEL_64)) {
		fmt_snprintf(why, size, "this kernel has no 64-bit entry point (xloadflags bit 0, "
			     "XLF_KERNEL_64, is clear): build it for x86-64");
		return false;
	}
	uint64_t want = get(img, HDR_SYSSIZE, 4) * 16;
	if (!k->kernel_len || k->kernel_len < want) {
		fmt_snprintf(why, size, "the bzImage is truncated: %llu bytes of kernel after the %u-byte "
			     "setup, its header says %llu", (unsigned long long)k->kernel_len,
			     k->setup_bytes, (unsigned long long)want);
		return false;
	}
	return true;
}

static uint64_t kernel_address(const struct linux_image *k)
{
	if (!k->relocatable)
		return LOW_KERNEL;
	uint64_t at = k->pref_address > LOW_KERNEL ? k->pref_address : LOW_KERNEL;
	uint64_t align = k->kernel_alignment ? k->kernel_alignment : MiB(2);
	return ALIGN_UP(at, align);
}

static uint64_t initrd_limit(const struct linux_image *k, uint64_t memory)
{
	uint64_t max = (uint64_t)k->initrd_addr_max + 1;
	if ((k->xloadflags & LINUX_XLF_CAN_BE_LOADED_ABOVE_4G) || !k->initrd_addr_max)
		return memory;
	return max < memory ? max : memory;
}

bool linux_place(const struct linux_image *k, struct linux_layout *lay, char *why, size_t size)
{
	uint64_t need = k->init_size > k->kernel_len ? k->init_size : k->kernel_len;
	uint64_t top = initrd_limit(k, lay->memory);
	lay->kernel = kernel_address(k);
	lay->kernel_end = lay->kernel + need;
	lay->entry64 = lay->kernel + 0x200;
	lay->initrd = lay->initrd_len <= top ? ALIGN_DOWN(top - lay->initrd_len, PAGE_SIZE) : 0;
	if (lay->kernel_end <= lay->memory && (!lay->initrd_len || lay->initrd >= lay->kernel_end)) {
		if (!lay->initrd_len)
			lay->initrd = 0;
		if (lay->cmdline_len < k->cmdline_size || !k->cmdline_size)
			return true;
		fmt_snprintf(why, size, "the %llu-byte command line is longer than this kernel takes (%u)",
			     (unsigned long long)lay->cmdline_len, k->cmdline_size - 1);
		return false;
	}
	fmt_snprintf(why, size, "the kernel (0x%llx-0x%llx: %llu MiB with its init_size) and the "
		     "%llu KiB initrd (below 0x%llx) do not fit in the partition's %llu MiB; give it "
		     "more memory", (unsigned long long)lay->kernel, (unsigned long long)lay->kernel_end,
		     (unsigned long long)(need >> 20), (unsigned long long)(lay->initrd_len >> 10),
		     (unsigned long long)top, (unsigned long long)(lay->memory >> 20));
	return false;
}

uint32_t linux_e820_table(uint64_t memory, struct linux_e820 *t, uint32_t max)
{
	const struct linux_e820 map[] = {
		{ 0, 0x9F000, LINUX_E820_RAM },
		{ 0x9F000, 0xE0000 - 0x9F000, LINUX_E820_RESERVED },
		{ 0xE0000, 0xF0000 - 0xE0000, LINUX_E820_ACPI }, /* the partition's ACPI tables */
		{ 0xF0000, 0x100000 - 0xF0000, LINUX_E820_RESERVED }, /* firmware: the reset vector */
		{ 0x100000, memory > 0x100000 ? memory - 0x100000 : 0, LINUX_E820_RAM },
	};
	uint32_t n = 0;
	for (uint32_t i = 0; i < ARRAY_SIZE(map) && n < max; i++)
		if (map[i].size)
			t[n++] = map[i];
	return n;
}

void linux_build_zero_page(uint8_t *zp, const uint8_t *img, const struct linux_image *k,
			   const struct linux_layout *lay)
{
	const struct { uint16_t off; uint8_t width; uint64_t val; } fields[] = {
		{ HDR_TYPE_OF_LOADER, 1, LOADER_UNDEFINED },
		{ HDR_LOADFLAGS, 1, img[HDR_LOADFLAGS] | LOADED_HIGH | CAN_USE_HEAP },
		{ HDR_HEAP_END_PTR, 2, HEAP_END_PTR },
		{ HDR_CODE32_START, 4, (uint32_t)lay->kernel },
		{ HDR_CMD_LINE_PTR, 4, (uint32_t)lay->cmdline },
		{ BP_EXT_CMD_LINE_PTR, 4, lay->cmdline >> 32 },
		{ HDR_RAMDISK_IMAGE, 4, (uint32_t)lay->initrd },
		{ BP_EXT_RAMDISK_IMAGE, 4, lay->initrd >> 32 },
		{ HDR_RAMDISK_SIZE, 4, (uint32_t)lay->initrd_len },
		{ BP_EXT_RAMDISK_SIZE, 4, lay->initrd_len >> 32 },
		{ BP_ACPI_RSDP, 8, lay->rsdp },
	};
	struct linux_e820 map[LINUX_E820_MAX];
	memset(zp, 0, LINUX_ZERO_PAGE_SIZE);
	memcpy(zp + HDR_START, img + HDR_START, k->header_end - HDR_START);
	for (uint32_t i = 0; i < ARRAY_SIZE(fields); i++)
		put(zp, fields[i].off, fields[i].width, fields[i].val);
	uint32_t n = linux_e820_table(lay->memory, map, LINUX_E820_MAX);
	zp[BP_E820_ENTRIES] = (uint8_t)n;
	memcpy(zp + BP_E820_TABLE, map, n * sizeof(map[0]));
}

/* lgdt; DS/ES/SS/FS/GS = 0x18; RSP = rsp; far return to 0x10:next; RSI = rsi; jmp [entry].
 * Every operand is RIP-relative to the fields after the code (struct linux_trampoline). */
static const uint8_t trampoline_code[] = {
	0x0F, 0x01, 0x15, 0x59, 0x00, 0x00, 0x00,       /* lgdt [rip+gdtr_limit] */
	0xB8, 0x18, 0x00, 0x00, 0x00,                   /* mov eax, 0x18 */
	0x8E, 0xD8, 0x8E, 0xC0, 0x8E, 0xD0, 0x8E, 0xE0, 0x8E, 0xE8, /* mov ds/es/ss/fs/gs, eax */
	0x48, 0x8B, 0x25, 0x53, 0x00, 0x00, 0x00,       /* mov rsp, [rip+rsp] */
	0x6A, 0x10,                                     /* push 0x10 */
	0x48, 0x8D, 0x05, 0x03, 0x00, 0x00, 0x00,       /* lea rax, [rip+3] */
	0x50, 0x48, 0xCB,                               /* push rax; retfq */
	0x48, 0x8B, 0x35, 0x48, 0x00, 0x00, 0x00,       /* mov rsi, [rip+rsi] */
	0xFF, 0x25, 0x4A, 0x00, 0x00, 0x00,             /* jmp [rip+entry] */
};

void linux_build_trampoline(struct linux_trampoline *t, uint64_t gpa, uint64_t rsp,
			    const struct linux_layout *lay)
{
	memset(t, 0, sizeof(*t));
	memset(t->code, 0xCC, sizeof(t->code));
	memcpy(t->code, trampoline_code, sizeof(trampoline_code));
	t->gdt[2] = 0x00AF9B000000FFFFULL; /* __BOOT_CS: flat 64-bit code, execute/read */
	t->gdt[3] = 0x00CF93000000FFFFULL; /* __BOOT_DS: flat data, read/write */
	t->gdtr_limit = sizeof(t->gdt) - 1;
	t->gdtr_base = gpa + offsetof(struct linux_trampoline, gdt);
	t->rsp = rsp;
	t->rsi = lay->zero_page;
	t->entry = lay->entry64;
}

_Static_assert(sizeof(trampoline_code) <= 64, "the trampoline's code outgrew its room");
_Static_assert(offsetof(struct linux_trampoline, gdtr_limit) == 0x60 &&
	       offsetof(struct linux_trampoline, rsp) == 0x70 &&
	       offsetof(struct linux_trampoline, entry) == 0x80, "the trampoline's RIP offsets");
