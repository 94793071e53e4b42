/* SPDX-License-Identifier: BSD-2-Clause */
/* Real mode, 16/32-bit protected and compatibility mode, segments and limits, canonical checks,
 * REP string instructions (direction, count 0, bounded batches, address-size wrap), INS/OUTS,
 * invalid encodings, unsupported instructions and bus errors, through insn_emulate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/insn/guest.h"
#include "tests/unit/insn/tests.h"

#define RAX 0
#define RCX 1
#define RDX 2
#define RBX 3
#define RSP 4
#define RBP 5
#define RSI 6
#define RDI 7
#define DF 0x400ULL
#define ZF 0x40ULL
#define CODE 0x2000ULL   /* code address (paging off, CS base 0) */
#define RAM 0x3000ULL    /* a RAM buffer */

struct rig {
	struct guest g;
	struct insn_ops ops;
	struct insn_cpu cpu;
	struct insn_outcome out;
};

static void rig_init(struct rig *r, void (*mode)(struct insn_cpu *))
{
	guest_init(&r->g);
	guest_ops(&r->g, &r->ops);
	mode(&r->cpu);
	r->cpu.rip = CODE;
}

/* Puts the instruction at CS:RIP (paging off) and runs it once. */
static enum insn_result run(struct rig *r, const char *bytes, size_t n)
{
	uint64_t at = (r->cpu.seg[INSN_SEG_CS].base + r->cpu.rip) & 0xFFFFFFFF;
	guest_put(&r->g, at, bytes, n);
	return insn_emulate(&r->cpu, &r->ops, &r->out);
}

#define RUN(r, s) run(r, s, sizeof(s) - 1)

static void expect_fault(const struct rig *r, enum insn_result res, uint8_t vector, bool has_error)
{
	assert_int_equal(res, INSN_FAULT);
	assert_int_equal(r->out.vector, vector);
	assert_int_equal(r->out.has_error, has_error);
	assert_int_equal(r->out.error, 0);
}

static void expect_log(const struct rig *r, unsigned i, uint64_t gpa, unsigned size, bool write)
{
	assert_true(i < r->g.nlog);
	assert_int_equal(r->g.log[i].gpa, gpa);
	assert_int_equal(r->g.log[i].size, size);
	assert_int_equal(r->g.log[i].write, write);
}

static void real_setup(struct rig *r)
{
	rig_init(r, cpu_real);
	r->cpu.seg[INSN_SEG_CS].base = 0x10000;
	r->cpu.rip = 0x100;
	r->cpu.seg[INSN_SEG_DS].base = DEV_LOW;
	r->cpu.seg[INSN_SEG_SS].base = DEV_LOW + 0x1000;
	r->cpu.seg[INSN_SEG_ES].base = 0x30000;
}

