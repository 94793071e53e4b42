/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests for the 4-level page-table builder (hv/page_table.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hv/mm/paging.h"

/* Table pages come from aligned_alloc; "physical" is the pointer itself. */
#define POOL_MAX 64
static void *pool[POOL_MAX];
static int npool;
static int alloc_budget; /* allocations left before alloc fails; <0 = unlimited */

static uint64_t host_alloc(void)
{
	if (alloc_budget == 0 || npool == POOL_MAX)
		return 0;
	if (alloc_budget > 0)
		alloc_budget--;
	void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	assert_non_null(p);
	memset(p, 0, PAGE_SIZE);
	assert_int_equal((uintptr_t)p & ~PTE_ADDR, 0);
	pool[npool++] = p;
	return (uint64_t)(uintptr_t)p;
}

static void *host_map(uint64_t phys)
{
	return (void *)(uintptr_t)phys;
}

static struct pt_ctx ctx;

static int setup(void **state)
{
	(void)state;
	npool = 0;
	alloc_budget = -1;
	ctx = (struct pt_ctx){ 0, host_alloc, host_map };
	ctx.root = host_alloc();
	return ctx.root ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	for (int i = 0; i < npool; i++)
		free(pool[i]);
	npool = 0;
	return 0;
}

#define ADDR(e) ((e) & PTE_ADDR)
#define BASE MiB(4)

static void test_lookup_in_empty_tables_returns_zero(void **state)
{
	(void)state;
	assert_int_equal(pt_lookup(&ctx, 0), 0);
	assert_int_equal(pt_lookup(&ctx, GiB(1)), 0);
	assert_int_equal(pt_lookup(&ctx, 0x00007FFFFFFFF000ULL), 0);
}

static void test_map_2mib_uses_one_large_page(void **state)
{
	(void)state;
	assert_true(pt_map_range(&ctx, BASE, BASE + MiB(2), PTE_W));
	uint64_t e = pt_lookup(&ctx, BASE);
	assert_true(e & PTE_P);
	assert_true(e & PTE_PS);
	assert_true(e & PTE_W);
	assert_int_equal(ADDR(e), BASE);
	/* every address inside resolves to the same leaf */
	assert_int_equal(pt_lookup(&ctx, BASE + MiB(2) - 1), e);
	assert_int_equal(pt_lookup(&ctx, BASE + 0x12345), e);
	/* root + PDPT + PD: no 4 KiB table was needed */
	assert_int_equal(npool, 3);
}

static void test_map_range_neighbours_stay_unmapped(void **state)
{
	(void)state;
	assert_true(pt_map_range(&ctx, BASE, BASE + MiB(2), PTE_W));
	assert_int_equal(pt_lookup(&ctx, BASE - 1), 0);
	assert_int_equal(pt_lookup(&ctx, BASE + MiB(2)), 0);
}

static void test_unaligned_range_uses_4k_pages_at_the_edges(void **state)
{
	(void)state;
	uint64_t start = BASE - 3 * PAGE_SIZE, end = BASE + MiB(2) + 2 * PAGE_SIZE;
	assert_true(pt_map_range(&ctx, start, end, PTE_W));
	for (uint64_t a = start; a < BASE; a += PAGE_SIZE) {
		uint64_t e = pt_lookup(&ctx, a);
		assert_true(e & PTE_P);
		assert_false(e & PTE_PS);
		assert_int_equal(ADDR(e), a);
	}
	assert_true(pt_lookup(&ctx, BASE) & PTE_PS);
	for (uint64_t a = BASE + MiB(2); a < end; a += PAGE_SIZE) {
		uint64_t e = pt_lookup(&ctx, a);
		assert_false(e & PTE_PS);
		assert_int_equal(ADDR(e), a);
	}
	assert_int_equal(pt_lookup(&ctx, start - PAGE_SIZE), 0);
	assert_int_equal(pt_lookup(&ctx, end), 0);
}

static void test_map_range_rounds_base_down_to_a_page(void **state)
{
	(void)state;
	assert_true(pt_map_range(&ctx, BASE + 0x10, BASE + 0x20, PTE_W));
	assert_int_equal(ADDR(pt_lookup(&ctx, BASE)), BASE);
	assert_int_equal(pt_lookup(&ctx, BASE + PAGE_SIZE), 0);
}

static void test_nx_and_w_flags_are_kept(void **state)
{
	(void)state;
	assert_true(pt_map_range(&ctx, BASE, BASE + MiB(2), PTE_NX));
	assert_true(pt_map_range(&ctx, BASE + MiB(2), BASE + MiB(4), PTE_W | PTE_NX));
	assert_true(pt_map_range(&ctx, BASE + MiB(4), BASE + MiB(6), 0));
	uint64_t ro = pt_lookup(&ctx, BASE), rw = pt_lookup(&ctx, BASE + MiB(2));
	uint64_t rx = pt_lookup(&ctx, BASE + MiB(4));
	assert_true(ro & PTE_NX);
	assert_false(ro & PTE_W);
	assert_true(rw & PTE_NX);
	assert_true(rw & PTE_W);
	assert_false(rx & PTE_NX);
	assert_false(rx & PTE_W);
	assert_true(rx & PTE_P);
}

static void test_intermediate_tables_are_present_and_writable(void **state)
{
	(void)state;
	assert_true(pt_map_range(&ctx, BASE, BASE + MiB(2), 0));
	const uint64_t *pml4 = host_map(ctx.root);
	uint64_t e = pml4[0];
	assert_int_equal(e & (PTE_P | PTE_W), PTE_P | PTE_W);
	assert_false(e & PTE_NX); /* the leaf decides */
}

static void test_split_keeps_the_other_511_entries(void **state)
{
	(void)state;
	const uint64_t flags = PTE_W | PTE_NX | PTE_G;
	assert_true(pt_map_range(&ctx, BASE, BASE + MiB(2), flags));
	uint64_t target = BASE + 37 * PAGE_SIZE;
	assert_true(pt_set_page(&ctx, target, PTE_G)); /* read-only, executable */
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t a = BASE + i * PAGE_SIZE;
		uint64_t e = pt_lookup(&ctx, a);
		assert_true(e & PTE_P);
		assert_false(e & PTE_PS);
		assert_int_equal(ADDR(e), a);
		if (a == target) {
			assert_false(e & PTE_W);
			assert_false(e & PTE_NX);
		} else {
			assert_int_equal(e & ~PTE_ADDR, flags | PTE_P);
		}
	}
}

