/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests for the physical frame allocator (hv/frame.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hv/mm/frame.h"

#define PG PAGE_SIZE

static int reset(void **state)
{
	(void)state;
	frame_init();
	return 0;
}

static void test_add_free_counts_bytes_and_ranges(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(4));
	frame_add_free(MiB(64), MiB(8));
	assert_int_equal(frame_range_count(), 2);
	assert_int_equal(frame_free_bytes(), MiB(12));
}

static void test_add_free_shrinks_to_whole_pages(void **state)
{
	(void)state;
	frame_add_free(MiB(16) + 1, 3 * PG);
	/* [16M+1, 16M+1+12K) holds only the pages at 16M+4K and 16M+8K */
	assert_int_equal(frame_free_bytes(), 2 * PG);
	assert_int_equal(frame_alloc(2, PG, 0), MiB(16) + PG);
}

static void test_add_free_smaller_than_a_page_is_ignored(void **state)
{
	(void)state;
	frame_add_free(MiB(16) + 8, PG - 16);
	assert_int_equal(frame_range_count(), 0);
	assert_int_equal(frame_free_bytes(), 0);
}

static void test_adjacent_ranges_merge(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(1));
	frame_add_free(MiB(18), MiB(1));
	assert_int_equal(frame_range_count(), 2);
	frame_add_free(MiB(17), MiB(1)); /* fills the hole: all three become one */
	assert_int_equal(frame_range_count(), 1);
	assert_int_equal(frame_free_bytes(), MiB(3));
}

static void test_overlapping_add_is_not_counted_twice(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(4));
	frame_add_free(MiB(18), MiB(4));
	assert_int_equal(frame_range_count(), 1);
	assert_int_equal(frame_free_bytes(), MiB(6));
}

static void test_reserve_splits_a_range(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(4));
	frame_reserve(MiB(17), PG);
	assert_int_equal(frame_range_count(), 2);
	assert_int_equal(frame_free_bytes(), MiB(4) - PG);
}

static void test_reserve_rounds_outwards_to_pages(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(4));
	frame_reserve(MiB(17) + 100, 10); /* inside one page: the whole page goes */
	assert_int_equal(frame_free_bytes(), MiB(4) - PG);
	frame_reserve(MiB(18) - 1, 2); /* straddles two pages */
	assert_int_equal(frame_free_bytes(), MiB(4) - 3 * PG);
}

static void test_reserve_across_several_ranges(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(1));
	frame_add_free(MiB(18), MiB(1));
	frame_add_free(MiB(20), MiB(1));
	frame_reserve(MiB(16) + MiB(1) / 2, MiB(4)); /* tail of 1st, all of 2nd, head of 3rd */
	assert_int_equal(frame_range_count(), 2);
	assert_int_equal(frame_free_bytes(), MiB(1) / 2 + MiB(1) / 2);
}

static void test_reserve_outside_free_memory_changes_nothing(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(1));
	frame_reserve(MiB(32), MiB(1));
	frame_reserve(MiB(17), MiB(1)); /* touches the end, no overlap */
	assert_int_equal(frame_range_count(), 1);
	assert_int_equal(frame_free_bytes(), MiB(1));
}

static void test_alloc_takes_highest_fit_first(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(4));
	frame_add_free(MiB(64), MiB(4));
	assert_int_equal(frame_alloc(1, PG, 0), MiB(68) - PG);
	assert_int_equal(frame_alloc(1, PG, 0), MiB(68) - 2 * PG);
	assert_int_equal(frame_free_bytes(), MiB(8) - 2 * PG);
}

static void test_alloc_honours_alignment(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(8) + PG);
	uint64_t a = frame_alloc(512, MiB(2), 0);
	assert_int_equal(a, MiB(22));
	assert_int_equal(a % MiB(2), 0);
	/* the 4 KiB left at 24M is 64 KiB aligned; the next one comes from below a */
	assert_int_equal(frame_alloc(1, KiB(64), 0), MiB(24));
	uint64_t b = frame_alloc(1, KiB(64), 0);
	assert_int_equal(b, MiB(22) - KiB(64));
}

static void test_alloc_rejects_bad_alignment_and_zero_pages(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(4));
	assert_int_equal(frame_alloc(0, PG, 0), 0);
	assert_int_equal(frame_alloc(1, 512, 0), 0);     /* below a page */
	assert_int_equal(frame_alloc(1, 3 * PG, 0), 0);  /* not a power of two */
	assert_int_equal(frame_free_bytes(), MiB(4));
}

static void test_alloc_stays_at_or_below_limit(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(4));
	frame_add_free(GiB(8), MiB(4));
	uint64_t a = frame_alloc(4, PG, GiB(4));
	assert_int_equal(a, MiB(20) - 4 * PG);
	/* a limit inside a range: the block ends exactly at the limit */
	uint64_t b = frame_alloc(1, PG, MiB(18));
	assert_int_equal(b, MiB(18) - PG);
	/* a limit below every range: nothing */
	assert_int_equal(frame_alloc(1, PG, MiB(8)), 0);
}

static void test_alloc_exhaustion_returns_zero(void **state)
{
	(void)state;
	frame_add_free(MiB(16), 4 * PG);
	assert_int_equal(frame_alloc(5, PG, 0), 0);
	for (int i = 0; i < 4; i++)
		assert_int_not_equal(frame_alloc(1, PG, 0), 0);
	assert_int_equal(frame_alloc(1, PG, 0), 0);
	assert_int_equal(frame_free_bytes(), 0);
	assert_int_equal(frame_range_count(), 0);
}

