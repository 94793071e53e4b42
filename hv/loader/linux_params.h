/* SPDX-License-Identifier: BSD-2-Clause */
/* The Linux x86 boot protocol as data: the setup header read, the layout chosen, the zero page built. */
#ifndef HV_LOADER_LINUX_PARAMS_H
#define HV_LOADER_LINUX_PARAMS_H

#include "hv/lib/types.h"

#define LINUX_ZERO_PAGE_SIZE 4096u
#define LINUX_MIN_PROTOCOL 0x020Cu   /* 2.12: xloadflags, the 64-bit entry's rules */
#define LINUX_XLF_KERNEL_64 (1u << 0)
#define LINUX_XLF_CAN_BE_LOADED_ABOVE_4G (1u << 1)
#define LINUX_E820_RAM 1u
#define LINUX_E820_RESERVED 2u
#define LINUX_E820_ACPI 3u
#define LINUX_E820_MAX 128u

/* What the image's setup header says (Documentation/arch/x86/boot.rst). */
struct linux_image {
	uint16_t version;          /* boot protocol, 0x020F = 2.15 */
	uint32_t setup_bytes;      /* (setup_sects + 1) * 512: the real-mode part, not loaded */
	uint64_t kernel_len;       /* the protected-mode kernel: the rest of the file */
	uint32_t header_end;       /* 0x202 + the byte at 0x201: the end of the setup header */
	uint16_t xloadflags;
	bool relocatable;
	uint32_t kernel_alignment, initrd_addr_max, cmdline_size, init_size;
	uint64_t pref_address;
};

/* Where things go in guest-physical memory: the caller fills the inputs, linux_place the rest. */
struct linux_layout {
	uint64_t memory;             /* in: the partition's memory, 0..memory */
	uint64_t initrd_len;         /* in: 0 for none */
	uint64_t cmdline_len;        /* in: without the NUL */
	uint64_t zero_page, cmdline; /* in: where the loader puts them */
	uint64_t rsdp;               /* in: the ACPI RSDP (0: none) */
	uint64_t kernel, kernel_end; /* out: the protected-mode kernel and its init_size */
	uint64_t entry64;            /* out: kernel + 0x200 */
	uint64_t initrd;             /* out: page aligned, as high as allowed */
};

struct PACKED linux_e820 {
	uint64_t addr, size;
	uint32_t type;
};

/* A trampoline in guest memory that does what the 64-bit entry requires and the VMCS start does
 * not: a GDT with __BOOT_CS 0x10 and __BOOT_DS 0x18, those selectors loaded, RSP, RSI = the zero
 * page; then it jumps to the kernel. Entered in long mode with interrupts off. */
struct PACKED linux_trampoline {
	uint8_t code[64];
	uint64_t gdt[4];
	uint16_t gdtr_limit;
	uint64_t gdtr_base;
	uint8_t pad[6];
	uint64_t rsp, rsi, entry;
};

/* Reads and checks the setup header of the len-byte image; false with why filled otherwise. */
bool linux_parse(const uint8_t *img, uint64_t len, struct linux_image *k, char *why, size_t size);
/* Chooses the kernel's and the initrd's addresses; false with why filled when they do not fit. */
bool linux_place(const struct linux_image *k, struct linux_layout *lay, char *why, size_t size);
/* The partition's memory map: RAM below 0x9F000, reserved to 0xE0000, ACPI to 1 MiB, RAM above. */
uint32_t linux_e820_table(uint64_t memory, struct linux_e820 *t, uint32_t max);
/* Builds the zero page (struct boot_params) from scratch: the image's setup header, then the
 * fields a boot loader fills. */
void linux_build_zero_page(uint8_t *zp, const uint8_t *img, const struct linux_image *k,
			   const struct linux_layout *lay);
/* Fills the trampoline for one placed at gpa. */
void linux_build_trampoline(struct linux_trampoline *t, uint64_t gpa, uint64_t rsp,
			    const struct linux_layout *lay);

#endif