static void test_split_twice_allocates_one_table(void **state)
{
	(void)state;
	assert_true(pt_map_range(&ctx, BASE, BASE + MiB(2), PTE_W));
	int before = npool;
	assert_true(pt_set_page(&ctx, BASE, PTE_W | PTE_NX));
	assert_true(pt_set_page(&ctx, BASE + PAGE_SIZE, PTE_W | PTE_NX));
	assert_int_equal(npool, before + 1);
}

static void test_unmap_single_page(void **state)
{
	(void)state;
	assert_true(pt_map_range(&ctx, BASE, BASE + MiB(2), PTE_W));
	uint64_t guard = BASE + 100 * PAGE_SIZE;
	assert_true(pt_set_page(&ctx, guard, 0));
	assert_int_equal(pt_lookup(&ctx, guard), 0);
	assert_int_equal(pt_lookup(&ctx, guard + PAGE_SIZE - 1), 0);
	assert_int_equal(ADDR(pt_lookup(&ctx, guard - PAGE_SIZE)), guard - PAGE_SIZE);
	assert_int_equal(ADDR(pt_lookup(&ctx, guard + PAGE_SIZE)), guard + PAGE_SIZE);
}

static void test_set_page_in_unmapped_area_maps_only_that_page(void **state)
{
	(void)state;
	uint64_t a = GiB(3) + 5 * PAGE_SIZE;
	assert_true(pt_set_page(&ctx, a + 0x123, PTE_W));
	uint64_t e = pt_lookup(&ctx, a);
	assert_int_equal(ADDR(e), a);
	assert_true(e & PTE_W);
	assert_int_equal(pt_lookup(&ctx, a + PAGE_SIZE), 0);
	assert_int_equal(pt_lookup(&ctx, a - PAGE_SIZE), 0);
}

static void test_map_above_512gib_uses_another_pml4_slot(void **state)
{
	(void)state;
	uint64_t hi = GiB(512) * 3 + GiB(7);
	assert_true(pt_map_range(&ctx, hi, hi + MiB(2), PTE_W));
	assert_int_equal(ADDR(pt_lookup(&ctx, hi)), hi);
	assert_int_equal(pt_lookup(&ctx, GiB(7)), 0);
	const uint64_t *pml4 = host_map(ctx.root);
	assert_true(pml4[3] & PTE_P);
	assert_false(pml4[0] & PTE_P);
}

static void test_alloc_failure_is_reported(void **state)
{
	(void)state;
	alloc_budget = 1; /* the PDPT, then nothing */
	assert_false(pt_map_range(&ctx, BASE, BASE + MiB(2), PTE_W));
	alloc_budget = -1;
	assert_true(pt_map_range(&ctx, BASE, BASE + MiB(2), PTE_W));
	alloc_budget = 0; /* the split has no page for its table */
	assert_false(pt_set_page(&ctx, BASE, 0));
	assert_true(pt_lookup(&ctx, BASE) & PTE_PS); /* left as it was */
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_lookup_in_empty_tables_returns_zero),
		T(test_map_2mib_uses_one_large_page),
		T(test_map_range_neighbours_stay_unmapped),
		T(test_unaligned_range_uses_4k_pages_at_the_edges),
		T(test_map_range_rounds_base_down_to_a_page),
		T(test_nx_and_w_flags_are_kept),
		T(test_intermediate_tables_are_present_and_writable),
		T(test_split_keeps_the_other_511_entries),
		T(test_split_twice_allocates_one_table),
		T(test_unmap_single_page),
		T(test_set_page_in_unmapped_area_maps_only_that_page),
		T(test_map_above_512gib_uses_another_pml4_slot),
		T(test_alloc_failure_is_reported),
	};
	return cmocka_run_group_tests_name("page_table", tests, NULL, NULL);
}
