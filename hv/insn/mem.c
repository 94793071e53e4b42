/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest memory as an instruction sees it: segmentation, paging, RAM or device, page splits. */
#include "hv/insn/mem.h"
#include "hv/insn/outcome.h"
#include "hv/insn/walk.h"

#define AR_TYPE_CODE 0x8u
#define AR_TYPE_RW 0x2u      /* data: writable; code: readable */
#define AR_TYPE_DOWN 0x4u    /* data: expand-down */
#define AR_DB (1u << 14)
#define AR_UNUSABLE (1u << 16)

static enum insn_result segment_fault(struct insn_emu *e, unsigned seg)
{
	return insn_fault(e->out, seg == INSN_SEG_SS ? INSN_VEC_SS : INSN_VEC_GP, e->pe, 0);
}

static bool canonical(const struct insn_emu *e, uint64_t la)
{
	unsigned shift = (e->cpu->cr4 & INSN_CR4_LA57) ? 7 : 16;
	return (uint64_t)((int64_t)(la << shift) >> shift) == la;
}

/* Protected-mode type checks: unusable segments, writes to code or read-only data, reads of
 * execute-only code. */
static bool segment_allows(const struct insn_emu *e, const struct insn_segment *s, unsigned access)
{
	unsigned type = s->ar & 0xF;
	if (e->real)
		return true;
	if (s->ar & AR_UNUSABLE)
		return false;
	if (type & AR_TYPE_CODE)
		return !(access & INSN_MEM_WRITE) && (type & AR_TYPE_RW);
	return !(access & INSN_MEM_WRITE) || (type & AR_TYPE_RW);
}

static bool within_limit(const struct insn_segment *s, uint64_t offset, unsigned size)
{
	uint64_t last = offset + size - 1;
	if ((s->ar & (AR_TYPE_CODE | AR_TYPE_DOWN)) == AR_TYPE_DOWN)
		return offset > s->limit && last <= ((s->ar & AR_DB) ? 0xFFFFFFFFu : 0xFFFFu);
	return last <= s->limit;
}

enum insn_result insn_mem_linear(struct insn_emu *e, unsigned seg, uint64_t offset, unsigned size,
			    unsigned access, uint64_t *la)
{
	const struct insn_segment *s = &e->cpu->seg[seg];
	if (e->long64) {
		*la = offset + (seg >= INSN_SEG_FS ? s->base : 0);
		if (!canonical(e, *la) || !canonical(e, *la + size - 1))
			return segment_fault(e, seg);
		return INSN_OK;
	}
	if (!segment_allows(e, s, access) || !within_limit(s, offset, size))
		return segment_fault(e, seg);
	*la = (s->base + offset) & 0xFFFFFFFFu;
	return INSN_OK;
}

static bool tlb_lookup(const struct insn_emu *e, uint64_t la, bool write, uint64_t *gpa)
{
	for (unsigned i = 0; i < ARRAY_SIZE(e->tlb); i++) {
		const struct insn_tlb_entry *t = &e->tlb[i];
		if (t->valid && t->page == la >> 12 && (t->write || !write)) {
			*gpa = t->gpa_page | (la & 0xFFF);
			return true;
		}
	}
	return false;
}

enum insn_result insn_mem_translate(struct insn_emu *e, uint64_t la, bool write, uint64_t *gpa)
{
	if (!(e->cpu->cr0 & INSN_CR0_PG)) {
		*gpa = la;
		return INSN_OK;
	}
	if (tlb_lookup(e, la, write, gpa))
		return INSN_OK;
	unsigned access = (write ? INSN_ACCESS_WRITE : 0) | (e->cpl == 3 ? INSN_ACCESS_USER : 0);
	enum insn_result r = insn_walk(e->cpu, e->ops, la, access, gpa, e->out);
	if (r != INSN_OK)
		return r;
	struct insn_tlb_entry *t = &e->tlb[e->tlb_next++ % ARRAY_SIZE(e->tlb)];
	*t = (struct insn_tlb_entry){ la >> 12, *gpa & ~0xFFFULL, true, write };
	return INSN_OK;
}

static enum insn_result resolve_piece(struct insn_emu *e, struct insn_memref *m, unsigned i,
				      uint64_t la, unsigned access)
{
	enum insn_result r = insn_mem_translate(e, la, access & INSN_MEM_WRITE, &m->gpa[i]);
	if (r == INSN_OK)
		m->mmio[i] = e->ops->is_mmio(e->ops->ctx, m->gpa[i]);
	return r;
}