void test_real_mode_addressing(void **state)
{
	(void)state;
	struct rig r;
	real_setup(&r);
	r.cpu.gpr[RBX] = 0x10, r.cpu.gpr[RSI] = 0x20, r.cpu.gpr[RAX] = 0x1234BEEF;
	assert_int_equal(RUN(&r, "\x89\x40\x04"), INSN_OK);           /* mov [bx+si+4], ax */
	expect_log(&r, 0, DEV_LOW + 0x34, 2, true);
	assert_int_equal(r.g.log[0].value, 0xBEEF);
	assert_int_equal(r.cpu.rip, 0x103);
	r.cpu.rip = 0x100, r.cpu.gpr[RBX] = 0xFFF0;                  /* 16-bit offsets wrap */
	assert_int_equal(RUN(&r, "\x89\x40\x04"), INSN_OK);
	expect_log(&r, 1, DEV_LOW + 0x14, 2, true);
	r.cpu.rip = 0x100, r.cpu.gpr[RAX] = 0x100, r.cpu.gpr[RBX] = 0x10;
	assert_int_equal(RUN(&r, "\x66\x67\x8B\x04\x58"), INSN_OK);   /* mov eax, [eax+ebx*2] */
	expect_log(&r, 2, DEV_LOW + 0x120, 4, false);
	assert_int_equal(r.cpu.gpr[RAX], r.g.log[2].value);
	r.cpu.rip = 0x100, r.cpu.gpr[RBP] = 0x10, r.cpu.gpr[RDI] = 0x8, r.cpu.gpr[RAX] = 0xAAAA5555;
	assert_int_equal(RUN(&r, "\x8B\x03"), INSN_OK);               /* mov ax, [bp+di]: SS */
	expect_log(&r, 3, DEV_LOW + 0x1018, 2, false);
	assert_int_equal(r.cpu.gpr[RAX], 0xAAAA0000 | r.g.log[3].value);
	r.cpu.rip = 0x100, r.cpu.gpr[RBX] = 0x44;
	assert_int_equal(RUN(&r, "\x26\x88\x07"), INSN_OK);           /* mov es:[bx], al */
	assert_int_equal(guest_get(&r.g, 0x30044, 1), r.cpu.gpr[RAX] & 0xFF);
	r.cpu.rip = 0x100;
	assert_int_equal(RUN(&r, "\xA1\x34\x12"), INSN_OK);           /* mov ax, [0x1234] */
	expect_log(&r, 4, DEV_LOW + 0x1234, 2, false);
	r.cpu.rip = 0x100;
	assert_int_equal(RUN(&r, "\xC7\x06\x00\x01\x34\x12"), INSN_OK);  /* mov word [0x100], 0x1234 */
	expect_log(&r, 5, DEV_LOW + 0x100, 2, true);
	assert_int_equal(r.g.log[5].value, 0x1234);
	assert_int_equal(r.cpu.rip, 0x106);
	/* Past the 64 KiB limit: #GP, #SS for SS, without error codes in real mode. */
	r.cpu.rip = 0x100;
	expect_fault(&r, RUN(&r, "\x8B\x06\xFF\xFF"), 13, false);
	r.cpu.gpr[RBP] = 0;
	expect_fault(&r, RUN(&r, "\x8B\x86\xFF\xFF"), 12, false);
	assert_int_equal(r.cpu.rip, 0x100);
	guest_free(&r.g);
}

void test_protected_32_addressing(void **state)
{
	(void)state;
	struct rig r;
	rig_init(&r, cpu_prot32);
	r.cpu.seg[INSN_SEG_DS].base = DEV_HIGH - 0x100000;
	r.cpu.gpr[RBX] = 0x100000, r.cpu.gpr[RCX] = 4;
	assert_int_equal(RUN(&r, "\x8B\x44\x8B\x08"), INSN_OK);       /* mov eax, [ebx+ecx*4+8] */
	expect_log(&r, 0, DEV_HIGH + 0x18, 4, false);
	assert_int_equal(r.cpu.rip, CODE + 4);
	r.cpu.rip = CODE;
	assert_int_equal(RUN(&r, "\x66\x89\x03"), INSN_OK);           /* mov [ebx], ax */
	expect_log(&r, 1, DEV_HIGH, 2, true);
	r.cpu.seg[INSN_SEG_DS].base = DEV_HIGH;
	r.cpu.rip = CODE, r.cpu.gpr[RBX] = 0x00120010, r.cpu.gpr[RSI] = 1;
	assert_int_equal(RUN(&r, "\x67\x8B\x00"), INSN_OK);           /* mov eax, [bx+si] */
	expect_log(&r, 2, DEV_HIGH + 0x11, 4, false);
	r.cpu.rip = CODE, r.cpu.gpr[RBX] = 0xFFFFFFF0;
	assert_int_equal(RUN(&r, "\x8B\x43\x20"), INSN_OK);           /* offsets wrap at 4 GiB */
	expect_log(&r, 3, DEV_HIGH + 0x10, 4, false);
	r.cpu.seg[INSN_SEG_DS].base = 0xFFFFF000;
	r.cpu.rip = CODE, r.cpu.gpr[RBX] = DEV_HIGH + 0x1000;
	assert_int_equal(RUN(&r, "\x8B\x03"), INSN_OK);               /* base + offset wraps too */
	expect_log(&r, 4, DEV_HIGH, 4, false);
	r.cpu.seg[INSN_SEG_DS].base = DEV_HIGH;
	r.cpu.rip = CODE, r.cpu.gpr[RBX] = 0x21;
	assert_int_equal(RUN(&r, "\x0F\xB6\x03"), INSN_OK);           /* movzx eax, byte [ebx] */
	assert_int_equal(r.cpu.gpr[RAX], r.g.dev[1][0x21]);
	/* 16-bit code segment: 16-bit operands and addresses. */
	r.cpu.seg[INSN_SEG_CS].ar = 0x9B;
	r.cpu.rip = CODE, r.cpu.gpr[RBX] = 0x10030, r.cpu.gpr[RAX] = 0xFFFFFFFF;
	assert_int_equal(RUN(&r, "\x8B\x07"), INSN_OK);               /* mov ax, [bx] */
	expect_log(&r, 6, DEV_HIGH + 0x30, 2, false);
	assert_int_equal(r.cpu.gpr[RAX], 0xFFFF0000 | r.g.log[6].value);
	/* Compatibility mode: 32-bit code, segment bases still apply, 48 is DEC. */
	r.cpu.efer = 0x500, r.cpu.seg[INSN_SEG_CS].ar = 0xC09B;
	r.cpu.rip = CODE, r.cpu.gpr[RBX] = 0x40;
	assert_int_equal(RUN(&r, "\x8B\x03"), INSN_OK);
	expect_log(&r, 7, DEV_HIGH + 0x40, 4, false);
	r.cpu.rip = CODE;
	assert_int_equal(RUN(&r, "\x48\x8B\x03"), INSN_UNSUPPORTED);
	assert_non_null(strstr(r.out.why, "instruction 48 at RIP"));
	guest_free(&r.g);
}

