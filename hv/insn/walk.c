/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest linear to guest physical through the guest's own page tables (SDM vol. 3 chapter 4). */
#include "hv/insn/walk.h"
#include "hv/insn/flags.h"
#include "hv/insn/outcome.h"

#define PTE_P (1ULL << 0)
#define PTE_RW (1ULL << 1)
#define PTE_US (1ULL << 2)
#define PTE_A (1ULL << 5)
#define PTE_D (1ULL << 6)
#define PTE_PS (1ULL << 7)
#define PTE_XD (1ULL << 63)
#define PF_P 1u
#define PF_W 2u
#define PF_U 4u
#define PF_RSVD 8u
#define PF_ID 16u

/* 32-bit paging, PAE paging, 4-level or 5-level paging. */
enum walk_format { FMT_32, FMT_PAE, FMT_LONG };

struct walk {
	const struct insn_cpu *cpu;
	const struct insn_ops *ops;
	uint64_t la;
	unsigned access;
	unsigned format;
	unsigned phys_bits;
	uint64_t addr_mask;  /* physical address bits 51:12 that exist */
	unsigned levels;     /* entries used, top first */
	uint64_t entry_gpa[5], entry[5];
	bool rw, us, xd;     /* accumulated over the levels */
	struct insn_outcome *out;
};

static uint64_t bits(unsigned hi, unsigned lo)
{
	return (hi >= 63 ? ~0ULL : (1ULL << (hi + 1)) - 1) & ~((1ULL << lo) - 1);
}

static void walk_init(struct walk *w, const struct insn_cpu *cpu, const struct insn_ops *ops,
		      uint64_t la, unsigned access)
{
	w->cpu = cpu;
	w->ops = ops;
	w->la = la;
	w->access = access;
	w->format = (cpu->efer & INSN_EFER_LMA) ? FMT_LONG : (cpu->cr4 & INSN_CR4_PAE) ? FMT_PAE : FMT_32;
	w->phys_bits = insn_phys_bits(cpu);
	w->addr_mask = bits(w->phys_bits - 1, 12);
	w->levels = 0;
	w->rw = w->us = true;
	w->xd = false;
}

static int top_level(const struct walk *w)
{
	if (w->format == FMT_LONG)
		return (w->cpu->cr4 & INSN_CR4_LA57) ? 4 : 3;
	return w->format == FMT_PAE ? 2 : 1;
}

static uint64_t cr3_table(const struct walk *w)
{
	if (w->format == FMT_PAE)
		return w->cpu->cr3 & 0xFFFFFFE0u;
	if (w->format == FMT_32)
		return w->cpu->cr3 & 0xFFFFF000u;
	return w->cpu->cr3 & w->addr_mask;
}

static unsigned entry_index(const struct walk *w, int level)
{
	if (w->format == FMT_32)
		return (unsigned)(w->la >> (12 + 10 * level)) & 1023;
	if (w->format == FMT_PAE && level == 2)
		return (unsigned)(w->la >> 30) & 3;
	return (unsigned)(w->la >> (12 + 9 * level)) & 511;
}

static bool is_large(const struct walk *w, int level, uint64_t e)
{
	if (!(e & PTE_PS))
		return false;
	if (w->format == FMT_32)
		return level == 1 && (w->cpu->cr4 & INSN_CR4_PSE);
	return level == 1 || (level == 2 && w->format == FMT_LONG);
}

/* Bits that must be 0 in an entry (SDM tables 4-4 to 4-20). */
static uint64_t reserved_bits(const struct walk *w, int level, uint64_t e)
{
	bool nxe = w->cpu->efer & INSN_EFER_NXE;
	unsigned m = w->phys_bits;
	if (w->format == FMT_32) {
		unsigned lo = 13 + (m < 40 ? m : 40) - 32;
		return is_large(w, level, e) ? bits(21, lo) : 0;
	}
	if (w->format == FMT_PAE && level == 2)
		return bits(63, m) | bits(8, 5) | bits(2, 1);
	uint64_t r = (w->format == FMT_PAE ? bits(62, m) : m < 52 ? bits(51, m) : 0) | (nxe ? 0 : PTE_XD);
	if (level >= 3)
		r |= PTE_PS;
	else if (is_large(w, level, e))
		r |= bits(level == 1 ? 20 : 29, 13);
	return r;
}

static uint64_t leaf_address(const struct walk *w, int level, uint64_t e)
{
	if (w->format == FMT_32 && level == 1)
		return (((e >> 13) & 0xFF) << 32) | (e & 0xFFC00000u) | (w->la & 0x3FFFFF);
	if (w->format == FMT_32)
		return (e & 0xFFFFF000u) | (w->la & 0xFFF);
	uint64_t page = 1ULL << (12 + 9 * level);
	return (e & w->addr_mask & ~(page - 1)) | (w->la & (page - 1));
}

