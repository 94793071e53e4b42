/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests of the Linux boot protocol pieces: setup header checks, layout, zero page, e820. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hv/loader/linux_params.h"

#define IMG_LEN 0x4000u
static uint8_t img[IMG_LEN];
static uint8_t zp[LINUX_ZERO_PAGE_SIZE];
static char why[200];
static const char *real_path; /* the downloaded bzImage, when make linux-guest ran */

static uint64_t rd(const uint8_t *b, uint32_t off, uint32_t w)
{
	uint64_t v = 0;
	memcpy(&v, b + off, w);
	return v;
}

static void wr(uint8_t *b, uint32_t off, uint32_t w, uint64_t v) { memcpy(b + off, &v, w); }

/* A header like Debian 12's cloud kernel's: protocol 2.15, relocatable, xloadflags 0x7f. */
static int synthetic(void **state)
{
	(void)state;
	memset(img, 0, sizeof(img));
	img[0x1F1] = 1;                        /* setup_sects: 1024 bytes of setup */
	wr(img, 0x1F4, 4, (IMG_LEN - 1024) / 16);
	wr(img, 0x1FE, 2, 0xAA55);
	img[0x200] = 0xEB, img[0x201] = 0x6A;  /* header ends at 0x26C */
	memcpy(img + 0x202, "HdrS", 4);
	wr(img, 0x206, 2, 0x020F);
	img[0x211] = 0x01;                     /* LOADED_HIGH */
	wr(img, 0x22C, 4, 0x7FFFFFFF);
	wr(img, 0x230, 4, MiB(2));
	img[0x234] = 1;
	wr(img, 0x236, 2, 0x7F);
	wr(img, 0x238, 4, 2047);
	wr(img, 0x258, 8, 0x1000000);
	wr(img, 0x260, 4, 0x3378000);
	img[0x26B] = 0x5A, img[0x26C] = 0xA5;  /* the header's last byte, and the one after it */
	return 0;
}

static struct linux_layout layout(uint64_t memory, uint64_t initrd_len)
{
	return (struct linux_layout){ .memory = memory, .initrd_len = initrd_len, .cmdline_len = 20,
				      .zero_page = 0x8000, .cmdline = 0x9000, .rsdp = 0xE0000 };
}

static void test_parse_header(void **state)
{
	(void)state;
	struct linux_image k;
	assert_true(linux_parse(img, IMG_LEN, &k, why, sizeof(why)));
	assert_int_equal(k.version, 0x020F);
	assert_int_equal(k.setup_bytes, 1024);
	assert_int_equal(k.kernel_len, IMG_LEN - 1024);
	assert_int_equal(k.header_end, 0x26C);
	assert_true(k.relocatable);
	assert_int_equal(k.init_size, 0x3378000);
	img[0x1F1] = 0; /* setup_sects 0 means 4 */
	wr(img, 0x1F4, 4, (IMG_LEN - 5 * 512) / 16);
	assert_true(linux_parse(img, IMG_LEN, &k, why, sizeof(why)));
	assert_int_equal(k.setup_bytes, 5 * 512);
}

static void expect_refused(uint64_t len, const char *text)
{
	struct linux_image k;
	why[0] = 0;
	assert_false(linux_parse(img, len, &k, why, sizeof(why)));
	if (!strstr(why, text))
		fail_msg("message '%s' lacks '%s'", why, text);
}

static void test_refusals(void **state)
{
	(void)state;
	expect_refused(0x100, "not a Linux bzImage");
	img[0x205] = 'Z';
	expect_refused(IMG_LEN, "not a Linux bzImage");
	synthetic(state);
	wr(img, 0x206, 2, 0x020B);
	expect_refused(IMG_LEN, "boot protocol 2.11 is too old: 2.12 or later");
	synthetic(state);
	wr(img, 0x236, 2, 0x7E);
	expect_refused(IMG_LEN, "no 64-bit entry point");
	synthetic(state);
	expect_refused(IMG_LEN - 16, "truncated");
}

static void test_place_relocatable(void **state)
{
	(void)state;
	struct linux_image k;
	struct linux_layout lay = layout(MiB(256), 3524608);
	assert_true(linux_parse(img, IMG_LEN, &k, why, sizeof(why)));
	assert_true(linux_place(&k, &lay, why, sizeof(why)));
	assert_int_equal(lay.kernel, 0x1000000);
	assert_int_equal(lay.entry64, 0x1000200);
	assert_int_equal(lay.kernel_end, 0x1000000 + 0x3378000);
	assert_int_equal(lay.initrd, (MiB(256) - 3524608) & ~0xFFFULL);
	wr(img, 0x258, 8, 0x1100000); /* pref_address rounded up to kernel_alignment */
	assert_true(linux_parse(img, IMG_LEN, &k, why, sizeof(why)));
	assert_true(linux_place(&k, &lay, why, sizeof(why)));
	assert_int_equal(lay.kernel, 0x1200000);
}

