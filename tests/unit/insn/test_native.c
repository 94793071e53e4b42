/* SPDX-License-Identifier: BSD-2-Clause */
/* Random encodings of every emulated form, run on the host CPU and through insn_emulate on the
 * same bytes and memory (the memory as a device): registers, RFLAGS (less the flags the SDM
 * leaves undefined) and memory must agree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/insn/gen.h"
#include "tests/unit/insn/tests.h"

#define CF 0x001u
#define PF 0x004u
#define AF 0x010u
#define ZF 0x040u
#define SF 0x080u
#define OF 0x800u
#define MODRM(name, op, digit, sizes, imm, flags, undef) \
	{ name, GK_MODRM, { op }, 1, digit, sizes, imm, flags, undef }
#define MODRM0F(name, op, digit, sizes, imm, flags, undef) \
	{ name, GK_MODRM, { 0x0F, op }, 2, digit, sizes, imm, flags, undef }
#define OTHER(kind, name, op, sizes, flags) { name, kind, { op }, 1, -1, sizes, 0, flags, 0 }

static uint8_t before[NATIVE_DATA_SIZE], after_native[NATIVE_DATA_SIZE];

static const struct gen_form mov_forms[] = {
	MODRM("mov r/m8, r8", 0x88, -1, SZ1, 0, 0, 0),
	MODRM("mov r/m, r", 0x89, -1, SZ248, 0, 0, 0),
	MODRM("mov r8, r/m8", 0x8A, -1, SZ1, 0, 0, 0),
	MODRM("mov r, r/m", 0x8B, -1, SZ248, 0, 0, 0),
	MODRM("mov r/m8, imm8", 0xC6, 0, SZ1, 2, 0, 0),
	MODRM("mov r/m, imm", 0xC7, 0, SZ248, 2, 0, 0),
	OTHER(GK_MOFFS, "mov al, moffs", 0xA0, SZ1, 0),
	OTHER(GK_MOFFS, "mov rax, moffs", 0xA1, SZ248, 0),
	OTHER(GK_MOFFS, "mov moffs, al", 0xA2, SZ1, 0),
	OTHER(GK_MOFFS, "mov moffs, rax", 0xA3, SZ248, 0),
	MODRM0F("movnti m, r", 0xC3, -1, SZ48, 0, GF_MEM | GF_NO66, 0),
};

static const struct gen_form movx_forms[] = {
	MODRM0F("movzx r, r/m8", 0xB6, -1, SZ248, 0, GF_RM8, 0),
	MODRM0F("movzx r, r/m16", 0xB7, -1, SZ248, 0, GF_RM16, 0),
	MODRM0F("movsx r, r/m8", 0xBE, -1, SZ248, 0, GF_RM8, 0),
	MODRM0F("movsx r, r/m16", 0xBF, -1, SZ248, 0, GF_RM16, 0),
	MODRM("movsxd r, r/m32", 0x63, -1, SZ248, 0, GF_RM32, 0),
	MODRM("xchg r/m8, r8", 0x86, -1, SZ1, 0, GF_LOCK, 0),
	MODRM("xchg r/m, r", 0x87, -1, SZ248, 0, GF_LOCK, 0),
	MODRM0F("setcc r/m8", 0x90, 0, SZ1, 0, GF_CC, 0),
	MODRM0F("cmovcc r, r/m", 0x40, -1, SZ248, 0, GF_CC, 0),
};

static const struct gen_form unary_forms[] = {
	MODRM("test r/m8, r8", 0x84, -1, SZ1, 0, 0, AF),
	MODRM("test r/m, r", 0x85, -1, SZ248, 0, 0, AF),
	MODRM("test r/m8, imm8", 0xF6, 0, SZ1, 2, 0, AF),
	MODRM("test r/m, imm", 0xF7, 0, SZ248, 2, 0, AF),
	MODRM("test r/m8, imm8 (/1)", 0xF6, 1, SZ1, 2, 0, AF),
	MODRM("test r/m, imm (/1)", 0xF7, 1, SZ248, 2, 0, AF),
	MODRM("not r/m8", 0xF6, 2, SZ1, 0, GF_LOCK, 0),
	MODRM("not r/m", 0xF7, 2, SZ248, 0, GF_LOCK, 0),
	MODRM("neg r/m8", 0xF6, 3, SZ1, 0, GF_LOCK, 0),
	MODRM("neg r/m", 0xF7, 3, SZ248, 0, GF_LOCK, 0),
	MODRM("inc r/m8", 0xFE, 0, SZ1, 0, GF_LOCK, 0),
	MODRM("dec r/m8", 0xFE, 1, SZ1, 0, GF_LOCK, 0),
	MODRM("inc r/m", 0xFF, 0, SZ248, 0, GF_LOCK, 0),
	MODRM("dec r/m", 0xFF, 1, SZ248, 0, GF_LOCK, 0),
};

#define BT_UNDEF (OF | SF | AF | PF)
static const struct gen_form bt_forms[] = {
	MODRM0F("bt r/m, r", 0xA3, -1, SZ248, 0, GF_BTREG, BT_UNDEF),
	MODRM0F("bts r/m, r", 0xAB, -1, SZ248, 0, GF_BTREG | GF_LOCK, BT_UNDEF),
	MODRM0F("btr r/m, r", 0xB3, -1, SZ248, 0, GF_BTREG | GF_LOCK, BT_UNDEF),
	MODRM0F("btc r/m, r", 0xBB, -1, SZ248, 0, GF_BTREG | GF_LOCK, BT_UNDEF),
	MODRM0F("bt r/m, imm8", 0xBA, 4, SZ248, 1, 0, BT_UNDEF),
	MODRM0F("bts r/m, imm8", 0xBA, 5, SZ248, 1, GF_LOCK, BT_UNDEF),
	MODRM0F("btr r/m, imm8", 0xBA, 6, SZ248, 1, GF_LOCK, BT_UNDEF),
	MODRM0F("btc r/m, imm8", 0xBA, 7, SZ248, 1, GF_LOCK, BT_UNDEF),
};

static const struct gen_form xchg_forms[] = {
	MODRM0F("cmpxchg r/m8, r8", 0xB0, -1, SZ1, 0, GF_LOCK | GF_ACC, 0),
	MODRM0F("cmpxchg r/m, r", 0xB1, -1, SZ248, 0, GF_LOCK | GF_ACC, 0),
	MODRM0F("xadd r/m8, r8", 0xC0, -1, SZ1, 0, GF_LOCK, 0),
	MODRM0F("xadd r/m, r", 0xC1, -1, SZ248, 0, GF_LOCK, 0),
};

static const struct gen_form string_forms[] = {
	OTHER(GK_STRING, "movsb", 0xA4, SZ1, GF_REP), OTHER(GK_STRING, "movs", 0xA5, SZ248, GF_REP),
	OTHER(GK_STRING, "cmpsb", 0xA6, SZ1, GF_REP), OTHER(GK_STRING, "cmps", 0xA7, SZ248, GF_REP),
	OTHER(GK_STRING, "stosb", 0xAA, SZ1, GF_REP), OTHER(GK_STRING, "stos", 0xAB, SZ248, GF_REP),
	OTHER(GK_STRING, "lodsb", 0xAC, SZ1, GF_REP), OTHER(GK_STRING, "lods", 0xAD, SZ248, GF_REP),
	OTHER(GK_STRING, "scasb", 0xAE, SZ1, GF_REP), OTHER(GK_STRING, "scas", 0xAF, SZ248, GF_REP),
};

/* The ALU group: r/m,r r,r/m (byte and full) and 80 81 83 for each of the eight. */
static struct gen_form alu_forms[8 * 7];
static char alu_names[8 * 7][32];

