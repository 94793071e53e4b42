/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests for fmt_snprintf (hv/fmt.c), cmdline_get/str_copy (hv/string.c) and stats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hv/lib/fmt.h"
#include "hv/lib/stats.h"
#include "hv/selftest.h"
#include "hv/lib/string.h"

static char buf[128];

/* Formats into buf and checks both the text and the returned length. */
#define CHECK(expect, ...)                                                        \
	do {                                                                      \
		memset(buf, 'Z', sizeof(buf));                                    \
		int n_ = fmt_snprintf(buf, sizeof(buf), __VA_ARGS__);             \
		assert_string_equal(buf, expect);                                 \
		assert_int_equal(n_, strlen(expect));                             \
	} while (0)

/* A format only known at run time (for the odd cases the compiler would flag). */
static int fmt_runtime(char *out, size_t size, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = fmt_vsnprintf(out, size, f, ap);
	va_end(ap);
	return n;
}

/* ---- fmt_snprintf ---- */

static void test_fmt_plain_text_and_percent(void **state)
{
	(void)state;
	CHECK("", "%s", "");
	CHECK("hello", "hello");
	CHECK("100%", "100%%");
	CHECK("a=x", "a=%c", 'x');
}

static void test_fmt_signed_and_unsigned_decimal(void **state)
{
	(void)state;
	CHECK("42 -42 0", "%d %i %d", 42, -42, 0);
	CHECK("4294967295", "%u", 4294967295u);
	CHECK("-2147483648", "%d", INT32_MIN);
	CHECK("-9223372036854775808", "%lld", (long long)INT64_MIN);
	CHECK("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	CHECK("-1", "%ld", -1L);
}

static void test_fmt_hex_octal(void **state)
{
	(void)state;
	CHECK("ff FF 17 0", "%x %X %o %x", 255u, 255u, 15u, 0u);
	CHECK("ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
	CHECK("fee00000", "%llx", 0xFEE00000ULL);
	CHECK("DEADBEEFCAFE", "%llX", 0xDEADBEEFCAFEULL);
}

static void test_fmt_length_modifiers(void **state)
{
	(void)state;
	CHECK("18446744073709551615", "%zu", (size_t)SIZE_MAX);
	CHECK("12345", "%zu", (size_t)12345);
	CHECK("1", "%hhu", 257);
	CHECK("-1", "%hd", 65535);
	CHECK("-1", "%hhd", 255);
}

static void test_fmt_width_right_aligns(void **state)
{
	(void)state;
	CHECK("   42", "%5d", 42);
	CHECK("  -42", "%5d", -42);
	CHECK("123456", "%3d", 123456); /* never cut */
	CHECK("   ab", "%5s", "ab");
	CHECK("    7", "%*d", 5, 7);
}

static void test_fmt_zero_pad(void **state)
{
	(void)state;
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("000000ff", "%08x", 255u);
	CHECK("0000000000001000", "%016llx", 0x1000ULL);
}

static void test_fmt_left_align(void **state)
{
	(void)state;
	CHECK("42   |", "%-5d|", 42);
	assert_int_equal(fmt_runtime(buf, sizeof(buf), "%-05d|", 42), 6); /* '-' beats '0' */
	assert_string_equal(buf, "42   |");
	CHECK("ab   |", "%-5s|", "ab");
}

static void test_fmt_precision_on_numbers(void **state)
{
	(void)state;
	CHECK("007", "%.3d", 7);
	CHECK("-007", "%.3d", -7);
	CHECK("  007", "%5.3u", 7u);
}

static void test_fmt_string_precision_stops_at_the_limit(void **state)
{
	(void)state;
	/* not terminated: reading a byte past it is an ASan error */
	const char raw[4] = { 'a', 'b', 'c', 'd' };
	CHECK("abcd", "%.4s", raw);
	CHECK("abc", "%.*s", 3, raw);
	CHECK("  ab", "%4.2s", raw);
	CHECK("ab  |", "%-4.2s|", raw);
	CHECK("", "%.0s", raw);
	CHECK("hi", "%.10s", "hi"); /* shorter than the precision */
	CHECK("hello", "%.*s", -1, "hello"); /* negative: no precision */
}

static void test_fmt_null_string(void **state)
{
	(void)state;
	const char *nothing = NULL;
	assert_int_equal(fmt_runtime(buf, sizeof(buf), "%s", nothing), 6);
	assert_string_equal(buf, "(null)");
}

static void test_fmt_pointer(void **state)
{
	(void)state;
	CHECK("0x00000000deadbeef", "%p", (void *)(uintptr_t)0xDEADBEEF);
}

static void test_fmt_unknown_conversion_and_trailing_percent(void **state)
{
	(void)state;
	assert_int_equal(fmt_runtime(buf, sizeof(buf), "a%qb"), 4);
	assert_string_equal(buf, "a%qb");
	assert_int_equal(fmt_runtime(buf, sizeof(buf), "end%"), 4);
	assert_string_equal(buf, "end%");
}

static void test_fmt_truncation_returns_full_length_and_terminates(void **state)
{
	(void)state;
	char small[8];
	memset(small, 'Z', sizeof(small));
	assert_int_equal(fmt_snprintf(small, 5, "hello %s", "world"), 11);
	assert_string_equal(small, "hell");
	assert_int_equal(small[5], 'Z'); /* nothing written past size */
	assert_int_equal(fmt_snprintf(small, 1, "%d", 12345), 5);
	assert_int_equal(small[0], 0);
	assert_int_equal(fmt_snprintf(small, sizeof(small), "%08d", 1), 8);
	assert_string_equal(small, "0000000");
}

static void test_fmt_size_zero_writes_nothing(void **state)
{
	(void)state;
	char one = 'Z';
	assert_int_equal(fmt_snprintf(&one, 0, "%s=%llx", "key", 0xABCULL), 7);
	assert_int_equal(one, 'Z');
	assert_int_equal(fmt_snprintf(NULL, 0, "%d", -100), 4);
}

/* ---- str_copy, str_starts_with ---- */

static void test_str_copy_fits(void **state)
{
	(void)state;
	char d[8];
	assert_int_equal(str_copy(d, "abc", sizeof(d)), 3);
	assert_string_equal(d, "abc");
}

static void test_str_copy_truncates_and_terminates(void **state)
{
	(void)state;
	char d[4] = { 'x', 'x', 'x', 'x' };
	assert_int_equal(str_copy(d, "abcdefgh", sizeof(d)), 8);
	assert_string_equal(d, "abc");
	char e = 'Z';
	assert_int_equal(str_copy(&e, "abc", 0), 3);
	assert_int_equal(e, 'Z');
}

static void test_str_starts_with(void **state)
{
	(void)state;
	assert_true(str_starts_with("manifest=a", "manifest"));
	assert_true(str_starts_with("x", ""));
	assert_false(str_starts_with("man", "manifest"));
}

/* ---- cmdline_get ---- */

static const char *const CMDLINE = "  console=ttyS0,115200  manifest=/boot/a.toml debug loglevel= ";

static void test_cmdline_value_of_a_key(void **state)
{
	(void)state;
	char v[32];
	assert_true(cmdline_get(CMDLINE, "console", v, sizeof(v)));
	assert_string_equal(v, "ttyS0,115200");
	assert_true(cmdline_get(CMDLINE, "manifest", v, sizeof(v)));
	assert_string_equal(v, "/boot/a.toml");
}

static void test_cmdline_flag_and_empty_value(void **state)
{
	(void)state;
	char v[32] = "junk";
	assert_true(cmdline_get(CMDLINE, "debug", v, sizeof(v)));
	assert_string_equal(v, "");
	strcpy(v, "junk");
	assert_true(cmdline_get(CMDLINE, "loglevel", v, sizeof(v)));
	assert_string_equal(v, "");
}

static void test_cmdline_key_must_match_whole_word(void **state)
{
	(void)state;
	char v[32];
	assert_false(cmdline_get(CMDLINE, "cons", v, sizeof(v)));
	assert_false(cmdline_get(CMDLINE, "debugx", v, sizeof(v)));
	assert_false(cmdline_get(CMDLINE, "ttyS0", v, sizeof(v)));
	assert_true(cmdline_get("ab=1 a=2", "a", v, sizeof(v)));
	assert_string_equal(v, "2");
}

static void test_cmdline_value_is_truncated(void **state)
{
	(void)state;
	char v[4];
	assert_true(cmdline_get(CMDLINE, "console", v, sizeof(v)));
	assert_string_equal(v, "tty");
	char z = 'Z';
	assert_true(cmdline_get(CMDLINE, "console", &z, 0));
	assert_int_equal(z, 'Z');
}

static void test_cmdline_empty_or_null(void **state)
{
	(void)state;
	char v[8];
	assert_false(cmdline_get("", "a", v, sizeof(v)));
	assert_false(cmdline_get("   ", "a", v, sizeof(v)));
	assert_false(cmdline_get(NULL, "a", v, sizeof(v)));
}

static void test_cmdline_first_occurrence_wins(void **state)
{
	(void)state;
	char v[8];
	assert_true(cmdline_get("k=1 k=2", "k", v, sizeof(v)));
	assert_string_equal(v, "1");
}

/* ---- stats_min_median_max ---- */

static void test_stats_empty_sample_is_zero(void **state)
{
	(void)state;
	uint64_t mn = 1, md = 1, mx = 1;
	stats_min_median_max(NULL, 0, &mn, &md, &mx);
	assert_int_equal(mn, 0);
	assert_int_equal(md, 0);
	assert_int_equal(mx, 0);
}

static void test_stats_odd_count_median_is_middle(void **state)
{
	(void)state;
	uint64_t v[] = { 9, 1, 5, 7, 3 }, mn, md, mx;
	stats_min_median_max(v, 5, &mn, &md, &mx);
	assert_int_equal(mn, 1);
	assert_int_equal(md, 5);
	assert_int_equal(mx, 9);
	for (int i = 0; i < 5; i++)
		assert_int_equal(v[i], 1 + 2 * i); /* sorted in place */
}

static void test_stats_even_count_median_is_mean_of_middle_two(void **state)
{
	(void)state;
	uint64_t v[] = { 40, 10, 30, 20 }, mn, md, mx;
	stats_min_median_max(v, 4, &mn, &md, &mx);
	assert_int_equal(mn, 10);
	assert_int_equal(md, 25);
	assert_int_equal(mx, 40);
}

static void test_stats_single_and_duplicates(void **state)
{
	(void)state;
	uint64_t one[] = { 77 }, mn, md, mx;
	stats_min_median_max(one, 1, &mn, &md, &mx);
	assert_int_equal(mn, 77);
	assert_int_equal(md, 77);
	assert_int_equal(mx, 77);
	uint64_t dup[] = { 3, 3, 1, 3, 1, 3 };
	stats_min_median_max(dup, 6, &mn, &md, &mx);
	assert_int_equal(mn, 1);
	assert_int_equal(md, 3);
	assert_int_equal(mx, 3);
}

/* A cycle delta that wrapped (TSC read on two cores) is huge: the mean of the
 * middle two must not overflow. */
static void test_stats_even_median_of_huge_values_does_not_wrap(void **state)
{
	(void)state;
	uint64_t v[] = { UINT64_MAX, UINT64_MAX - 2 }, mn, md, mx;
	stats_min_median_max(v, 2, &mn, &md, &mx);
	assert_int_equal(md, UINT64_MAX - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_plain_text_and_percent),
		cmocka_unit_test(test_fmt_signed_and_unsigned_decimal),
		cmocka_unit_test(test_fmt_hex_octal),
		cmocka_unit_test(test_fmt_length_modifiers),
		cmocka_unit_test(test_fmt_width_right_aligns),
		cmocka_unit_test(test_fmt_zero_pad),
		cmocka_unit_test(test_fmt_left_align),
		cmocka_unit_test(test_fmt_precision_on_numbers),
		cmocka_unit_test(test_fmt_string_precision_stops_at_the_limit),
		cmocka_unit_test(test_fmt_null_string),
		cmocka_unit_test(test_fmt_pointer),
		cmocka_unit_test(test_fmt_unknown_conversion_and_trailing_percent),
		cmocka_unit_test(test_fmt_truncation_returns_full_length_and_terminates),
		cmocka_unit_test(test_fmt_size_zero_writes_nothing),
		cmocka_unit_test(test_str_copy_fits),
		cmocka_unit_test(test_str_copy_truncates_and_terminates),
		cmocka_unit_test(test_str_starts_with),
		cmocka_unit_test(test_cmdline_value_of_a_key),
		cmocka_unit_test(test_cmdline_flag_and_empty_value),
		cmocka_unit_test(test_cmdline_key_must_match_whole_word),
		cmocka_unit_test(test_cmdline_value_is_truncated),
		cmocka_unit_test(test_cmdline_empty_or_null),
		cmocka_unit_test(test_cmdline_first_occurrence_wins),
		cmocka_unit_test(test_stats_empty_sample_is_zero),
		cmocka_unit_test(test_stats_odd_count_median_is_middle),
		cmocka_unit_test(test_stats_even_count_median_is_mean_of_middle_two),
		cmocka_unit_test(test_stats_single_and_duplicates),
		cmocka_unit_test(test_stats_even_median_of_huge_values_does_not_wrap),
	};
	return cmocka_run_group_tests_name("fmt_string_stats", tests, NULL, NULL);
}
