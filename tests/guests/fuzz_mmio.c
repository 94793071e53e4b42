/* SPDX-License-Identifier: BSD-2-Clause */
/* The fuzzer's MMIO operations on the IOAPIC and xAPIC pages: instructions from the
 * hypervisor's emulator set (hv/insn/opcodes.c) with random prefixes, registers, addressing
 * and immediates; and random instruction bytes (raw=1). */
#include "fuzz.h"

enum { T_BYTE = 1, T_IMM8 = 2, T_IMMZ = 4, T_WRITE = 8, T_STORE = 16, T_GROUP = 32 };
#define ANYREG 0xFF /* the ModRM reg field of a group: any of 0-7 */

struct tmpl {
	uint8_t len, op[2], reg, flags;
};

static const struct tmpl tmpls[] = {
	{ 1, { 0x89 }, 0, T_STORE }, { 1, { 0x88 }, 0, T_STORE | T_BYTE }, { 1, { 0x8B }, 0, 0 },
	{ 1, { 0x8A }, 0, T_BYTE }, { 1, { 0xC7 }, 0, T_STORE | T_IMMZ | T_GROUP },
	{ 1, { 0xC6 }, 0, T_STORE | T_IMM8 | T_BYTE | T_GROUP }, { 2, { 0x0F, 0xC3 }, 0, T_STORE },
	{ 2, { 0x0F, 0xB6 }, 0, 0 }, { 2, { 0x0F, 0xB7 }, 0, 0 }, { 2, { 0x0F, 0xBE }, 0, 0 },
	{ 2, { 0x0F, 0xBF }, 0, 0 }, { 1, { 0x63 }, 0, 0 }, { 1, { 0x03 }, 0, 0 }, { 1, { 0x3B }, 0, 0 },
	{ 1, { 0x85 }, 0, 0 }, { 1, { 0x84 }, 0, T_BYTE }, { 1, { 0x39 }, 0, 0 }, { 1, { 0x23 }, 0, 0 },
	{ 1, { 0x01 }, 0, T_WRITE }, { 1, { 0x09 }, 0, T_WRITE }, { 1, { 0x11 }, 0, T_WRITE },
	{ 1, { 0x19 }, 0, T_WRITE }, { 1, { 0x21 }, 0, T_WRITE }, { 1, { 0x29 }, 0, T_WRITE },
	{ 1, { 0x31 }, 0, T_WRITE }, { 1, { 0x00 }, 0, T_WRITE | T_BYTE },
	{ 1, { 0x81 }, ANYREG, T_WRITE | T_IMMZ | T_GROUP }, { 1, { 0x83 }, ANYREG, T_WRITE | T_IMM8 | T_GROUP },
	{ 1, { 0x80 }, ANYREG, T_WRITE | T_IMM8 | T_BYTE | T_GROUP }, { 1, { 0xF7 }, 0, T_IMMZ | T_GROUP },
	{ 1, { 0xF6 }, 0, T_IMM8 | T_BYTE | T_GROUP }, { 1, { 0xF7 }, 2, T_WRITE | T_GROUP },
	{ 1, { 0xF7 }, 3, T_WRITE | T_GROUP }, { 1, { 0xFF }, 0, T_WRITE | T_GROUP },
	{ 1, { 0xFF }, 1, T_WRITE | T_GROUP }, { 1, { 0xFE }, 0, T_WRITE | T_BYTE | T_GROUP },
	{ 1, { 0x87 }, 0, T_STORE }, { 1, { 0x86 }, 0, T_STORE | T_BYTE }, { 2, { 0x0F, 0xA3 }, 0, 0 },
	{ 2, { 0x0F, 0xAB }, 0, T_WRITE }, { 2, { 0x0F, 0xB3 }, 0, T_WRITE }, { 2, { 0x0F, 0xBB }, 0, T_WRITE },
	{ 2, { 0x0F, 0xBA }, 4, T_IMM8 | T_GROUP }, { 2, { 0x0F, 0xBA }, 5, T_WRITE | T_IMM8 | T_GROUP },
	{ 2, { 0x0F, 0xBA }, 7, T_WRITE | T_IMM8 | T_GROUP }, { 2, { 0x0F, 0xB1 }, 0, T_WRITE },
	{ 2, { 0x0F, 0xC1 }, 0, T_WRITE }, { 2, { 0x0F, 0xB0 }, 0, T_WRITE | T_BYTE },
	{ 2, { 0x0F, 0xC0 }, 0, T_WRITE | T_BYTE }, { 1, { 0x8F }, 0, T_WRITE | T_GROUP },
	{ 1, { 0xFF }, 6, T_GROUP },
};