static void build_alu_forms(void)
{
	static const char *ops[8] = { "add", "or", "adc", "sbb", "and", "sub", "xor", "cmp" };
	static const char *shapes[7] = { "r/m8, r8", "r/m, r", "r8, r/m8", "r, r/m", "r/m8, imm8",
					 "r/m, imm", "r/m, imm8" };
	for (unsigned k = 0; k < 8; k++) {
		uint64_t undef = (k == 1 || k == 4 || k == 6) ? AF : 0;
		uint16_t lock = k == 7 ? 0 : GF_LOCK;
		const struct gen_form forms[7] = {
			MODRM("", (uint8_t)(8 * k), -1, SZ1, 0, lock, undef),
			MODRM("", (uint8_t)(8 * k + 1), -1, SZ248, 0, lock, undef),
			MODRM("", (uint8_t)(8 * k + 2), -1, SZ1, 0, 0, undef),
			MODRM("", (uint8_t)(8 * k + 3), -1, SZ248, 0, 0, undef),
			MODRM("", 0x80, (int8_t)k, SZ1, 1, lock, undef),
			MODRM("", 0x81, (int8_t)k, SZ248, 2, lock, undef),
			MODRM("", 0x83, (int8_t)k, SZ248, 1, lock, undef),
		};
		for (unsigned s = 0; s < 7; s++) {
			alu_forms[7 * k + s] = forms[s];
			snprintf(alu_names[7 * k + s], sizeof(alu_names[0]), "%s %s", ops[k], shapes[s]);
			alu_forms[7 * k + s].name = alu_names[7 * k + s];
		}
	}
}

/* insn_emulate until RIP moves on (a REP instruction takes several calls). */
static void emulate_to_end(struct insn_cpu *cpu, const struct insn_ops *ops, const struct gen_form *f,
			   const struct gen_insn *g)
{
	uint64_t rip = cpu->rip;
	struct insn_outcome out;
	for (int calls = 0; calls < 8 && cpu->rip == rip; calls++) {
		enum insn_result r = insn_emulate(cpu, ops, &out);
		if (r != INSN_OK)
			fail_msg("%s: insn_emulate gave %d: %s", gen_describe(f, g), r, out.why);
	}
	if (cpu->rip != rip + g->len)
		fail_msg("%s: RIP 0x%llx, expected 0x%llx", gen_describe(f, g), (unsigned long long)cpu->rip,
			 (unsigned long long)(rip + g->len));
}