void test_segment_limits(void **state)
{
	(void)state;
	struct rig r;
	rig_init(&r, cpu_prot32);
	struct insn_segment *ds = &r.cpu.seg[INSN_SEG_DS];
	ds->base = DEV_HIGH, ds->limit = 0xFFF;
	r.cpu.gpr[RBX] = 0xFFE;
	expect_fault(&r, RUN(&r, "\x8B\x03"), 13, true);
	r.cpu.gpr[RBX] = 0xFFC;
	assert_int_equal(RUN(&r, "\x8B\x03"), INSN_OK);
	r.cpu.rip = CODE;
	r.cpu.seg[INSN_SEG_SS].limit = 0xFFF, r.cpu.gpr[RBP] = 0x1000;
	expect_fault(&r, RUN(&r, "\x8B\x45\x00"), 12, true);         /* mov eax, [ebp]: #SS(0) */
	ds->ar = 0x4097, ds->base = DEV_HIGH - 0x1000;               /* expand-down, limit 0xFFF */
	r.cpu.gpr[RBX] = 0x800;
	expect_fault(&r, RUN(&r, "\x8B\x03"), 13, true);
	r.cpu.gpr[RBX] = 0x1800;
	assert_int_equal(RUN(&r, "\x8B\x03"), INSN_OK);
	expect_log(&r, 1, DEV_HIGH + 0x800, 4, false);
	r.cpu.rip = CODE;
	ds->ar = 0xC091, ds->base = DEV_HIGH, ds->limit = 0xFFFF, r.cpu.gpr[RBX] = 0x10;  /* read-only */
	expect_fault(&r, RUN(&r, "\x89\x03"), 13, true);
	assert_int_equal(RUN(&r, "\x8B\x03"), INSN_OK);
	r.cpu.rip = CODE;
	r.cpu.seg[INSN_SEG_CS].base = 0, r.cpu.seg[INSN_SEG_CS].ar = 0xC099;  /* execute-only */
	r.cpu.gpr[RBX] = RAM;
	expect_fault(&r, RUN(&r, "\x2E\x8B\x03"), 13, true);
	r.cpu.seg[INSN_SEG_CS].ar = 0xC09B;
	assert_int_equal(RUN(&r, "\x2E\x8B\x03"), INSN_OK);
	r.cpu.rip = CODE;
	expect_fault(&r, RUN(&r, "\x2E\x89\x03"), 13, true);         /* no writes through CS */
	ds->ar |= 1u << 16;                                          /* unusable */
	expect_fault(&r, RUN(&r, "\x8B\x03"), 13, true);
	cpu_long64(&r.cpu);                                          /* no limits in 64-bit mode */
	r.cpu.rip = CODE, r.cpu.seg[INSN_SEG_DS].limit = 0, r.cpu.gpr[RBX] = DEV_HIGH + 0x100;
	assert_int_equal(RUN(&r, "\x8B\x03"), INSN_OK);
	guest_free(&r.g);
}

