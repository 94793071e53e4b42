/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests of the MOV to CR0/CR4 rules (hv/exit/cr_rules.c), with the values the guest
 * fuzzer found reaching the VMCS (seed 2, operation 7640: CR0 = 0xf00ad2678194a372). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "hv/exit/cr_rules.h"

/* A 64-bit guest: paging, PAE, long mode active. */
static const struct cr_state long_mode = { 0x80050033, 0x101000, 0x20 | (1 << 18), EFER_LME | EFER_LMA, 0x3727FF & ~(1u << 13) };
static const struct cr_state flat32 = { 0x11, 0, 0, 0, 0x3727FF & ~(1u << 13) };

static void cr0_found_by_the_fuzzer(void **state)
{
	(void)state;
	assert_false(cr0_write_ok(&long_mode, 0xf00ad2678194a372ULL)); /* bits 63:32, PG without PE */
	assert_false(cr0_write_ok(&long_mode, 0x8194a372ULL));         /* PG without PE */
}

static void cr0_rules(void **state)
{
	(void)state;
	assert_true(cr0_write_ok(&long_mode, 0x80050033));
	assert_true(cr0_write_ok(&long_mode, 0xE0050033));             /* CD and NW */
	assert_false(cr0_write_ok(&long_mode, 0xA0050033));            /* NW without CD */
	assert_false(cr0_write_ok(&long_mode, 0x00050033));            /* leaving paging in IA-32e mode */
	assert_true(cr0_write_ok(&flat32, 0x00000011));
	assert_true(cr0_write_ok(&flat32, 0x80000011));                /* paging on, legacy mode */
	struct cr_state lme = flat32;
	lme.efer = EFER_LME;
	assert_false(cr0_write_ok(&lme, 0x80000011));                  /* LME without PAE */
	lme.cr4 = CR4_PAE;
	assert_true(cr0_write_ok(&lme, 0x80000011));
}

static void cr4_rules(void **state)
{
	(void)state;
	assert_true(cr4_write_ok(&long_mode, 0x20 | (1 << 18)));
	assert_false(cr4_write_ok(&long_mode, 0));                     /* PAE cleared in IA-32e mode */
	assert_false(cr4_write_ok(&long_mode, 0x20 | (1ULL << 40)));  /* reserved */
	assert_false(cr4_write_ok(&long_mode, 0x20 | CR4_LA57));       /* LA57 changed in IA-32e mode */
	assert_true(cr4_write_ok(&long_mode, 0x20 | CR4_PCIDE));       /* CR3[11:0] = 0 */
	struct cr_state pcid = long_mode;
	pcid.cr3 |= 0x18;
	assert_false(cr4_write_ok(&pcid, 0x20 | CR4_PCIDE));
	assert_false(cr4_write_ok(&flat32, CR4_PCIDE));                /* PCIDE outside IA-32e mode */
	assert_true(cr4_write_ok(&flat32, 0));
	assert_false(cr4_write_ok(&flat32, CR4_CET));                  /* CET without CR0.WP */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cr0_found_by_the_fuzzer),
		cmocka_unit_test(cr0_rules),
		cmocka_unit_test(cr4_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
