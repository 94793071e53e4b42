/* SPDX-License-Identifier: BSD-2-Clause */
/* x86 instruction decoder: one loop over prefixes, opcode tables, ModRM/SIB, displacement, immediate. */
#include "hv/insn/decode.h"
#include "hv/insn/opcodes.h"
#include "hv/lib/string.h"

#define NO_SEG 0xFF

/* The bytes being decoded; the first read past the end records why in err. */
struct cursor {
	const uint8_t *bytes;
	unsigned avail;  /* bytes that may be read: the given ones, at most 15 */
	unsigned pos;
	int err;
};

struct prefixes {
	bool p66, p67;
	uint8_t seg;  /* enum insn_seg of the last segment prefix, NO_SEG without */
};

enum { PFX_NONE, PFX_ES, PFX_CS, PFX_SS, PFX_DS, PFX_FS, PFX_GS, PFX_66, PFX_67, PFX_LOCK, PFX_REP };

static const uint8_t prefix_kind[256] = {
	[0x26] = PFX_ES, [0x2E] = PFX_CS, [0x36] = PFX_SS, [0x3E] = PFX_DS, [0x64] = PFX_FS,
	[0x65] = PFX_GS, [0x66] = PFX_66, [0x67] = PFX_67, [0xF0] = PFX_LOCK, [0xF2] = PFX_REP,
	[0xF3] = PFX_REP,
};

static uint8_t take(struct cursor *c)
{
	if (c->pos < c->avail)
		return c->bytes[c->pos++];
	if (!c->err)
		c->err = c->pos >= INSN_MAX_LEN ? INSN_DECODE_TOO_LONG : INSN_DECODE_SHORT;
	return 0;
}

static uint8_t peek(struct cursor *c)
{
	uint8_t b = take(c);
	if (!c->err)
		c->pos--;
	return b;
}

/* n bytes, little-endian. */
static uint64_t take_le(struct cursor *c, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)take(c) << (8 * i);
	return v;
}

static void apply_prefix(struct insn_decoded *d, struct prefixes *p, unsigned kind, uint8_t b)
{
	if (kind <= PFX_GS)
		p->seg = (uint8_t)(kind - PFX_ES);
	else if (kind == PFX_66)
		p->p66 = true;
	else if (kind == PFX_67)
		p->p67 = true;
	else if (kind == PFX_LOCK)
		d->lock = true;
	else
		d->rep = b;
}

/* Reads the prefixes and returns the first opcode byte. A REX prefix counts only right before
 * the opcode; a legacy prefix after it cancels it. */
static uint8_t decode_prefixes(struct cursor *c, struct insn_decoded *d, struct prefixes *p)
{
	for (;;) {
		uint8_t b = take(c);
		if (c->err)
			return 0;
		unsigned kind = prefix_kind[b];
		if (kind != PFX_NONE) {
			apply_prefix(d, p, kind, b);
			d->rex = 0;
		} else if (d->mode == INSN_MODE_64 && (b & 0xF0) == 0x40) {
			d->rex = b;
		} else {
			return b;
		}
	}
}

/* The table entry for the opcode (one, two or three bytes). */
static void lookup_opcode(struct cursor *c, struct insn_decoded *d, uint8_t op, struct insn_opcode *e)
{
	if (op != 0x0F) {
		d->opcode = op;
		*e = insn_map_onebyte[op];
		return;
	}
	op = take(c);
	if (op == 0x38 || op == 0x3A) {
		d->map = op == 0x38 ? 2 : 3;
		d->opcode = take(c);
		*e = insn_map_three_byte[d->map - 2];
		return;
	}
	d->map = 1;
	d->opcode = op;
	*e = insn_map_0f[op];
}

/* Opcodes that are not instructions here: unknown ones, VEX/EVEX, the ones 64-bit mode removed. */
static int check_opcode(struct cursor *c, const struct insn_decoded *d, const struct insn_opcode *e)
{
	bool long64 = d->mode == INSN_MODE_64;
	if (c->err)
		return c->err;
	if (e->family == INSN_FAM_UNKNOWN)
		return INSN_DECODE_UNKNOWN;
	if ((e->flags & OPF_VEX) && (long64 || (peek(c) >> 6) == 3))
		return c->err ? c->err : INSN_DECODE_UNKNOWN;
	if ((e->flags & OPF_INV64) && long64)
		return INSN_DECODE_INVALID;
	return 0;
}