static const uint64_t ioapic_offs[] = { 0x00, 0x00, 0x10, 0x10, 0x10, 0x20, 0x40, 0x04, 0x14, 0x30 };
static const uint64_t xapic_offs[] = {
	0x20, 0x30, 0x80, 0x90, 0xA0, 0xB0, 0xD0, 0xE0, 0xF0, 0x100, 0x170, 0x180, 0x200, 0x270, 0x280,
	0x2F0, 0x300, 0x310, 0x320, 0x330, 0x340, 0x350, 0x360, 0x370, 0x380, 0x390, 0x3E0, 0x3F0, 0x0,
};

/* The register whose value an INIT or SIPI would take: IOWIN (a redirection entry) and the ICR. */
static bool sensitive(uint64_t page, uint64_t off)
{
	return page == IOAPIC_BASE ? (off & ~3ULL) == 0x10 : (off & ~3ULL) == 0x300;
}

/* A value stored at off: delivery modes INIT (5) and SIPI (6) turned into fixed. */
static uint64_t defuse(uint64_t off, uint64_t v)
{
	unsigned shift = 8 * (unsigned)(off & 3);
	uint64_t x = v << shift;
	uint64_t mode = (x >> 8) & 7;
	if (mode == 5 || mode == 6)
		x &= ~0x700ULL;
	return (x >> shift) | (v & ~(~0ULL >> shift));
}

static bool xapic_usable(const struct fuzz_env *env)
{
	return env->xapic && (env->apic_base & 0xC00) == 0x800;
}

/* The page and the offset an operation touches; IOREGSEL is set to a random register first. */
static uint64_t mmio_target(const struct fuzz_env *env, uint64_t *page)
{
	uint64_t off;
	if (xapic_usable(env) && chance(50)) {
		*page = env->apic_base & ~0xFFFULL;
		if (env->wide && chance(20)) /* remote read, and every ISR, TMR and IRR register */
			off = chance(10) ? 0xC0 : 0x100 + 0x10 * rnd(0x18);
		else
			off = chance(90) ? PICK(xapic_offs) : rnd(0xFF0);
	} else {
		*page = IOAPIC_BASE;
		*(volatile uint32_t *)(uintptr_t)IOAPIC_BASE = chance(90) ? rnd(0x40) : rnd(256);
		off = chance(90) ? PICK(ioapic_offs) : rnd(0xFF0);
	}
	if (env->raw && chance(8))
		return (off + 1 + rnd(3)) & 0xFFF;
	return env->raw ? off : off & ~3ULL;
}

/* ModRM (+SIB, displacement) addressing page+off through a random base register. */
static void emit_address(struct fuzz_op *op, unsigned reg, unsigned base, uint64_t addr)
{
	unsigned mod = rnd(3);
	if ((base & 7) == 5 && mod == 0)
		mod = 1;
	int32_t disp = mod == 1 ? (int32_t)rnd(0x80) - 0x40 : mod == 2 ? (int32_t)rnd(0x200) - 0x100 : 0;
	op->regs[base] = addr - (uint64_t)(int64_t)disp;
	emit1(op, (uint8_t)((mod << 6) | ((reg & 7) << 3) | ((base & 7) == 4 ? 4 : base & 7)));
	if ((base & 7) == 4)
		emit1(op, (uint8_t)((rnd(4) << 6) | (4 << 3) | 4)); /* SIB: no index */
	if (mod == 1)
		emit1(op, (uint8_t)disp);
	else if (mod == 2)
		emitn(op, (uint64_t)(int64_t)disp, 4);
}

