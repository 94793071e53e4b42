/* SPDX-License-Identifier: BSD-2-Clause */
/* The decoder's lengths against the GNU assembler's (lengths.s), and its errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "hv/insn/decode.h"
#include "tests/unit/insn/tests.h"

extern const uint8_t insn_code64[], insn_code32[], insn_code16[], insn_code_end[];
extern const uint8_t insn_lengths[];
extern const char insn_texts[];

/* Where each block's lengths and texts begin (the blocks follow each other). */
struct cursor {
	const uint8_t *len;
	const char *text;
};

static void skip_block(struct cursor *c, const uint8_t *code, const uint8_t *end)
{
	while (code < end) {
		code += *c->len++;
		c->text += strlen(c->text) + 1;
	}
}

static unsigned check_block(const uint8_t *code, const uint8_t *end, struct cursor *c, enum insn_mode mode)
{
	unsigned n = 0;
	while (code < end) {
		struct insn_decoded d;
		unsigned want = *c->len++;
		int got = insn_decode(code, (unsigned)(end - code), mode, &d);
		if (got != (int)want)
			fail_msg("%u-bit \"%s\": decoder says %d, the assembler %u bytes", 8 * (unsigned)mode, c->text,
				 got, want);
		code += want;
		c->text += strlen(c->text) + 1;
		n++;
	}
	return n;
}

void test_lengths_64(void **state)
{
	(void)state;
	struct cursor c = { insn_lengths, insn_texts };
	assert_true(check_block(insn_code64, insn_code32, &c, INSN_MODE_64) > 300);
}

void test_lengths_32(void **state)
{
	(void)state;
	struct cursor c = { insn_lengths, insn_texts };
	skip_block(&c, insn_code64, insn_code32);
	assert_true(check_block(insn_code32, insn_code16, &c, INSN_MODE_32) > 80);
}

void test_lengths_16(void **state)
{
	(void)state;
	struct cursor c = { insn_lengths, insn_texts };
	skip_block(&c, insn_code64, insn_code32);
	skip_block(&c, insn_code32, insn_code16);
	assert_true(check_block(insn_code16, insn_code_end, &c, INSN_MODE_16) > 80);
}

static int decode(enum insn_mode mode, const uint8_t *b, unsigned len)
{
	struct insn_decoded d;
	return insn_decode(b, len, mode, &d);
}

#define DECODE(mode, ...) decode(mode, (const uint8_t[]){ __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }))

void test_decode_errors(void **state)
{
	(void)state;
	static const uint8_t prefixes[16] = { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
					      0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x89, 0x00 };
	struct insn_decoded d;
	/* #UD: 82 and PUSH ES in 64-bit mode, LOCK on MOV, on a register destination, on CMP,
	 * FE /7, C7 /1, LEA with a register, MOVNTI with a register. */
	assert_int_equal(DECODE(INSN_MODE_64, 0x82, 0x00, 0x01), INSN_DECODE_INVALID);
	assert_int_equal(DECODE(INSN_MODE_32, 0x82, 0x00, 0x01), 3);
	assert_int_equal(DECODE(INSN_MODE_64, 0x06), INSN_DECODE_INVALID);
	assert_int_equal(DECODE(INSN_MODE_64, 0xF0, 0x89, 0x00), INSN_DECODE_INVALID);
	assert_int_equal(DECODE(INSN_MODE_64, 0xF0, 0x01, 0xC0), INSN_DECODE_INVALID);
	assert_int_equal(DECODE(INSN_MODE_64, 0xF0, 0x39, 0x00), INSN_DECODE_INVALID);
	assert_int_equal(DECODE(INSN_MODE_64, 0xF0, 0x83, 0x38, 0x01), INSN_DECODE_INVALID);
	assert_int_equal(DECODE(INSN_MODE_64, 0xF0, 0x03, 0x00), INSN_DECODE_INVALID);
	assert_int_equal(DECODE(INSN_MODE_64, 0xF0, 0x0F, 0xA3, 0x00), INSN_DECODE_INVALID);
	assert_int_equal(DECODE(INSN_MODE_64, 0xF0, 0x01, 0x00), 3);
	assert_int_equal(DECODE(INSN_MODE_64, 0xF0, 0x87, 0x00), 3);
	assert_int_equal(DECODE(INSN_MODE_64, 0xFE, 0x38), INSN_DECODE_INVALID);
	assert_int_equal(DECODE(INSN_MODE_64, 0xC7, 0x08, 1, 2, 3, 4), INSN_DECODE_INVALID);
	assert_int_equal(DECODE(INSN_MODE_64, 0x8D, 0xC0), INSN_DECODE_INVALID);
	assert_int_equal(DECODE(INSN_MODE_64, 0x0F, 0xC3, 0xC0), INSN_DECODE_INVALID);
	assert_int_equal(DECODE(INSN_MODE_64, 0x0F, 0xBA, 0x00, 0x01), INSN_DECODE_INVALID);
	/* Truncated, over 15 bytes, unknown (VEX in 64-bit mode, LES in 32-bit mode is not). */
	assert_int_equal(DECODE(INSN_MODE_64, 0x48, 0xC7, 0x00, 0x01, 0x02), INSN_DECODE_SHORT);
	assert_int_equal(DECODE(INSN_MODE_64, 0x66), INSN_DECODE_SHORT);
	assert_int_equal(insn_decode(prefixes, 16, INSN_MODE_64, &d), INSN_DECODE_TOO_LONG);
	assert_int_equal(insn_decode(prefixes + 1, 15, INSN_MODE_64, &d), 15);
	assert_int_equal(DECODE(INSN_MODE_64, 0xC5, 0xF8, 0x77), INSN_DECODE_UNKNOWN);
	assert_int_equal(DECODE(INSN_MODE_32, 0xC5, 0xF8, 0x77), INSN_DECODE_UNKNOWN);
	assert_int_equal(DECODE(INSN_MODE_32, 0xC5, 0x08), 2);
	/* A REX prefix followed by a legacy prefix is ignored; 66 with REX.W is 64-bit. */
	assert_int_equal(DECODE(INSN_MODE_64, 0x48, 0x66, 0xC7, 0x00, 0x34, 0x12), 6);
	assert_int_equal(insn_decode((const uint8_t[]){ 0x66, 0x48, 0xC7, 0x00, 1, 2, 3, 4 }, 8, INSN_MODE_64, &d), 8);
	assert_int_equal(d.opsize, 8);
	/* In 64-bit mode only FS and GS overrides count; RBP and RSP bases default to SS. */
	insn_decode((const uint8_t[]){ 0x3E, 0x8B, 0x45, 0x00 }, 4, INSN_MODE_64, &d);
	assert_int_equal(d.seg, INSN_SEG_SS);
	insn_decode((const uint8_t[]){ 0x3E, 0x8B, 0x45, 0x00 }, 4, INSN_MODE_32, &d);
	assert_int_equal(d.seg, INSN_SEG_DS);
	insn_decode((const uint8_t[]){ 0x64, 0x8B, 0x04, 0x24 }, 4, INSN_MODE_64, &d);
	assert_int_equal(d.seg, INSN_SEG_FS);
	insn_decode((const uint8_t[]){ 0x8B, 0x02 }, 2, INSN_MODE_16, &d);
	assert_int_equal(d.seg, INSN_SEG_SS);
	assert_int_equal(d.base, 5);
	assert_int_equal(d.index, 6);
}