void test_long_mode_canonical(void **state)
{
	(void)state;
	struct rig r;
	rig_init(&r, cpu_long64);
	r.cpu.gpr[RBX] = 0x0000800000000000ULL;
	expect_fault(&r, RUN(&r, "\x8B\x03"), 13, true);
	r.cpu.gpr[RBP] = 0x0000800000000000ULL;
	expect_fault(&r, RUN(&r, "\x8B\x45\x00"), 12, true);
	r.cpu.gpr[RBX] = 0x00007FFFFFFFFFFEULL;                       /* the last bytes are not */
	expect_fault(&r, RUN(&r, "\x8B\x03"), 13, true);
	r.cpu.seg[INSN_SEG_FS].base = DEV_HIGH - 0x10, r.cpu.gpr[RBX] = 0x20;
	assert_int_equal(RUN(&r, "\x64\x8B\x03"), INSN_OK);
	expect_log(&r, 0, DEV_HIGH + 0x10, 4, false);
	r.cpu.rip = CODE, r.cpu.seg[INSN_SEG_DS].base = 0x1000, r.cpu.gpr[RBX] = DEV_HIGH + 0x20;
	assert_int_equal(RUN(&r, "\x3E\x8B\x03"), INSN_OK);           /* DS base ignored */
	expect_log(&r, 1, DEV_HIGH + 0x20, 4, false);
	r.cpu.rip = CODE;
	assert_int_equal(RUN(&r, "\x48\xA1\x08\x00\xE0\xFE\x00\x00\x00\x00"), INSN_OK);  /* moffs64 */
	expect_log(&r, 2, DEV_HIGH + 8, 8, false);
	assert_int_equal(r.cpu.gpr[RAX], r.g.log[2].value);
	assert_int_equal(r.cpu.rip, CODE + 10);
	r.cpu.rip = CODE;
	assert_int_equal(RUN(&r, "\x67\xA1\x0C\x00\xE0\xFE"), INSN_OK);  /* moffs32 */
	expect_log(&r, 3, DEV_HIGH + 0xC, 4, false);
	r.cpu.rip = DEV_LOW - 0x1000;                                   /* RIP-relative */
	assert_int_equal(RUN(&r, "\x8B\x05\x00\x10\x00\x00"), INSN_OK);
	expect_log(&r, 4, DEV_LOW + 6, 4, false);
	r.cpu.rip = CODE, r.cpu.gpr[RAX] = DEV_HIGH + 0x50, r.cpu.gpr[RSP] = 0x1122;
	assert_int_equal(RUN(&r, "\x40\x88\x20"), INSN_OK);           /* mov [rax], spl */
	assert_int_equal(r.g.log[5].value, 0x22);
	r.cpu.rip = CODE, r.cpu.gpr[RAX] = DEV_HIGH + 0x50;
	assert_int_equal(RUN(&r, "\x88\x20"), INSN_OK);               /* mov [rax], ah */
	assert_int_equal(r.g.log[6].value, (DEV_HIGH + 0x50) >> 8 & 0xFF);
	guest_free(&r.g);
}