static unsigned pick_reg(unsigned not)
{
	unsigned r;
	do
		r = rnd(16);
	while (r == R_SP || r == not);
	return r;
}

/* The devices take aligned 32-bit accesses (anything else stops the partition with a named
 * reason): other sizes only when odd (raw=1). */
static bool size_ok(const struct tmpl *t, bool odd)
{
	bool stack = t->op[0] == 0x8F || (t->op[0] == 0xFF && t->reg == 6); /* 64-bit PUSH/POP */
	return odd || (!(t->flags & T_BYTE) && !stack && !(t->len == 2 && (t->op[1] & 0xF6) == 0xB6));
}

static void gen_mmio_insn(struct fuzz_op *op, uint64_t page, uint64_t off, bool odd)
{
	const struct tmpl *t;
	do
		t = &tmpls[rnd(sizeof(tmpls) / sizeof(tmpls[0]))];
	while ((sensitive(page, off) && (t->flags & T_WRITE)) || !size_ok(t, odd));
	unsigned base = pick_reg(R_SP), reg = t->flags & T_GROUP ? t->reg : pick_reg(base);
	if (reg == ANYREG)
		reg = rnd(8);
	uint32_t sz = odd ? rnd(4) : 0; /* 0: 32-bit, 1: 16-bit (66), 2: 64-bit (REX.W), 3: 32-bit */
	if (sz == 1)
		emit1(op, 0x66);
	if ((t->flags & T_WRITE) && chance(10))
		emit1(op, 0xF0);
	emit1(op, (uint8_t)(0x40 | (sz == 2 ? 8 : 0) | (reg >= 8 ? 4 : 0) | (base >= 8 ? 1 : 0)));
	for (unsigned i = 0; i < t->len; i++)
		emit1(op, t->op[i]);
	emit_address(op, reg, base, page + off);
	if (t->len == 2 && (t->op[1] & 0xE7) == 0xA3)
		op->regs[reg] = rnd(32); /* BT m,r: a bit offset inside the register, not anywhere */
	uint64_t imm = rng();
	if (sensitive(page, off))
		imm = defuse(off, imm), op->regs[reg] = defuse(off, op->regs[reg]);
	if (t->flags & T_IMM8)
		emitn(op, imm, 1);
	else if (t->flags & T_IMMZ)
		emitn(op, imm, sz == 1 ? 2 : 4);
	op->arg[0] = page + off, op->arg[1] = (uint64_t)t->op[t->len - 1] | ((uint64_t)reg << 8), op->arg[2] = sz;
}

/* MOVS, STOS, LODS, CMPS, SCAS with the device page on one side and the scratch area on the other. */
static void gen_mmio_string(struct fuzz_op *op, uint64_t page, uint64_t off, bool odd)
{
	static const uint8_t ops[] = { 0xA4, 0xAA, 0xAC, 0xA6, 0xAE };
	uint8_t o = ops[rnd(sizeof(ops))];
	bool down = chance(25), dev_is_dst = o == 0xAA || o == 0xAE || (o == 0xA4 && chance(50));
	if (dev_is_dst && sensitive(page, off) && o != 0xAE)
		off = 0x40 + page % 2; /* EOI / version: harmless to write */
	if (down && off < 0x40)
		off += 0x40;
	op->regs[R_CX] = 1 + rnd(4);
	op->regs[dev_is_dst ? R_DI : R_SI] = page + off;
	op->regs[dev_is_dst ? R_SI : R_DI] = SCRATCH + 0x8000 + rnd(0x100);
	if (down)
		emit1(op, 0xFD);
	if (chance(50))
		emit1(op, 0xF3);
	uint32_t sz = odd ? rnd(4) : 0;
	if (sz == 1)
		emit1(op, 0x66);
	if (sz == 2)
		emit1(op, 0x48);
	emit1(op, (uint8_t)(o + (sz != 3)));
	emit1(op, 0xFC);
	op->arg[0] = page + off, op->arg[1] = o, op->arg[2] = sz | 0x100;
}