/* A REP string instruction with a 32-bit address size and ECX = 0 writes no count: processors
 * differ on whether bits 63:32 of RCX, RSI and RDI are cleared anyway (some do, as if ECX, ESI
 * and EDI were written). */
static bool count_upper_undefined(const struct gen_insn *g, const struct native_state *in)
{
	bool addr32 = false;
	static const uint8_t prefixes[] = { 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3 };
	for (unsigned i = 0; i < g->len; i++) {
		bool prefix = (g->bytes[i] & 0xF0) == 0x40;
		for (unsigned k = 0; k < sizeof(prefixes); k++)
			prefix |= g->bytes[i] == prefixes[k];
		if (!prefix)
			break;
		addr32 |= g->bytes[i] == 0x67;
	}
	return g->rep && addr32 && (uint32_t)in->gpr[1] == 0;
}

static void compare_results(const struct gen_form *f, const struct gen_insn *g, const struct native_state *in,
			    const struct native_state *nat, const struct insn_cpu *cpu)
{
	uint64_t mask = 0xFFF & ~f->undefined;
	for (int i = 0; i < 16; i++) {
		uint64_t want = i == 4 ? in->gpr[4] : nat->gpr[i];
		if ((i == 1 || i == 6 || i == 7) && count_upper_undefined(g, in) && (uint32_t)cpu->gpr[i] == (uint32_t)want)
			continue;
		if (cpu->gpr[i] != want)
			fail_msg("%s: register %d is 0x%llx, the CPU has 0x%llx (was 0x%llx)", gen_describe(f, g), i,
				 (unsigned long long)cpu->gpr[i], (unsigned long long)want,
				 (unsigned long long)in->gpr[i]);
	}
	if ((cpu->rflags ^ nat->rflags) & mask)
		fail_msg("%s: RFLAGS 0x%llx, the CPU has 0x%llx (was 0x%llx)", gen_describe(f, g),
			 (unsigned long long)cpu->rflags, (unsigned long long)nat->rflags,
			 (unsigned long long)in->rflags);
	for (unsigned i = 0; i < NATIVE_DATA_SIZE; i++)
		if (native_data()[i] != after_native[i])
			fail_msg("%s: data byte %u is 0x%02x, the CPU wrote 0x%02x", gen_describe(f, g), i,
				 native_data()[i], after_native[i]);
}

static void run_case(const struct gen_form *f)
{
	struct gen_insn g;
	struct native_state in, nat;
	struct insn_cpu cpu;
	struct insn_ops ops;
	struct flat_env env;
	gen_fill_data();
	gen_instruction(f, &g, &in);
	memcpy(before, native_data(), NATIVE_DATA_SIZE);
	nat = in;
	if (!native_run(g.bytes, g.len, &nat))
		fail_msg("the host CPU faulted on %s", gen_describe(f, &g));
	memcpy(after_native, native_data(), NATIVE_DATA_SIZE);
	memcpy(native_data(), before, NATIVE_DATA_SIZE);
	flat_ops(&ops, &env);
	flat_cpu(&cpu, &in, native_insn_address());
	emulate_to_end(&cpu, &ops, f, &g);
	compare_results(f, &g, &in, &nat, &cpu);
	bool touches = g.mem && !(g.rep && (uint32_t)in.gpr[1] == 0);
	if (touches && env.mmio_calls == 0)
		fail_msg("%s: the data area was not reached through the mmio callback", gen_describe(f, &g));
}

static void run_forms(const struct gen_form *forms, size_t n, unsigned iterations, uint64_t seed)
{
	native_init();
	rnd_seed(seed);
	for (unsigned i = 0; i < iterations; i++)
		run_case(&forms[rnd_below(n)]);
}

void test_native_mov(void **state)
{
	(void)state;
	run_forms(mov_forms, sizeof(mov_forms) / sizeof(mov_forms[0]), 4000, 1);
}

void test_native_movx_xchg_cc(void **state)
{
	(void)state;
	run_forms(movx_forms, sizeof(movx_forms) / sizeof(movx_forms[0]), 4000, 2);
}

void test_native_alu(void **state)
{
	(void)state;
	build_alu_forms();
	run_forms(alu_forms, sizeof(alu_forms) / sizeof(alu_forms[0]), 8000, 3);
}

void test_native_unary_test(void **state)
{
	(void)state;
	run_forms(unary_forms, sizeof(unary_forms) / sizeof(unary_forms[0]), 4000, 4);
}

void test_native_bt(void **state)
{
	(void)state;
	run_forms(bt_forms, sizeof(bt_forms) / sizeof(bt_forms[0]), 4000, 5);
}

void test_native_cmpxchg_xadd(void **state)
{
	(void)state;
	run_forms(xchg_forms, sizeof(xchg_forms) / sizeof(xchg_forms[0]), 3000, 6);
}

void test_native_strings(void **state)
{
	(void)state;
	run_forms(string_forms, sizeof(string_forms) / sizeof(string_forms[0]), 3000, 7);
}