/* 16-bit forms: BX+SI, BX+DI, BP+SI, BP+DI, SI, DI, BP (disp16 alone when mod is 0), BX. */
static void decode_mem16(struct cursor *c, struct insn_decoded *d, unsigned mod, unsigned rm)
{
	static const uint8_t base16[8] = { 3, 3, 5, 5, 6, 7, 5, 3 };
	static const uint8_t index16[8] = { 6, 7, 6, 7, INSN_REG_NONE, INSN_REG_NONE, INSN_REG_NONE,
					    INSN_REG_NONE };
	if (mod == 0 && rm == 6) {
		d->disp = (int16_t)take_le(c, 2);
		return;
	}
	d->base = base16[rm];
	d->index = index16[rm];
	if (mod == 1)
		d->disp = (int8_t)take(c);
	else if (mod == 2)
		d->disp = (int16_t)take_le(c, 2);
}

/* 32/64-bit forms: SIB, disp32 alone, RIP-relative (64-bit mode), disp8, disp32. */
static void decode_mem32(struct cursor *c, struct insn_decoded *d, unsigned mod, unsigned rm)
{
	unsigned base = rm;
	if (rm == 4) {
		uint8_t sib = take(c);
		unsigned index = ((sib >> 3) & 7) | ((d->rex & 2) << 2);
		d->scale = (uint8_t)(1u << (sib >> 6));
		if (index != 4)
			d->index = (uint8_t)index;
		base = sib & 7;
	}
	if (base == 5 && mod == 0) {
		d->disp = (int32_t)take_le(c, 4);
		if (rm == 5 && d->mode == INSN_MODE_64)
			d->base = INSN_REG_RIP;
		return;
	}
	d->base = (uint8_t)(base | ((d->rex & 1) << 3));
	if (mod == 1)
		d->disp = (int8_t)take(c);
	else if (mod == 2)
		d->disp = (int32_t)take_le(c, 4);
}

static void decode_modrm(struct cursor *c, struct insn_decoded *d)
{
	d->has_modrm = true;
	d->modrm = take(c);
	unsigned mod = d->modrm >> 6, rm = d->modrm & 7;
	d->reg = (uint8_t)(((d->modrm >> 3) & 7) | ((d->rex & 4) << 1));
	if (mod == 3) {
		d->rm = (uint8_t)(rm | ((d->rex & 1) << 3));
		return;
	}
	d->mem = true;
	if (d->addrsize == 2)
		decode_mem16(c, d, mod, rm);
	else
		decode_mem32(c, d, mod, rm);
}

/* A group entry (picked by ModRM.reg) refines the opcode's entry. */
static void apply_group(const struct insn_decoded *d, struct insn_opcode *e)
{
	const struct insn_opcode *g = &insn_groups[e->group][(d->modrm >> 3) & 7];
	e->family = g->family;
	e->arg = g->arg;
	e->flags |= g->flags;
	if (g->imm != IMM_NONE)
		e->imm = g->imm;
}

static unsigned operand_size(const struct insn_decoded *d, uint16_t flags, bool p66)
{
	if (flags & OPF_BYTE)
		return 1;
	if (d->mode == INSN_MODE_64) {
		if ((flags & OPF_F64) || (d->rex & 8))
			return 8;
		if (flags & OPF_DEF64)
			return p66 ? 2 : 8;
		return p66 ? 2 : 4;
	}
	return (d->mode == INSN_MODE_16) != p66 ? 2 : 4;
}

static unsigned address_size(enum insn_mode mode, bool p67)
{
	if (mode == INSN_MODE_64)
		return p67 ? 4 : 8;
	return (mode == INSN_MODE_16) != p67 ? 2 : 4;
}