void gen_mmio(struct fuzz_op *op, const struct fuzz_env *env)
{
	uint64_t page, off = mmio_target(env, &page);
	bool odd = env->raw && chance(30);
	if (chance(15))
		gen_mmio_string(op, page, off, odd);
	else if (chance(5)) { /* MOV with a 64-bit absolute address (moffs) */
		bool store = chance(50) && !sensitive(page, off);
		emit1(op, odd && chance(50) ? 0x48 : 0x40), emit1(op, store ? 0xA3 : 0xA1), emitn(op, page + off, 8);
		op->regs[R_AX] = rng();
		op->arg[0] = page + off, op->arg[1] = store ? 0xA3 : 0xA1;
	} else {
		gen_mmio_insn(op, page, off, odd);
	}
	fuzz_end(op);
}

/* Random bytes: prefixes, an opcode with a memory ModRM, then NOPs for whatever the decoder
 * takes as immediates. Every register but RSP points into the page. */
void gen_mmio_raw(struct fuzz_op *op, const struct fuzz_env *env)
{
	static const uint8_t prefixes[] = { 0x66, 0x67, 0xF2, 0xF3, 0xF0, 0x2E, 0x3E, 0x26, 0x36 };
	if (!env->raw) {
		gen_mmio(op, env);
		return;
	}
	uint64_t page, off = mmio_target(env, &page);
	for (unsigned r = 0; r < 16; r++)
		op->regs[r] = page + (off & ~0xFULL) + rnd(0x200);
	for (uint32_t n = rnd(4); n; n--)
		emit1(op, prefixes[rnd(sizeof(prefixes))]);
	if (chance(60))
		emit1(op, (uint8_t)(0x40 | (rnd(16) & ~2u))); /* REX without X: no index register */
	const struct tmpl *t = &tmpls[rnd(sizeof(tmpls) / sizeof(tmpls[0]))];
	uint8_t b0 = t->op[0], b1 = t->op[1];
	if (chance(30))
		b0 = 0x0F, b1 = (uint8_t)rng();
	/* no jumps, no SYSCALL/SYSRET/SYSENTER/SYSEXIT, no MOV to CR/DR (their ModRM is a register
	 * whatever its mod: CR3 would point into the device page) */
	if (b0 == 0x0F && (b1 == 0x05 || b1 == 0x07 || b1 == 0x34 || b1 == 0x35 || (b1 >= 0x20 && b1 <= 0x23) ||
			   (b1 >= 0x80 && b1 <= 0x8F)))
		b1 = 0xB6;
	emit1(op, b0);
	if (b0 == 0x0F)
		emit1(op, b1);
	/* not LGDT/LIDT (0F 01 /2, /3), nor an indirect CALL/JMP (FF /2-/5), nor state saves that
	 * cross the page (0F AE, 0F C7 /3-/5) */
	unsigned reg = rnd(8);
	if ((b0 == 0x0F && b1 == 0x01 && (reg == 2 || reg == 3)) || (b0 == 0xFF && reg >= 2 && reg <= 5) ||
	    (b0 == 0x0F && (b1 == 0xAE || b1 == 0xFF || (b1 == 0xC7 && reg >= 3 && reg <= 5))))
		reg = 0, b1 = b0 == 0x0F ? 0xB6 : b1, op->p[-1] = b0 == 0x0F ? 0xB6 : op->p[-1];
	unsigned rm = rnd(8);
	if (rm == 4 || rm == 5)
		rm = 3;
	emit1(op, (uint8_t)((rnd(3) << 6) | (reg << 3) | rm));
	if ((op->p[-1] >> 6) == 1)
		emit1(op, (uint8_t)rnd(0x40));
	else if ((op->p[-1] >> 6) == 2)
		emitn(op, rnd(0x100), 4);
	for (int i = 0; i < 8; i++)
		emit1(op, 0x90);
	op->arg[0] = page + off, op->arg[1] = b0 | ((uint64_t)b1 << 8), op->arg[2] = reg;
	fuzz_end(op);
}