void test_rep_strings(void **state)
{
	(void)state;
	struct rig r;
	rig_init(&r, cpu_long64);
	for (int i = 0; i < 16; i++)
		guest_put(&r.g, RAM + i, &(uint8_t){ (uint8_t)(i + 1) }, 1);
	r.cpu.gpr[RSI] = RAM, r.cpu.gpr[RDI] = DEV_HIGH + 0x100, r.cpu.gpr[RCX] = 16;
	assert_int_equal(RUN(&r, "\xF3\xA4"), INSN_OK);               /* rep movsb RAM -> device */
	assert_int_equal(r.g.nlog, 16);
	for (unsigned i = 0; i < 16; i++) {
		expect_log(&r, i, DEV_HIGH + 0x100 + i, 1, true);
		assert_int_equal(r.g.log[i].value, i + 1);
	}
	assert_int_equal(r.cpu.gpr[RSI], RAM + 16);
	assert_int_equal(r.cpu.gpr[RDI], DEV_HIGH + 0x110);
	assert_int_equal(r.cpu.gpr[RCX], 0);
	assert_int_equal(r.cpu.rip, CODE + 2);
	r.g.nlog = 0, r.cpu.rip = CODE, r.cpu.rflags |= DF;           /* rep movsq device -> RAM, down */
	r.cpu.gpr[RSI] = DEV_HIGH + 0x100, r.cpu.gpr[RDI] = RAM + 0x100, r.cpu.gpr[RCX] = 4;
	assert_int_equal(RUN(&r, "\xF3\x48\xA5"), INSN_OK);
	for (unsigned i = 0; i < 4; i++) {
		expect_log(&r, i, DEV_HIGH + 0x100 - 8 * i, 8, false);
		assert_int_equal(guest_get(&r.g, RAM + 0x100 - 8 * i, 8), r.g.log[i].value);
	}
	assert_int_equal(r.cpu.gpr[RSI], DEV_HIGH + 0xE0);
	assert_int_equal(r.cpu.gpr[RDI], RAM + 0xE0);
	r.g.nlog = 0, r.cpu.rip = CODE, r.cpu.gpr[RCX] = 0;           /* count 0: nothing */
	assert_int_equal(RUN(&r, "\xF3\xAA"), INSN_OK);
	assert_int_equal(r.g.nlog, 0);
	assert_int_equal(r.cpu.gpr[RDI], RAM + 0xE0);
	assert_int_equal(r.cpu.rip, CODE + 2);
	r.cpu.rflags &= ~DF;
	guest_put(&r.g, RAM, "abcdXfg", 7);
	guest_put(&r.g, RAM + 0x100, "abcdYfg", 7);
	r.cpu.rip = CODE, r.cpu.gpr[RSI] = RAM, r.cpu.gpr[RDI] = RAM + 0x100, r.cpu.gpr[RCX] = 10;
	assert_int_equal(RUN(&r, "\xF3\xA6"), INSN_OK);               /* repe cmpsb: stops on X/Y */
	assert_int_equal(r.cpu.gpr[RCX], 5);
	assert_int_equal(r.cpu.gpr[RSI], RAM + 5);
	assert_int_equal(r.cpu.rflags & ZF, 0);
	assert_int_equal(r.cpu.rip, CODE + 2);
	r.cpu.rip = CODE, r.cpu.gpr[RDI] = RAM, r.cpu.gpr[RCX] = 10, r.cpu.gpr[RAX] = 'd';
	assert_int_equal(RUN(&r, "\xF2\xAE"), INSN_OK);               /* repne scasb: finds 'd' */
	assert_int_equal(r.cpu.gpr[RCX], 6);
	assert_int_equal(r.cpu.gpr[RDI], RAM + 4);
	assert_int_equal(r.cpu.rflags & ZF, ZF);
	r.g.nlog = 0, r.cpu.rip = CODE, r.cpu.gpr[RSI] = DEV_HIGH + 0x40, r.cpu.gpr[RAX] = ~0ULL;
	assert_int_equal(RUN(&r, "\xAD"), INSN_OK);                   /* lodsd: zero-extends */
	assert_int_equal(r.cpu.gpr[RAX], r.g.log[0].value);
	assert_true(r.cpu.gpr[RAX] <= 0xFFFFFFFF);
	r.cpu.rip = CODE, r.cpu.seg[INSN_SEG_FS].base = DEV_HIGH, r.cpu.gpr[RSI] = 0x10;
	r.cpu.gpr[RDI] = RAM;
	assert_int_equal(RUN(&r, "\x64\xA4"), INSN_OK);               /* movsb fs:[rsi] */
	expect_log(&r, 1, DEV_HIGH + 0x10, 1, false);
	guest_free(&r.g);
}

void test_rep_bounded(void **state)
{
	(void)state;
	struct rig r;
	static const uint64_t left[4] = { 136, 72, 8, 0 };
	rig_init(&r, cpu_long64);
	r.cpu.gpr[RDI] = DEV_HIGH, r.cpu.gpr[RCX] = 200;
	for (int call = 0; call < 4; call++) {
		assert_int_equal(RUN(&r, "\xF3\xAA"), INSN_OK);       /* rep stosb */
		assert_int_equal(r.cpu.gpr[RCX], left[call]);
		assert_int_equal(r.cpu.rip, call < 3 ? CODE : CODE + 2);
		assert_int_equal(r.g.nlog, 200 - left[call]);
		assert_int_equal(r.cpu.gpr[RDI], DEV_HIGH + 200 - left[call]);
	}
	guest_free(&r.g);
}

