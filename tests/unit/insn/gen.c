/* SPDX-License-Identifier: BSD-2-Clause */
/* Random encodings of one instruction form with operands set up to hit the data area: random
 * registers (REX or not, so AH..BH and SPL..DIL), addressing modes (base, base+index*scale, SIB
 * without base, disp32, RIP-relative, disp8/disp32), prefixes in random order (66, 67 with
 * garbage in the upper register halves, segment overrides, LOCK, REP), immediates and RFLAGS. */
#include <stdio.h>
#include <string.h>

#include "tests/unit/insn/gen.h"

#define RSP 4
#define STATUS_FLAGS 0x8D5u
#define DF 0x400u

/* An instruction being put together: prefixes (shuffled at the end), REX, the rest. */
struct builder {
	uint8_t pfx[8];
	unsigned npfx;
	bool rex_on;
	uint8_t rex;
	uint8_t body[16];
	unsigned nbody;
	int rip_disp_at;   /* where a RIP-relative disp32 goes in body, -1 none */
	uint64_t rip_target;
};

struct addr {
	int base, index;   /* -1: none */
	unsigned scale;
	int64_t disp;
	unsigned disp_size;
	bool rip;
};

static void put(struct builder *b, uint8_t byte)
{
	b->body[b->nbody++] = byte;
}

static void put_le(struct builder *b, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		put(b, (uint8_t)(v >> (8 * i)));
}

static void prefix(struct builder *b, uint8_t p)
{
	b->pfx[b->npfx++] = p;
}

void gen_fill_data(void)
{
	uint8_t *d = native_data();
	unsigned style = (unsigned)rnd_below(4);
	for (unsigned i = 0; i < NATIVE_DATA_SIZE; i++) {
		uint8_t r = (uint8_t)rnd();
		if (style == 1)
			r = rnd_chance(95) ? 0 : r;
		else if (style == 2)
			r = rnd_chance(95) ? 0xFF : r;
		else if (style == 3)
			r = (uint8_t)(r & 0x81);
		d[i] = r;
	}
}

/* A register number usable as an operand: never RSP (but AH without REX), only 0-7 without REX. */
static unsigned pick_reg(bool byte, bool rex, unsigned avoid)
{
	for (;;) {
		unsigned r = (unsigned)rnd_below(rex ? 16 : 8);
		if ((avoid >> r) & 1)
			continue;
		if (r == RSP && !(byte && !rex))
			continue;
		return r;
	}
}

static unsigned pick_size(uint8_t sizes)
{
	for (;;) {
		unsigned n = (unsigned)rnd_below(4);
		if ((sizes >> n) & 1)
			return 1u << n;
	}
}

/* The value a register operand reads (AH..BH without REX). */
static uint64_t reg_value(const struct native_state *s, unsigned r, unsigned size, bool rex)
{
	if (size == 1 && !rex && r >= 4 && r < 8)
		return (s->gpr[r - 4] >> 8) & 0xFF;
	return size == 8 ? s->gpr[r] : s->gpr[r] & ((1ULL << (8 * size)) - 1);
}

static void set_reg_low(struct native_state *s, unsigned r, unsigned size, bool rex, uint64_t v)
{
	if (size == 1 && !rex && r >= 4 && r < 8) {
		s->gpr[r - 4] = (s->gpr[r - 4] & ~0xFF00ULL) | ((v & 0xFF) << 8);
		return;
	}
	uint64_t mask = size == 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
	s->gpr[r] = (s->gpr[r] & ~mask) | (v & mask);
}

static uint64_t garbage_high(bool a32)
{
	return a32 ? rnd() << 32 : 0;
}