static void test_alloc_too_big_for_any_single_range(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(1));
	frame_add_free(MiB(32), MiB(1));
	assert_int_equal(frame_alloc(MiB(2) / PG, PG, 0), 0);
}

static void test_alloc_with_huge_page_count_returns_zero(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(4));
	/* npages * PAGE_SIZE wraps to 0 here; that must not look like a fit */
	assert_int_equal(frame_alloc(1ULL << 52, PG, 0), 0);
	assert_int_equal(frame_alloc(UINT64_MAX, PG, 0), 0);
	assert_int_equal(frame_free_bytes(), MiB(4));
}

static void test_free_then_realloc_returns_the_same_block(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(4));
	uint64_t a = frame_alloc(16, PG, 0);
	assert_int_not_equal(a, 0);
	frame_free(a, 16);
	assert_int_equal(frame_range_count(), 1); /* merged back */
	assert_int_equal(frame_free_bytes(), MiB(4));
	assert_int_equal(frame_alloc(16, PG, 0), a);
}

static void test_free_in_the_middle_merges_both_sides(void **state)
{
	(void)state;
	frame_add_free(MiB(16), MiB(4));
	frame_reserve(MiB(17), MiB(1));
	assert_int_equal(frame_range_count(), 2);
	frame_free(MiB(17), MiB(1) / PG);
	assert_int_equal(frame_range_count(), 1);
	assert_int_equal(frame_free_bytes(), MiB(4));
}

static void test_never_hands_out_memory_below_1mib(void **state)
{
	(void)state;
	frame_add_free(0, MiB(2));
	assert_int_equal(frame_free_bytes(), MiB(1));
	uint64_t a;
	while ((a = frame_alloc(1, PG, 0)) != 0)
		assert_true(a >= FRAME_LOW_LIMIT);
	frame_free(0x9000, 1); /* freeing low memory does not make it allocatable */
	assert_int_equal(frame_alloc(1, PG, 0), 0);
}

static void test_range_entirely_below_1mib_is_dropped(void **state)
{
	(void)state;
	frame_add_free(0x1000, 0x9F000);
	assert_int_equal(frame_range_count(), 0);
	assert_int_equal(frame_alloc(1, PG, MiB(1)), 0);
}

static void test_range_count_tracks_many_disjoint_ranges(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < 100; i++)
		frame_add_free(MiB(16) + i * 2 * PG, PG);
	assert_int_equal(frame_range_count(), 100);
	assert_int_equal(frame_free_bytes(), 100 * PG);
}

/* With the table full, an add above every range must be dropped cleanly. */
static void test_full_table_add_past_the_end_is_dropped(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < FRAME_MAX_RANGES; i++)
		frame_add_free(MiB(16) + i * 2 * PG, PG);
	assert_int_equal(frame_range_count(), FRAME_MAX_RANGES);
	frame_add_free(GiB(1), PG);
	assert_int_equal(frame_range_count(), FRAME_MAX_RANGES);
	assert_int_equal(frame_free_bytes(), FRAME_MAX_RANGES * PG);
}

/* With the table full, reserving inside a range may lose memory but never
 * hands out the reserved page. */
static void test_full_table_reserve_never_leaves_reserved_page_free(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < FRAME_MAX_RANGES; i++)
		frame_add_free(MiB(16) + i * 4 * PG, 3 * PG);
	frame_reserve(MiB(16) + PG, PG);
	assert_true(frame_range_count() <= FRAME_MAX_RANGES);
	uint64_t a;
	while ((a = frame_alloc(1, PG, 0)) != 0)
		assert_int_not_equal(a, MiB(16) + PG);
}

#define T(f) cmocka_unit_test_setup(f, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_add_free_counts_bytes_and_ranges),
		T(test_add_free_shrinks_to_whole_pages),
		T(test_add_free_smaller_than_a_page_is_ignored),
		T(test_adjacent_ranges_merge),
		T(test_overlapping_add_is_not_counted_twice),
		T(test_reserve_splits_a_range),
		T(test_reserve_rounds_outwards_to_pages),
		T(test_reserve_across_several_ranges),
		T(test_reserve_outside_free_memory_changes_nothing),
		T(test_alloc_takes_highest_fit_first),
		T(test_alloc_honours_alignment),
		T(test_alloc_rejects_bad_alignment_and_zero_pages),
		T(test_alloc_stays_at_or_below_limit),
		T(test_alloc_exhaustion_returns_zero),
		T(test_alloc_too_big_for_any_single_range),
		T(test_alloc_with_huge_page_count_returns_zero),
		T(test_free_then_realloc_returns_the_same_block),
		T(test_free_in_the_middle_merges_both_sides),
		T(test_never_hands_out_memory_below_1mib),
		T(test_range_entirely_below_1mib_is_dropped),
		T(test_range_count_tracks_many_disjoint_ranges),
		T(test_full_table_add_past_the_end_is_dropped),
		T(test_full_table_reserve_never_leaves_reserved_page_free),
	};
	return cmocka_run_group_tests_name("frame", tests, NULL, NULL);
}
