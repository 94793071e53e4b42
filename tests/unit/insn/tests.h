/* SPDX-License-Identifier: BSD-2-Clause */
/* The cmocka tests of the instruction emulator, one group per file (listed in test_insn.c). */
#ifndef TESTS_INSN_TESTS_H
#define TESTS_INSN_TESTS_H

/* test_native.c: random encodings against the host CPU. */
void test_native_mov(void **state);
void test_native_movx_xchg_cc(void **state);
void test_native_alu(void **state);
void test_native_unary_test(void **state);
void test_native_bt(void **state);
void test_native_cmpxchg_xadd(void **state);
void test_native_strings(void **state);

/* test_lengths.c: decoder lengths against the GNU assembler. */
void test_lengths_64(void **state);
void test_lengths_32(void **state);
void test_lengths_16(void **state);
void test_decode_errors(void **state);

/* test_paging.c: the guest page-table walker. */
void test_paging_32bit(void **state);
void test_paging_pae(void **state);
void test_paging_4level(void **state);
void test_paging_5level(void **state);
void test_paging_rights(void **state);
void test_paging_reserved_bits(void **state);
void test_paging_smep_smap(void **state);
void test_paging_emulate_through_tables(void **state);
void test_paging_fetch_across_pages(void **state);
void test_paging_split_access(void **state);

/* test_modes.c: real and protected mode, segments, strings, ports, errors. */
void test_real_mode_addressing(void **state);
void test_protected_32_addressing(void **state);
void test_segment_limits(void **state);
void test_long_mode_canonical(void **state);
void test_rep_strings(void **state);
void test_rep_bounded(void **state);
void test_string_address_wrap(void **state);
void test_ins_outs(void **state);
void test_invalid_encodings(void **state);
void test_unsupported_messages(void **state);
void test_bus_errors(void **state);

#endif