/* Registers and displacement so that the address is ea; returns the registers used. */
static unsigned pick_address(struct addr *a, struct native_state *s, uint64_t ea, bool rex, bool a32,
			     bool base_only, unsigned avoid)
{
	static const unsigned disp_sizes[3] = { 0, 1, 4 };
	unsigned mode = base_only ? (unsigned)rnd_below(2) : (unsigned)rnd_below(5), used = 0;
	int64_t iv = 0;
	memset(a, 0, sizeof(*a));
	a->base = a->index = -1;
	a->scale = 1u << rnd_below(4);
	if (mode == 4) {
		a->rip = true;
		return 0;
	}
	if (mode == 1 || mode == 2) {
		a->index = (int)pick_reg(false, rex, avoid);
		used |= 1u << a->index;
		iv = (int64_t)rnd_below(512) - 256;
		s->gpr[a->index] = (uint64_t)iv + garbage_high(a32);
	}
	if (mode >= 2) {
		a->disp = (int64_t)(ea - (uint64_t)iv * a->scale);
		a->disp_size = 4;
		return used;
	}
	a->base = (int)pick_reg(false, rex, avoid | used);
	used |= 1u << a->base;
	a->disp_size = disp_sizes[rnd_below(3)];
	if (a->disp_size == 0 && (a->base & 7) == 5)
		a->disp_size = 1;
	a->disp = a->disp_size == 1 ? (int8_t)rnd() : a->disp_size == 4 ? (int64_t)rnd_below(1 << 21) - (1 << 20) : 0;
	s->gpr[a->base] = ea - (uint64_t)a->disp - (uint64_t)iv * a->scale + garbage_high(a32);
	return used;
}

static unsigned log2u(unsigned v)
{
	return v == 8 ? 3 : v == 4 ? 2 : v == 2 ? 1 : 0;
}

static void encode_address(struct builder *b, unsigned regfield, const struct addr *a)
{
	unsigned mod = 0, rm, index = a->index < 0 ? 4 : (unsigned)a->index & 7;
	bool sib = false;
	uint8_t sibb = 0;
	if (a->rip) {
		rm = 5;
	} else if (a->base < 0) {
		rm = 4, sib = true;
		sibb = (uint8_t)(log2u(a->scale) << 6 | index << 3 | 5);
	} else {
		mod = a->disp_size == 0 ? 0 : a->disp_size == 1 ? 1 : 2;
		rm = (unsigned)a->base & 7;
		if (a->index >= 0 || rm == 4) {
			sib = true;
			sibb = (uint8_t)(log2u(a->scale) << 6 | index << 3 | rm);
			rm = 4;
		}
	}
	b->rex |= (uint8_t)((regfield >> 3) << 2 | (a->index >= 8 ? 2 : 0) | (a->base >= 8 ? 1 : 0));
	put(b, (uint8_t)(mod << 6 | (regfield & 7) << 3 | rm));
	if (sib)
		put(b, sibb);
	if (a->rip)
		b->rip_disp_at = (int)b->nbody;
	put_le(b, (uint64_t)a->disp, a->rip || a->base < 0 ? 4 : a->disp_size);
}

/* A random condition-code-worthy RFLAGS (status flags and DF; IF and bit 1 as user mode has). */
static uint64_t random_rflags(void)
{
	return 0x202 | (rnd() & (STATUS_FLAGS | DF));
}

static void random_state(struct native_state *s)
{
	for (int i = 0; i < 16; i++)
		s->gpr[i] = rnd_chance(20) ? rnd_below(4) - 1 : rnd();
	s->gpr[RSP] = 0;
	s->rflags = random_rflags();
}

/* The target of a memory operand: inside the data area with room for BT's bit offsets, now
 * and then just below the page boundary in the middle (a split access). */
static uint64_t pick_target(unsigned size)
{
	uint64_t data = (uint64_t)(uintptr_t)native_data();
	if (rnd_chance(15))
		return data + 4096 - 1 - rnd_below(size);
	return data + 2048 + rnd_below(4096 - 8);
}

/* Segment override: none, an ignored one (ES CS SS DS), FS or GS. Returns the base to subtract
 * (0 when the override adds nothing). */