enum insn_result insn_mem_resolve(struct insn_emu *e, unsigned seg, uint64_t offset, unsigned size,
			     unsigned access, struct insn_memref *m)
{
	uint64_t la;
	enum insn_result r = insn_mem_linear(e, seg, offset, size, access, &la);
	if (r != INSN_OK)
		return r;
	unsigned first = 4096 - (unsigned)(la & 0xFFF);
	m->la = la;
	m->len[0] = (uint8_t)(first < size ? first : size);
	m->len[1] = (uint8_t)(size - m->len[0]);
	r = resolve_piece(e, m, 0, la, access);
	if (r == INSN_OK && m->len[1]) {
		uint64_t la2 = la + m->len[0];
		r = resolve_piece(e, m, 1, e->long64 ? la2 : la2 & 0xFFFFFFFFu, access);
	}
	return r;
}

static enum insn_result ram_access(struct insn_emu *e, uint64_t gpa, unsigned len, bool write, uint64_t *v)
{
	const struct insn_ops *ops = e->ops;
	bool ok = write ? ops->ram_write(ops->ctx, gpa, v, len) : ops->ram_read(ops->ctx, gpa, v, len);
	if (!ok)
		return insn_bus_error(e->out, write ? "write" : "read", len, gpa,
				      "is neither RAM nor a device");
	return INSN_OK;
}

static enum insn_result device_access(struct insn_emu *e, uint64_t gpa, unsigned len, bool write, uint64_t *v)
{
	if (!e->ops->mmio(e->ops->ctx, gpa, len, write, v))
		return insn_bus_error(e->out, write ? "device write" : "device read", len, gpa,
				      "found no device register");
	*v = insn_trunc(*v, len);
	return INSN_OK;
}

/* One piece of a split device access, as naturally aligned accesses of 1, 2 and 4 bytes. */
static enum insn_result device_split(struct insn_emu *e, uint64_t gpa, unsigned len, bool write, uint64_t *v)
{
	uint64_t all = write ? *v : 0;
	for (unsigned done = 0; done < len;) {
		unsigned n = 4;
		while (n > len - done || ((gpa + done) & (n - 1)))
			n >>= 1;
		uint64_t part = all >> (8 * done);
		enum insn_result r = device_access(e, gpa + done, n, write, &part);
		if (r != INSN_OK)
			return r;
		if (!write)
			all |= part << (8 * done);
		done += n;
	}
	*v = all;
	return INSN_OK;
}

static enum insn_result piece_access(struct insn_emu *e, const struct insn_memref *m, unsigned i,
				     bool write, uint64_t *v)
{
	if (!m->mmio[i])
		return ram_access(e, m->gpa[i], m->len[i], write, v);
	if (!m->len[1])
		return device_access(e, m->gpa[i], m->len[i], write, v);
	return device_split(e, m->gpa[i], m->len[i], write, v);
}

enum insn_result insn_mem_load(struct insn_emu *e, const struct insn_memref *m, unsigned size, uint64_t *v)
{
	uint64_t lo = 0, hi = 0;
	enum insn_result r = piece_access(e, m, 0, false, &lo);
	if (r == INSN_OK && m->len[1])
		r = piece_access(e, m, 1, false, &hi);
	*v = insn_trunc(lo | (m->len[1] ? hi << (8 * m->len[0]) : 0), size);
	return r;
}

enum insn_result insn_mem_store(struct insn_emu *e, const struct insn_memref *m, unsigned size, uint64_t v)
{
	uint64_t lo = insn_trunc(v, m->len[0]), hi = m->len[1] ? insn_trunc(v >> (8 * m->len[0]), size) : 0;
	enum insn_result r = piece_access(e, m, 0, true, &lo);
	if (r == INSN_OK && m->len[1])
		r = piece_access(e, m, 1, true, &hi);
	return r;
}

enum insn_result insn_mem_read(struct insn_emu *e, unsigned seg, uint64_t offset, unsigned size, uint64_t *v)
{
	struct insn_memref m;
	enum insn_result r = insn_mem_resolve(e, seg, offset, size, INSN_MEM_READ, &m);
	return r == INSN_OK ? insn_mem_load(e, &m, size, v) : r;
}

enum insn_result insn_mem_write(struct insn_emu *e, unsigned seg, uint64_t offset, unsigned size, uint64_t v)
{
	struct insn_memref m;
	enum insn_result r = insn_mem_resolve(e, seg, offset, size, INSN_MEM_WRITE, &m);
	return r == INSN_OK ? insn_mem_store(e, &m, size, v) : r;
}