static void test_place_limits(void **state)
{
	(void)state;
	struct linux_image k;
	struct linux_layout lay = layout(GiB(4), 0x1800);
	wr(img, 0x236, 2, 0x01); /* initrd must stay below initrd_addr_max */
	img[0x234] = 0;          /* not relocatable: 1 MiB */
	assert_true(linux_parse(img, IMG_LEN, &k, why, sizeof(why)));
	assert_true(linux_place(&k, &lay, why, sizeof(why)));
	assert_int_equal(lay.kernel, 0x100000);
	assert_int_equal(lay.initrd, 0x80000000 - 0x2000);
	lay = layout(MiB(56), MiB(4)); /* 16 MiB + 51.5 MiB does not fit in 56 MiB */
	synthetic(state);
	assert_true(linux_parse(img, IMG_LEN, &k, why, sizeof(why)));
	assert_false(linux_place(&k, &lay, why, sizeof(why)));
	assert_non_null(strstr(why, "do not fit in the partition's 56 MiB"));
	lay = layout(MiB(70), MiB(4)); /* the kernel fits, the initrd does not */
	assert_false(linux_place(&k, &lay, why, sizeof(why)));
	lay = layout(MiB(72), MiB(4));
	assert_true(linux_place(&k, &lay, why, sizeof(why)));
	lay.cmdline_len = 2047;
	assert_false(linux_place(&k, &lay, why, sizeof(why)));
	assert_non_null(strstr(why, "command line is longer than this kernel takes (2046)"));
}

static void test_e820(void **state)
{
	(void)state;
	struct linux_e820 t[8];
	assert_int_equal(linux_e820_table(MiB(256), t, 8), 5);
	assert_int_equal(t[0].addr, 0), assert_int_equal(t[0].size, 0x9F000);
	assert_int_equal(t[0].type, LINUX_E820_RAM);
	assert_int_equal(t[1].addr, 0x9F000), assert_int_equal(t[1].type, LINUX_E820_RESERVED);
	assert_int_equal(t[2].addr, 0xE0000), assert_int_equal(t[2].size, 0x10000);
	assert_int_equal(t[2].type, LINUX_E820_ACPI);
	assert_int_equal(t[3].addr, 0xF0000), assert_int_equal(t[3].size, 0x10000); /* reset vector */
	assert_int_equal(t[3].type, LINUX_E820_RESERVED);
	assert_int_equal(t[4].addr, 0x100000), assert_int_equal(t[4].size, MiB(255));
	assert_int_equal(sizeof(t[0]), 20);
	assert_int_equal(linux_e820_table(MiB(1), t, 8), 4);
}

static void check_zero_page(const uint8_t *image, const struct linux_image *k,
			    const struct linux_layout *lay)
{
	static const uint32_t set[] = { 0x210, 0x211, 0x214, 0x215, 0x216, 0x217, 0x218, 0x219,
		0x21A, 0x21B, 0x21C, 0x21D, 0x21E, 0x21F, 0x224, 0x225, 0x228, 0x229, 0x22A, 0x22B };
	for (uint32_t off = 0x1F1; off < k->header_end; off++) { /* the rest is the image's */
		bool filled = false;
		for (uint32_t i = 0; i < sizeof(set) / sizeof(set[0]); i++)
			filled |= set[i] == off;
		if (!filled && zp[off] != image[off])
			fail_msg("zero page byte 0x%x is 0x%x, the image's 0x%x", off, zp[off], image[off]);
	}
	for (uint32_t off = k->header_end; off < 0x290; off++)
		assert_int_equal(zp[off], 0);
	assert_int_equal(zp[0x210], 0xFF);                       /* type_of_loader */
	assert_int_equal(zp[0x211], image[0x211] | 0x81);        /* LOADED_HIGH, CAN_USE_HEAP */
	assert_int_equal(rd(zp, 0x224, 2), 0xDE00);              /* heap_end_ptr */
	assert_int_equal(rd(zp, 0x214, 4), (uint32_t)lay->kernel);
	assert_int_equal(rd(zp, 0x228, 4), (uint32_t)lay->cmdline);
	assert_int_equal(rd(zp, 0x0C8, 4), lay->cmdline >> 32);
	assert_int_equal(rd(zp, 0x218, 4), (uint32_t)lay->initrd);
	assert_int_equal(rd(zp, 0x0C0, 4), lay->initrd >> 32);
	assert_int_equal(rd(zp, 0x21C, 4), (uint32_t)lay->initrd_len);
	assert_int_equal(rd(zp, 0x070, 8), lay->rsdp);
	assert_int_equal(zp[0x1EF], 0);                          /* sentinel */
	assert_int_equal(zp[0x1E8], 5);                          /* e820_entries */
	assert_int_equal(rd(zp, 0x2D0 + 4 * 20 + 8, 8), lay->memory - MiB(1));
	assert_int_equal(rd(zp, 0x2D0 + 2 * 20 + 16, 4), LINUX_E820_ACPI);
	for (uint32_t off = 0x2D0 + 5 * 20; off < LINUX_ZERO_PAGE_SIZE; off++)
		assert_int_equal(zp[off], 0);
}