static uint64_t pick_segment(struct builder *b, bool *based)
{
	static const uint8_t overrides[6] = { 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65 };
	*based = false;
	if (!rnd_chance(30))
		return 0;
	uint8_t p = overrides[rnd_below(6)];
	prefix(b, p);
	uint64_t base = p == 0x64 ? native_fs_base() : p == 0x65 ? native_gs_base() : 0;
	*based = base != 0;
	return base;
}

static void put_imm(struct builder *b, const struct gen_form *f, unsigned opsize)
{
	unsigned n = f->imm == 1 ? 1 : f->imm == 2 ? (opsize < 4 ? opsize : 4) : 0;
	put_le(b, rnd(), n);
}

static void size_prefixes(struct builder *b, const struct gen_form *f, unsigned opsize)
{
	if (opsize == 2 || (opsize == 8 && !(f->flags & GF_NO66) && f->sizes != SZ1 && rnd_chance(20)))
		prefix(b, 0x66);
	if (opsize == 8)
		b->rex |= 8;
}

static unsigned rm_size(const struct gen_form *f, unsigned opsize)
{
	if (f->flags & GF_RM8)
		return 1;
	if (f->flags & GF_RM16)
		return 2;
	if (f->flags & GF_RM32)
		return opsize < 4 ? opsize : 4;
	return opsize;
}

static void set_bit_offset(struct native_state *s, unsigned reg, unsigned opsize, bool rex, bool mem)
{
	int64_t off = mem ? (int64_t)rnd_below(4096) - 2048 : (int64_t)rnd();
	if (opsize == 2 && mem)
		off = (int64_t)rnd_below(1024) - 512;
	set_reg_low(s, reg, opsize, rex, (uint64_t)off);
}

/* CMPXCHG: half the time the accumulator equals the destination. */
static void equalize_accumulator(struct native_state *s, const struct gen_insn *g, uint64_t target,
				 unsigned rm, bool rex)
{
	uint64_t v = 0;
	if (!rnd_chance(50))
		return;
	if (g->mem)
		memcpy(&v, (const void *)(uintptr_t)target, g->opsize);
	else
		v = reg_value(s, rm, g->opsize, rex);
	set_reg_low(s, 0, g->opsize, rex, v);
}

static void gen_modrm(const struct gen_form *f, struct builder *b, struct gen_insn *g, struct native_state *s)
{
	unsigned opsize = pick_size(f->sizes), rsize = rm_size(f, opsize), avoid = 0, rm = 0;
	bool a32 = false, based, rex = opsize == 8 || rnd_chance(50);
	bool mem = (f->flags & GF_MEM) || rnd_chance(80);
	uint64_t target = pick_target(rsize), segbase = mem ? pick_segment(b, &based) : (based = false, 0);
	struct addr a;
	g->opsize = opsize;
	g->mem = mem;
	b->rex_on = rex;
	size_prefixes(b, f, opsize);
	if (f->flags & GF_ACC)
		avoid |= 1;
	if (mem && !based && rnd_chance(25)) {
		a32 = true;
		prefix(b, 0x67);
	}
	if (mem && (f->flags & GF_LOCK) && rnd_chance(50))
		prefix(b, 0xF0);
	unsigned used = mem ? pick_address(&a, s, target - segbase, rex, a32, based, avoid) : 0;
	if (!mem) {
		rm = pick_reg(rsize == 1, rex, avoid);
		b->rex |= (uint8_t)(rm >> 3);
	}
	unsigned reg = f->digit >= 0 ? (unsigned)f->digit
		       : pick_reg(opsize == 1, rex, (f->flags & GF_BTREG) ? used | (mem ? 0 : 1u << rm) : 0);
	for (unsigned i = 0; i < f->oplen; i++)
		put(b, f->op[i] + ((f->flags & GF_CC) && i + 1 == f->oplen ? (uint8_t)rnd_below(16) : 0));
	if (mem) {
		encode_address(b, reg, &a);
		b->rip_target = target;
	} else {
		b->rex |= (uint8_t)((reg >> 3) << 2);
		put(b, (uint8_t)(0xC0 | (reg & 7) << 3 | (rm & 7)));
	}
	put_imm(b, f, opsize);
	if (f->flags & GF_BTREG)
		set_bit_offset(s, reg, opsize, rex, mem);
	if (f->flags & GF_ACC)
		equalize_accumulator(s, g, target, rm, rex);
}