static enum insn_result walk_fault(const struct walk *w, uint32_t error)
{
	const struct insn_cpu *cpu = w->cpu;
	if (w->access & INSN_ACCESS_WRITE)
		error |= PF_W;
	if (w->access & INSN_ACCESS_USER)
		error |= PF_U;
	if ((w->access & INSN_ACCESS_FETCH) &&
	    ((cpu->cr4 & INSN_CR4_SMEP) || ((cpu->cr4 & INSN_CR4_PAE) && (cpu->efer & INSN_EFER_NXE))))
		error |= PF_ID;
	return insn_page_fault(w->out, w->la, error);
}

/* Reads the entry at level and checks P and the reserved bits. */
static enum insn_result read_entry(struct walk *w, uint64_t table, int level, uint64_t *e)
{
	unsigned size = w->format == FMT_32 ? 4 : 8;
	uint64_t gpa = table + (uint64_t)entry_index(w, level) * size;
	*e = 0;
	if (!w->ops->ram_read(w->ops->ctx, gpa, e, size))
		return insn_bus_error(w->out, "page-table read", size, gpa, "is not in RAM");
	w->entry_gpa[w->levels] = gpa;
	w->entry[w->levels++] = *e;
	if (!(*e & PTE_P))
		return walk_fault(w, 0);
	if (*e & reserved_bits(w, level, *e))
		return walk_fault(w, PF_P | PF_RSVD);
	return INSN_OK;
}

/* R/W and U/S must allow at every level; XD at any level forbids. PAE PDPTEs have none. */
static void accumulate_rights(struct walk *w, int level, uint64_t e)
{
	if (w->format == FMT_PAE && level == 2)
		return;
	w->rw = w->rw && (e & PTE_RW);
	w->us = w->us && (e & PTE_US);
	if (w->format != FMT_32 && (w->cpu->efer & INSN_EFER_NXE) && (e & PTE_XD))
		w->xd = true;
}

/* SDM vol. 3 section 4.6; every access here is explicit (SMAP's AC exception applies). */
static bool access_allowed(const struct walk *w)
{
	const struct insn_cpu *cpu = w->cpu;
	bool user = w->access & INSN_ACCESS_USER, write = w->access & INSN_ACCESS_WRITE;
	if (w->access & INSN_ACCESS_FETCH) {
		if (w->xd)
			return false;
		return user ? w->us : !(w->us && (cpu->cr4 & INSN_CR4_SMEP));
	}
	if (user)
		return w->us && (!write || w->rw);
	if (w->us && (cpu->cr4 & INSN_CR4_SMAP) && !(cpu->rflags & FL_AC))
		return false;
	return !write || w->rw || !(cpu->cr0 & INSN_CR0_WP);
}

/* Sets A in every entry used (PAE PDPTEs have none) and D in the leaf for a write: bits 5 and 6
 * are both in the entry's first byte, so one byte is written per entry that changes. */
static enum insn_result set_accessed_dirty(const struct walk *w)
{
	unsigned first = w->format == FMT_PAE ? 1 : 0;
	for (unsigned i = first; i < w->levels; i++) {
		uint8_t old = (uint8_t)w->entry[i], now = old | PTE_A;
		if (i == w->levels - 1 && (w->access & INSN_ACCESS_WRITE))
			now |= PTE_D;
		if (now != old && !w->ops->ram_write(w->ops->ctx, w->entry_gpa[i], &now, 1))
			return insn_bus_error(w->out, "accessed/dirty update", 1, w->entry_gpa[i],
					      "is not in RAM");
	}
	return INSN_OK;
}

enum insn_result insn_walk(const struct insn_cpu *cpu, const struct insn_ops *ops, uint64_t la,
			   unsigned access, uint64_t *gpa, struct insn_outcome *out)
{
	struct walk w;
	walk_init(&w, cpu, ops, la, access);
	w.out = out;
	uint64_t table = cr3_table(&w), e = 0;
	for (int level = top_level(&w); level >= 0; level--) {
		enum insn_result r = read_entry(&w, table, level, &e);
		if (r != INSN_OK)
			return r;
		accumulate_rights(&w, level, e);
		if (level == 0 || is_large(&w, level, e)) {
			*gpa = leaf_address(&w, level, e);
			break;
		}
		table = w.format == FMT_32 ? (e & 0xFFFFF000u) : (e & w.addr_mask);
	}
	if (!access_allowed(&w))
		return walk_fault(&w, PF_P);
	return set_accessed_dirty(&w);
}