void test_string_address_wrap(void **state)
{
	(void)state;
	struct rig r;
	real_setup(&r);
	r.cpu.seg[INSN_SEG_DS].base = DEV_LOW - 0xF000;
	r.cpu.gpr[RSI] = 0x1234FFFF, r.cpu.gpr[RDI] = 0x10;
	assert_int_equal(RUN(&r, "\xA4"), INSN_OK);                   /* movsb: SI wraps, ESI keeps */
	expect_log(&r, 0, DEV_LOW + 0xFFF, 1, false);
	assert_int_equal(r.cpu.gpr[RSI], 0x12340000);
	assert_int_equal(r.cpu.gpr[RDI], 0x11);
	r.cpu.rip = 0x100, r.cpu.rflags |= DF;
	assert_int_equal(RUN(&r, "\xA4"), INSN_OK);
	assert_int_equal(r.cpu.gpr[RSI], 0x1234FFFF);
	assert_int_equal(r.cpu.gpr[RDI], 0x10);
	r.cpu.rip = 0x100, r.cpu.rflags &= ~DF, r.cpu.gpr[RCX] = 0x00050003;
	assert_int_equal(RUN(&r, "\xF3\xA4"), INSN_OK);               /* rep counts CX only */
	assert_int_equal(r.cpu.gpr[RCX], 0x00050000);
	guest_free(&r.g);
	rig_init(&r, cpu_prot32);
	r.cpu.seg[INSN_SEG_DS].base = DEV_HIGH - 0xF000, r.cpu.gpr[RSI] = 0xABCDFFFE, r.cpu.gpr[RDI] = RAM;
	assert_int_equal(RUN(&r, "\x67\x66\xA5"), INSN_OK);           /* movsw with 16-bit addresses */
	expect_log(&r, 0, DEV_HIGH + 0xFFE, 2, false);
	assert_int_equal(r.cpu.gpr[RSI], 0xABCD0000);
	guest_free(&r.g);
	rig_init(&r, cpu_long64);
	r.cpu.gpr[RCX] = 0xFFFFFFFF00000002ULL, r.cpu.gpr[RDI] = 0xABCDEF0000000000ULL | RAM;
	assert_int_equal(RUN(&r, "\x67\xF3\xAA"), INSN_OK);           /* ECX, EDI; zero-extended */
	assert_int_equal(r.cpu.gpr[RCX], 0);
	assert_int_equal(r.cpu.gpr[RDI], RAM + 2);
	guest_free(&r.g);
}

void test_ins_outs(void **state)
{
	(void)state;
	struct rig r;
	rig_init(&r, cpu_long64);
	r.cpu.gpr[RDX] = 0x60, r.cpu.gpr[RCX] = 4, r.cpu.gpr[RDI] = DEV_HIGH + 0x40;
	assert_int_equal(RUN(&r, "\xF3\x6C"), INSN_OK);               /* rep insb -> device */
	assert_int_equal(r.g.nports, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(r.g.ports[i].port, 0x60);
		assert_int_equal(r.g.ports[i].size, 1);
		assert_false(r.g.ports[i].write);
		expect_log(&r, i, DEV_HIGH + 0x40 + i, 1, true);
		assert_int_equal(r.g.log[i].value, 0xA0 + i);
	}
	guest_put(&r.g, RAM, "\x34\x12", 2);
	r.cpu.rip = CODE, r.cpu.gpr[RSI] = RAM;
	assert_int_equal(RUN(&r, "\x66\x6F"), INSN_OK);               /* outsw */
	assert_true(r.g.ports[4].write);
	assert_int_equal(r.g.ports[4].size, 2);
	assert_int_equal(r.g.ports[4].value, 0x1234);
	assert_int_equal(r.cpu.gpr[RSI], RAM + 2);
	r.cpu.rip = CODE, r.cpu.gpr[RDI] = RAM + 0x100;
	assert_int_equal(RUN(&r, "\x48\x6D"), INSN_OK);               /* insd: REX.W stays 32-bit */
	assert_int_equal(r.g.ports[5].size, 4);
	assert_int_equal(guest_get(&r.g, RAM + 0x100, 8), 0xA4);
	assert_int_equal(r.cpu.gpr[RDI], RAM + 0x104);
	r.cpu.rip = CODE, r.cpu.gpr[RDX] = 0xDEAD;
	assert_int_equal(RUN(&r, "\x6E"), INSN_BUS_ERROR);
	assert_non_null(strstr(r.out.why, "port 0xdead"));
	guest_free(&r.g);
	rig_init(&r, cpu_prot32);                                     /* a faulting INS reads no port */
	r.cpu.seg[INSN_SEG_ES].limit = 0xFF, r.cpu.gpr[RDI] = 0x100, r.cpu.gpr[RDX] = 0x60;
	expect_fault(&r, RUN(&r, "\x6C"), 13, true);
	assert_int_equal(r.g.nports, 0);
	guest_free(&r.g);
}