static void test_zero_page(void **state)
{
	(void)state;
	struct linux_image k;
	struct linux_layout lay = layout(GiB(8), MiB(3));
	memset(zp, 0xEE, sizeof(zp));
	assert_true(linux_parse(img, IMG_LEN, &k, why, sizeof(why)));
	assert_true(linux_place(&k, &lay, why, sizeof(why)));
	assert_int_equal(lay.initrd, GiB(8) - MiB(3)); /* XLF_CAN_BE_LOADED_ABOVE_4G */
	linux_build_zero_page(zp, img, &k, &lay);
	check_zero_page(img, &k, &lay);
	assert_int_equal(zp[0x26B], 0x5A);
	assert_int_equal(zp[0x26C], 0);
	assert_int_equal(rd(zp, 0x0C0, 4), 1);
}

static void test_trampoline(void **state)
{
	(void)state;
	struct linux_trampoline t;
	struct linux_layout lay = layout(MiB(256), 0);
	lay.entry64 = 0x1000200;
	linux_build_trampoline(&t, 0xA000, 0x8000, &lay);
	assert_int_equal(sizeof(t), 0x88);
	assert_int_equal(t.code[0], 0x0F);
	assert_int_equal(t.code[63], 0xCC);
	assert_int_equal(t.gdtr_base, 0xA040);
	assert_int_equal(t.gdtr_limit, 31);
	assert_int_equal(t.gdt[2], 0x00AF9B000000FFFFULL);
	assert_int_equal(t.gdt[3], 0x00CF93000000FFFFULL);
	assert_int_equal(t.rsp, 0x8000);
	assert_int_equal(t.rsi, 0x8000);
	assert_int_equal(t.entry, 0x1000200);
}

/* The kernel make linux-guest downloaded (skipped without it). */
static void test_real_bzimage(void **state)
{
	(void)state;
	FILE *f = real_path ? fopen(real_path, "rb") : NULL;
	if (!f)
		skip();
	static uint8_t head[0x4000];
	size_t n = fread(head, 1, sizeof(head), f);
	fseek(f, 0, SEEK_END);
	uint64_t len = (uint64_t)ftell(f);
	fclose(f);
	assert_int_equal(n, sizeof(head));
	struct linux_image k;
	struct linux_layout lay = layout(MiB(256), 3524608);
	assert_true(linux_parse(head, len, &k, why, sizeof(why)));
	assert_true(k.version >= 0x020C);
	assert_true(k.xloadflags & LINUX_XLF_KERNEL_64);
	assert_true(linux_place(&k, &lay, why, sizeof(why)));
	assert_true(lay.kernel >= MiB(1) && lay.kernel % k.kernel_alignment == 0);
	linux_build_zero_page(zp, head, &k, &lay);
	check_zero_page(head, &k, &lay);
	print_message("%s: protocol %u.%02u, setup %u bytes, kernel %llu bytes at 0x%llx, init_size "
		      "0x%x, xloadflags 0x%x\n", real_path, k.version >> 8, k.version & 0xFF,
		      k.setup_bytes, (unsigned long long)k.kernel_len, (unsigned long long)lay.kernel,
		      k.init_size, k.xloadflags);
}

int main(int argc, char **argv)
{
	real_path = argc > 1 && argv[1][0] ? argv[1] : NULL;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_parse_header, synthetic),
		cmocka_unit_test_setup(test_refusals, synthetic),
		cmocka_unit_test_setup(test_place_relocatable, synthetic),
		cmocka_unit_test_setup(test_place_limits, synthetic),
		cmocka_unit_test_setup(test_e820, synthetic),
		cmocka_unit_test_setup(test_zero_page, synthetic),
		cmocka_unit_test_setup(test_trampoline, synthetic),
		cmocka_unit_test(test_real_bzimage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