static unsigned imm_bytes(const struct insn_decoded *d, unsigned kind)
{
	switch (kind) {
	case IMM_B: return 1;
	case IMM_W: return 2;
	case IMM_Z: return d->opsize < 4 ? d->opsize : 4;
	case IMM_V: return d->opsize;
	case IMM_MOFFS: return d->addrsize;
	case IMM_PTR: return (d->opsize == 2 ? 2 : 4) + 2;
	case IMM_WB: return 3;
	default: return 0;
	}
}

static void decode_imm(struct cursor *c, struct insn_decoded *d, unsigned kind)
{
	unsigned n = imm_bytes(d, kind);
	uint64_t v = take_le(c, n);
	if ((kind == IMM_B || kind == IMM_Z) && n < 8 && (v >> (8 * n - 1)) & 1)
		v |= ~0ULL << (8 * n);
	d->imm = v;
}

/* The segment of the memory operand: SS for rSP/rBP bases, else DS; an override replaces it
 * (in 64-bit mode only FS and GS overrides take effect). */
static void choose_segment(struct insn_decoded *d, const struct prefixes *p)
{
	d->seg = (d->base == 4 || d->base == 5) ? INSN_SEG_SS : INSN_SEG_DS;
	if (p->seg != NO_SEG && (d->mode != INSN_MODE_64 || p->seg >= INSN_SEG_FS)) {
		d->seg = p->seg;
		d->seg_override = true;
	}
}

/* #UD for LOCK where it is not allowed, register operands where memory is required. */
static int check_operands(const struct insn_decoded *d, const struct insn_opcode *e)
{
	bool emulated = d->family >= INSN_FAM_MOV_STORE;
	if (d->family == INSN_FAM_UD || ((e->flags & OPF_MEM) && !d->mem))
		return INSN_DECODE_INVALID;
	if (d->lock && emulated && (!(e->flags & OPF_LOCK) || !d->mem))
		return INSN_DECODE_INVALID;
	return 0;
}

/* Everything after the opcode byte(s): ModRM, group, sizes, immediate. */
static int decode_operands(struct cursor *c, struct insn_decoded *d, struct insn_opcode *e, bool p66)
{
	if (e->flags & OPF_MODRM) {
		decode_modrm(c, d);
		if (e->group)
			apply_group(d, e);
	}
	d->family = e->family;
	d->arg = e->arg;
	if ((e->flags & OPF_ONLY64) && d->mode != INSN_MODE_64)
		d->family = INSN_FAM_NONE;
	d->opsize = (uint8_t)operand_size(d, e->flags, p66);
	decode_imm(c, d, e->imm);
	if (c->err)
		return c->err;
	return check_operands(d, e);
}

int insn_decode(const uint8_t *bytes, unsigned len, enum insn_mode mode, struct insn_decoded *d)
{
	struct cursor c = { bytes, len < INSN_MAX_LEN ? len : INSN_MAX_LEN, 0, 0 };
	struct prefixes p = { false, false, NO_SEG };
	struct insn_opcode e = { 0 };
	memset(d, 0, sizeof(*d));
	d->mode = (uint8_t)mode;
	d->base = d->index = INSN_REG_NONE;
	d->scale = 1;
	uint8_t op = decode_prefixes(&c, d, &p);
	d->addrsize = (uint8_t)address_size(mode, p.p67);
	if (!c.err)
		lookup_opcode(&c, d, op, &e);
	int err = check_opcode(&c, d, &e);
	if (!err)
		err = decode_operands(&c, d, &e, p.p66);
	if (err)
		return err;
	choose_segment(d, &p);
	d->len = (uint8_t)c.pos;
	return c.pos;
}

uint64_t insn_effective_offset(const struct insn_decoded *d, const uint64_t gpr[16], uint64_t next_rip)
{
	uint64_t ea = (uint64_t)(int64_t)d->disp;
	if (d->base == INSN_REG_RIP)
		ea += next_rip;
	else if (d->base != INSN_REG_NONE)
		ea += gpr[d->base];
	if (d->index != INSN_REG_NONE)
		ea += gpr[d->index] * d->scale;
	return insn_trunc(ea, d->addrsize);
}