static void gen_moffs(const struct gen_form *f, struct builder *b, struct gen_insn *g)
{
	unsigned opsize = pick_size(f->sizes);
	bool based, a32;
	uint64_t target = pick_target(opsize), segbase = pick_segment(b, &based);
	g->opsize = opsize;
	g->mem = true;
	size_prefixes(b, f, opsize);
	b->rex_on = opsize == 8 || rnd_chance(30);
	a32 = !based && rnd_chance(30);
	if (a32)
		prefix(b, 0x67);
	put(b, f->op[0]);
	put_le(b, target - segbase, a32 ? 4 : 8);
}

/* rSI and rDI in the data area with room both ways; rCX up to 150 (0 now and then). */
static void gen_string(const struct gen_form *f, struct builder *b, struct gen_insn *g, struct native_state *s)
{
	static const uint8_t reps[3] = { 0xF3, 0xF3, 0xF2 };
	unsigned opsize = pick_size(f->sizes);
	bool based, a32;
	uint64_t data = (uint64_t)(uintptr_t)native_data(), segbase = pick_segment(b, &based);
	g->opsize = opsize;
	g->mem = true;
	size_prefixes(b, f, opsize);
	b->rex_on = opsize == 8 || rnd_chance(30);
	a32 = !based && rnd_chance(30);
	if (a32)
		prefix(b, 0x67);
	g->rep = rnd_chance(70);
	if (g->rep)
		prefix(b, reps[rnd_below(3)]);
	s->gpr[6] = data + 2048 + rnd_below(4096) - segbase + garbage_high(a32);
	s->gpr[7] = data + 2048 + rnd_below(4096) + garbage_high(a32);
	s->gpr[1] = (rnd_chance(10) ? 0 : rnd_below(150)) + garbage_high(a32);
	if (rnd_chance(50))
		s->gpr[0] &= ~0xFFFFULL;
	put(b, f->op[0]);
}

/* Legacy prefixes in random order, then REX, then the rest; patches a RIP-relative disp32. */
static void assemble(struct builder *b, struct gen_insn *g)
{
	for (unsigned i = b->npfx; i > 1; i--) {
		unsigned j = (unsigned)rnd_below(i);
		uint8_t t = b->pfx[i - 1];
		b->pfx[i - 1] = b->pfx[j];
		b->pfx[j] = t;
	}
	memcpy(g->bytes, b->pfx, b->npfx);
	g->len = b->npfx;
	if (b->rex_on || b->rex)
		g->bytes[g->len++] = 0x40 | b->rex;
	memcpy(g->bytes + g->len, b->body, b->nbody);
	if (b->rip_disp_at >= 0) {
		unsigned at = g->len + (unsigned)b->rip_disp_at;
		uint64_t next = native_insn_address() + g->len + b->nbody;
		uint32_t disp = (uint32_t)(b->rip_target - next);
		memcpy(g->bytes + at, &disp, 4);
	}
	g->len += b->nbody;
}

void gen_instruction(const struct gen_form *f, struct gen_insn *g, struct native_state *s)
{
	struct builder b;
	memset(&b, 0, sizeof(b));
	memset(g, 0, sizeof(*g));
	b.rip_disp_at = -1;
	random_state(s);
	if (f->kind == GK_MODRM)
		gen_modrm(f, &b, g, s);
	else if (f->kind == GK_MOFFS)
		gen_moffs(f, &b, g);
	else
		gen_string(f, &b, g, s);
	assemble(&b, g);
}

const char *gen_describe(const struct gen_form *f, const struct gen_insn *g)
{
	static char text[128];
	int n = snprintf(text, sizeof(text), "%s:", f->name);
	for (unsigned i = 0; i < g->len && n < (int)sizeof(text) - 4; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, " %02x", g->bytes[i]);
	return text;
}