void test_invalid_encodings(void **state)
{
	(void)state;
	static const char *const bad[] = { "\xF0\x89\x03", "\xF0\x01\xC0", "\x82\x03\x01", "\x0F\xC3\xC0",
					   "\xF0\x0F\xA3\x03", "\xFE\x38", "\xF0\x38\x03", "\xF0\x8B\x03" };
	static const size_t lens[] = { 3, 3, 3, 3, 4, 2, 3, 3 };
	struct rig r;
	rig_init(&r, cpu_long64);
	r.cpu.gpr[RBX] = DEV_HIGH;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r.cpu.rip = CODE;
		expect_fault(&r, run(&r, bad[i], lens[i]), 6, false);
		assert_int_equal(r.cpu.rip, CODE);
	}
	assert_int_equal(r.g.nlog, 0);
	r.cpu.rip = CODE;
	assert_int_equal(RUN(&r, "\xF0\x01\x03"), INSN_OK);           /* lock add [rbx], eax */
	guest_free(&r.g);
}

static void expect_unsupported(struct rig *r, const char *bytes, size_t n, const char *start)
{
	assert_int_equal(run(r, bytes, n), INSN_UNSUPPORTED);
	if (strncmp(r->out.why, start, strlen(start)) != 0)
		fail_msg("why \"%s\" does not start with \"%s\"", r->out.why, start);
	assert_non_null(strstr(r->out.why, "MOV"));
	assert_null(strstr(r->out.why, "size"));
}

void test_unsupported_messages(void **state)
{
	(void)state;
	struct rig r;
	rig_init(&r, cpu_long64);
	r.cpu.gpr[RAX] = DEV_HIGH;
	expect_unsupported(&r, "\x0F\x0B", 2, "unsupported instruction 0f 0b at RIP 0x2000: ");
	expect_unsupported(&r, "\xF7\x30", 2, "unsupported instruction f7 30 at RIP 0x2000: ");
	expect_unsupported(&r, "\x48\xF7\x30", 3, "unsupported instruction 48 f7 30 at RIP 0x2000: ");
	expect_unsupported(&r, "\xD1\x20", 2, "unsupported instruction d1 20 at RIP 0x2000: ");
	expect_unsupported(&r, "\xC5\xF8\x77", 3, "unknown instruction c5 f8 77 ");
	assert_int_equal(r.g.nlog, 0);
	assert_int_equal(r.cpu.rip, CODE);
	guest_free(&r.g);
	real_setup(&r);
	expect_unsupported(&r, "\x0F\xA2", 2, "unsupported instruction 0f a2 at RIP 0x100: ");
	guest_free(&r.g);
}

void test_bus_errors(void **state)
{
	(void)state;
	struct rig r;
	rig_init(&r, cpu_long64);
	r.cpu.gpr[RBX] = 0x40000000;
	assert_int_equal(RUN(&r, "\x8B\x03"), INSN_BUS_ERROR);
	assert_non_null(strstr(r.out.why, "0x40000000"));
	r.cpu.gpr[RBX] = DEV_HIGH, r.g.dev_refuses = true;
	assert_int_equal(RUN(&r, "\x8B\x03"), INSN_BUS_ERROR);
	assert_non_null(strstr(r.out.why, "4-byte device read"));
	r.cpu.rip = 0x50000000;
	assert_int_equal(insn_emulate(&r.cpu, &r.ops, &r.out), INSN_BUS_ERROR);
	assert_non_null(strstr(r.out.why, "instruction fetch"));
	r.cpu.rip = CODE, r.cpu.cr0 |= 0x80000000, r.cpu.cr4 |= 0x20, r.cpu.cr3 = 0x50000000;
	assert_int_equal(insn_emulate(&r.cpu, &r.ops, &r.out), INSN_BUS_ERROR);
	assert_non_null(strstr(r.out.why, "page-table read"));
	guest_free(&r.g);
}
