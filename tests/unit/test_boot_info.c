/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests for the boot_info memory map and module list (boot/boot_info.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "boot/boot_info.h"

static struct boot_info *bi;

static int setup(void **state)
{
	(void)state;
	bi = malloc(sizeof(*bi));
	if (!bi)
		return -1;
	memset(bi, 0xA5, sizeof(*bi)); /* bi_init must clear everything */
	bi_init(bi, BOOT_UEFI);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(bi);
	return 0;
}

/* The map must always be sorted, non-overlapping, non-empty regions. */
static void assert_map_well_formed(void)
{
	assert_true(bi->nmem <= BI_MAX_MEM);
	for (uint32_t i = 0; i < bi->nmem; i++) {
		assert_true(bi->mem[i].len > 0);
		if (i) {
			const struct bi_mem_region *a = &bi->mem[i - 1], *b = &bi->mem[i];
			assert_true(a->base + a->len <= b->base);
			if (a->base + a->len == b->base)
				assert_int_not_equal(a->type, b->type); /* would have merged */
		}
	}
}

static void assert_region(uint32_t i, uint64_t base, uint64_t len, uint32_t type)
{
	assert_true(i < bi->nmem);
	assert_int_equal(bi->mem[i].base, base);
	assert_int_equal(bi->mem[i].len, len);
	assert_int_equal(bi->mem[i].type, type);
}

static void test_init_sets_defaults(void **state)
{
	(void)state;
	assert_int_equal(bi->source, BOOT_UEFI);
	assert_int_equal(bi->nmem, 0);
	assert_int_equal(bi->nmods, 0);
	assert_int_equal(bi->manifest_module, -1);
	assert_string_equal(bi->manifest_name, "splitvisor.toml");
	assert_false(bi->mem_truncated);
	assert_int_equal(bi->rsdp, 0);
}

static void test_zero_length_region_is_ignored(void **state)
{
	(void)state;
	assert_true(bi_add_mem(bi, MiB(1), 0, BI_MEM_USABLE));
	assert_int_equal(bi->nmem, 0);
}

static void test_regions_are_kept_sorted(void **state)
{
	(void)state;
	bi_add_mem(bi, MiB(64), MiB(1), BI_MEM_USABLE);
	bi_add_mem(bi, MiB(1), MiB(1), BI_MEM_RESERVED);
	bi_add_mem(bi, MiB(16), MiB(1), BI_MEM_USABLE);
	assert_int_equal(bi->nmem, 3);
	assert_region(0, MiB(1), MiB(1), BI_MEM_RESERVED);
	assert_region(1, MiB(16), MiB(1), BI_MEM_USABLE);
	assert_region(2, MiB(64), MiB(1), BI_MEM_USABLE);
	assert_map_well_formed();
}

static void test_adjacent_same_type_regions_merge(void **state)
{
	(void)state;
	bi_add_mem(bi, MiB(1), MiB(1), BI_MEM_USABLE);
	bi_add_mem(bi, MiB(3), MiB(1), BI_MEM_USABLE);
	bi_add_mem(bi, MiB(2), MiB(1), BI_MEM_USABLE);
	assert_int_equal(bi->nmem, 1);
	assert_region(0, MiB(1), MiB(3), BI_MEM_USABLE);
}

static void test_adjacent_different_types_stay_apart(void **state)
{
	(void)state;
	bi_add_mem(bi, MiB(1), MiB(1), BI_MEM_USABLE);
	bi_add_mem(bi, MiB(2), MiB(1), BI_MEM_ACPI_RECLAIM);
	assert_int_equal(bi->nmem, 2);
	assert_map_well_formed();
}

static void test_reserved_inside_usable_splits_it(void **state)
{
	(void)state;
	bi_add_mem(bi, MiB(1), MiB(15), BI_MEM_USABLE);
	bi_add_mem(bi, MiB(4), MiB(1), BI_MEM_RESERVED);
	assert_int_equal(bi->nmem, 3);
	assert_region(0, MiB(1), MiB(3), BI_MEM_USABLE);
	assert_region(1, MiB(4), MiB(1), BI_MEM_RESERVED);
	assert_region(2, MiB(5), MiB(11), BI_MEM_USABLE);
	assert_int_equal(bi_usable_bytes(bi), MiB(14));
}

static void test_usable_over_reserved_only_fills_the_gaps(void **state)
{
	(void)state;
	bi_add_mem(bi, MiB(4), MiB(1), BI_MEM_RESERVED);
	bi_add_mem(bi, MiB(8), MiB(1), BI_MEM_ACPI_NVS);
	bi_add_mem(bi, MiB(1), MiB(15), BI_MEM_USABLE);
	assert_int_equal(bi->nmem, 5);
	assert_region(0, MiB(1), MiB(3), BI_MEM_USABLE);
	assert_region(1, MiB(4), MiB(1), BI_MEM_RESERVED);
	assert_region(2, MiB(5), MiB(3), BI_MEM_USABLE);
	assert_region(3, MiB(8), MiB(1), BI_MEM_ACPI_NVS);
	assert_region(4, MiB(9), MiB(7), BI_MEM_USABLE);
	assert_map_well_formed();
}

static void test_boot_over_usable_wins(void **state)
{
	(void)state;
	bi_add_mem(bi, MiB(1), MiB(7), BI_MEM_USABLE);
	bi_add_mem(bi, MiB(2), MiB(2), BI_MEM_BOOT);
	bi_add_mem(bi, MiB(2), MiB(2), BI_MEM_USABLE); /* cannot take it back */
	assert_region(1, MiB(2), MiB(2), BI_MEM_BOOT);
	assert_int_equal(bi_usable_bytes(bi), MiB(5));
}

static void test_boot_over_reserved_wins(void **state)
{
	(void)state;
	bi_add_mem(bi, MiB(2), MiB(2), BI_MEM_RESERVED);
	bi_add_mem(bi, MiB(3), MiB(2), BI_MEM_BOOT);
	assert_int_equal(bi->nmem, 2);
	assert_region(0, MiB(2), MiB(1), BI_MEM_RESERVED);
	assert_region(1, MiB(3), MiB(2), BI_MEM_BOOT);
}

static void test_firmware_over_usable_wins_either_order(void **state)
{
	(void)state;
	bi_add_mem(bi, MiB(1), MiB(4), BI_MEM_USABLE);
	bi_add_mem(bi, MiB(2), MiB(1), BI_MEM_FIRMWARE);
	assert_region(1, MiB(2), MiB(1), BI_MEM_FIRMWARE);

	bi_init(bi, BOOT_UEFI);
	bi_add_mem(bi, MiB(2), MiB(1), BI_MEM_FIRMWARE);
	bi_add_mem(bi, MiB(1), MiB(4), BI_MEM_USABLE);
	assert_int_equal(bi->nmem, 3);
	assert_region(0, MiB(1), MiB(1), BI_MEM_USABLE);
	assert_region(1, MiB(2), MiB(1), BI_MEM_FIRMWARE);
	assert_region(2, MiB(3), MiB(2), BI_MEM_USABLE);
}

static void test_reserved_over_firmware_wins(void **state)
{
	(void)state;
	bi_add_mem(bi, MiB(1), MiB(4), BI_MEM_FIRMWARE);
	bi_add_mem(bi, MiB(1), MiB(1), BI_MEM_RESERVED);
	assert_region(0, MiB(1), MiB(1), BI_MEM_RESERVED);
	assert_region(1, MiB(2), MiB(3), BI_MEM_FIRMWARE);
}

static void test_overlap_covering_several_regions_and_gaps(void **state)
{
	(void)state;
	bi_add_mem(bi, MiB(2), MiB(1), BI_MEM_USABLE);
	bi_add_mem(bi, MiB(4), MiB(1), BI_MEM_BOOT);
	bi_add_mem(bi, MiB(6), MiB(1), BI_MEM_USABLE);
	bi_add_mem(bi, MiB(1), MiB(7), BI_MEM_RESERVED);
	/* reserved everywhere except the boot region */
	assert_int_equal(bi->nmem, 3);
	assert_region(0, MiB(1), MiB(3), BI_MEM_RESERVED);
	assert_region(1, MiB(4), MiB(1), BI_MEM_BOOT);
	assert_region(2, MiB(5), MiB(3), BI_MEM_RESERVED);
	assert_int_equal(bi_usable_bytes(bi), 0);
}

static void test_identical_region_twice_is_stored_once(void **state)
{
	(void)state;
	bi_add_mem(bi, MiB(1), MiB(1), BI_MEM_USABLE);
	bi_add_mem(bi, MiB(1), MiB(1), BI_MEM_USABLE);
	assert_int_equal(bi->nmem, 1);
	assert_int_equal(bi_usable_bytes(bi), MiB(1));
}

static void test_region_wrapping_the_address_space_is_clamped(void **state)
{
	(void)state;
	uint64_t base = UINT64_MAX - MiB(1) + 1;
	assert_true(bi_add_mem(bi, base, MiB(4), BI_MEM_RESERVED));
	assert_int_equal(bi->nmem, 1);
	assert_int_equal(bi->mem[0].base, base);
	assert_int_equal(bi->mem[0].len, UINT64_MAX - base);
}

static void test_usable_bytes_sums_only_usable(void **state)
{
	(void)state;
	bi_add_mem(bi, 0, KiB(640), BI_MEM_USABLE);
	bi_add_mem(bi, KiB(640), KiB(384), BI_MEM_RESERVED);
	bi_add_mem(bi, MiB(1), GiB(2), BI_MEM_USABLE);
	bi_add_mem(bi, GiB(4), GiB(4), BI_MEM_USABLE);
	bi_add_mem(bi, GiB(3), MiB(1), BI_MEM_ACPI_RECLAIM);
	assert_int_equal(bi_usable_bytes(bi), KiB(640) + GiB(2) + GiB(4));
}

/* Many disjoint regions: the map fills up, says so, never writes past mem[]. */
static void test_too_many_regions_sets_truncated(void **state)
{
	(void)state;
	uint32_t added = 0;
	for (uint32_t i = 0; i < BI_MAX_MEM + 20; i++)
		if (bi_add_mem(bi, MiB(1) + i * 2 * PAGE_SIZE, PAGE_SIZE, BI_MEM_USABLE))
			added++;
	assert_int_equal(added, BI_MAX_MEM);
	assert_int_equal(bi->nmem, BI_MAX_MEM);
	assert_true(bi->mem_truncated);
	assert_int_equal(bi->nmods, 0); /* the field after mem[] is untouched */
	assert_map_well_formed();
}

static void test_full_map_split_never_overflows_or_frees_reserved(void **state)
{
	(void)state;
	/* BI_MAX_MEM regions: the first is large enough to be split */
	bi_add_mem(bi, MiB(1), MiB(1), BI_MEM_USABLE);
	for (uint32_t i = 1; i < BI_MAX_MEM; i++)
		bi_add_mem(bi, MiB(4) + i * 2 * PAGE_SIZE, PAGE_SIZE, BI_MEM_USABLE);
	assert_int_equal(bi->nmem, BI_MAX_MEM);
	assert_false(bi->mem_truncated);
	bi_add_mem(bi, MiB(1) + KiB(512), PAGE_SIZE, BI_MEM_RESERVED);
	assert_true(bi->nmem <= BI_MAX_MEM);
	assert_int_equal(bi->nmods, 0);
	assert_map_well_formed();
	/* whatever was lost, the reserved page is not reported usable */
	for (uint32_t i = 0; i < bi->nmem; i++) {
		const struct bi_mem_region *r = &bi->mem[i];
		if (r->type == BI_MEM_USABLE)
			assert_true(r->base + r->len <= MiB(1) + KiB(512) ||
				    r->base >= MiB(1) + KiB(512) + PAGE_SIZE);
	}
}

static void test_module_name_is_first_word_without_path(void **state)
{
	(void)state;
	assert_true(bi_add_module(bi, "/boot/guests/linux.elf console=ttyS0 root=/dev/vda", 0x1000, 42));
	assert_string_equal(bi->mods[0].name, "linux.elf");
	assert_int_equal(bi->mods[0].base, 0x1000);
	assert_int_equal(bi->mods[0].len, 42);
}

static void test_module_name_without_path_or_args(void **state)
{
	(void)state;
	bi_add_module(bi, "splitvisor.toml", 0, 1);
	bi_add_module(bi, "dir/", 0, 1);
	bi_add_module(bi, "", 0, 1);
	assert_string_equal(bi->mods[0].name, "splitvisor.toml");
	assert_string_equal(bi->mods[1].name, "");
	assert_string_equal(bi->mods[2].name, "");
}

static void test_module_name_is_truncated_and_terminated(void **state)
{
	(void)state;
	char longname[200];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	bi_add_module(bi, longname, 0, 1);
	assert_int_equal(strlen(bi->mods[0].name), BI_NAME_LEN - 1);
}

static void test_module_list_is_bounded(void **state)
{
	(void)state;
	for (int i = 0; i < BI_MAX_MODS; i++) {
		char name[16];
		snprintf(name, sizeof(name), "m%d", i);
		assert_true(bi_add_module(bi, name, (uint64_t)i * PAGE_SIZE, PAGE_SIZE));
	}
	assert_false(bi_add_module(bi, "one-too-many", 0, 1));
	assert_int_equal(bi->nmods, BI_MAX_MODS);
}

static void test_find_module_by_stripped_name(void **state)
{
	(void)state;
	bi_add_module(bi, "/a/hello.elf arg", 0x2000, 10);
	bi_add_module(bi, "/b/splitvisor.toml", 0x3000, 20);
	const struct bi_module *m = bi_find_module(bi, "splitvisor.toml");
	assert_non_null(m);
	assert_int_equal(m->base, 0x3000);
	assert_non_null(bi_find_module(bi, "hello.elf"));
	assert_null(bi_find_module(bi, "/a/hello.elf"));
	assert_null(bi_find_module(bi, "hello"));
}

static void test_type_and_source_names(void **state)
{
	(void)state;
	assert_string_equal(bi_mem_type_name(BI_MEM_USABLE), "usable");
	assert_string_equal(bi_mem_type_name(BI_MEM_FIRMWARE), "firmware");
	assert_string_equal(bi_mem_type_name(99), "?");
	assert_string_equal(bi_source_name(BOOT_MB2_BIOS), "GRUB2 multiboot2 (BIOS)");
	assert_string_equal(bi_source_name(0), "unknown");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_sets_defaults),
		T(test_zero_length_region_is_ignored),
		T(test_regions_are_kept_sorted),
		T(test_adjacent_same_type_regions_merge),
		T(test_adjacent_different_types_stay_apart),
		T(test_reserved_inside_usable_splits_it),
		T(test_usable_over_reserved_only_fills_the_gaps),
		T(test_boot_over_usable_wins),
		T(test_boot_over_reserved_wins),
		T(test_firmware_over_usable_wins_either_order),
		T(test_reserved_over_firmware_wins),
		T(test_overlap_covering_several_regions_and_gaps),
		T(test_identical_region_twice_is_stored_once),
		T(test_region_wrapping_the_address_space_is_clamped),
		T(test_usable_bytes_sums_only_usable),
		T(test_too_many_regions_sets_truncated),
		T(test_full_map_split_never_overflows_or_frees_reserved),
		T(test_module_name_is_first_word_without_path),
		T(test_module_name_without_path_or_args),
		T(test_module_name_is_truncated_and_terminated),
		T(test_module_list_is_bounded),
		T(test_find_module_by_stripped_name),
		T(test_type_and_source_names),
	};
	return cmocka_run_group_tests_name("boot_info", tests, NULL, NULL);
}
