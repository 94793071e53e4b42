/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests of the x86 instruction emulator (hv/insn/): against the host CPU, against the
 * GNU assembler's lengths, guest paging, modes, segments, strings, ports and error reports. The
 * groups live in tests/unit/insn/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "tests/unit/insn/tests.h"

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_native_mov),
		cmocka_unit_test(test_native_movx_xchg_cc),
		cmocka_unit_test(test_native_alu),
		cmocka_unit_test(test_native_unary_test),
		cmocka_unit_test(test_native_bt),
		cmocka_unit_test(test_native_cmpxchg_xadd),
		cmocka_unit_test(test_native_strings),
		cmocka_unit_test(test_lengths_64),
		cmocka_unit_test(test_lengths_32),
		cmocka_unit_test(test_lengths_16),
		cmocka_unit_test(test_decode_errors),
		cmocka_unit_test(test_paging_32bit),
		cmocka_unit_test(test_paging_pae),
		cmocka_unit_test(test_paging_4level),
		cmocka_unit_test(test_paging_5level),
		cmocka_unit_test(test_paging_rights),
		cmocka_unit_test(test_paging_reserved_bits),
		cmocka_unit_test(test_paging_smep_smap),
		cmocka_unit_test(test_paging_emulate_through_tables),
		cmocka_unit_test(test_paging_fetch_across_pages),
		cmocka_unit_test(test_paging_split_access),
		cmocka_unit_test(test_real_mode_addressing),
		cmocka_unit_test(test_protected_32_addressing),
		cmocka_unit_test(test_segment_limits),
		cmocka_unit_test(test_long_mode_canonical),
		cmocka_unit_test(test_rep_strings),
		cmocka_unit_test(test_rep_bounded),
		cmocka_unit_test(test_string_address_wrap),
		cmocka_unit_test(test_ins_outs),
		cmocka_unit_test(test_invalid_encodings),
		cmocka_unit_test(test_unsupported_messages),
		cmocka_unit_test(test_bus_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
