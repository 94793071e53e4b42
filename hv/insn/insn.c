/* SPDX-License-Identifier: BSD-2-Clause */
/* insn_emulate: the mode, the instruction fetch through the guest's paging, decode, execute. */
#include "hv/insn/insn.h"
#include "hv/insn/exec.h"
#include "hv/insn/flags.h"
#include "hv/insn/outcome.h"
#include "hv/insn/walk.h"

#define AR_L (1u << 13)
#define AR_DB (1u << 14)
#define UNKNOWN_SHOWN 6  /* bytes shown for an instruction of unknown length */

static void emu_init(struct insn_emu *e, struct insn_cpu *cpu, const struct insn_ops *ops,
		     struct insn_outcome *out)
{
	bool vm86;
	e->cpu = cpu;
	e->ops = ops;
	e->out = out;
	e->restart = false;
	e->tlb_next = 0;
	e->tlb[0].valid = e->tlb[1].valid = false;
	e->pe = cpu->cr0 & INSN_CR0_PE;
	vm86 = e->pe && (cpu->rflags & FL_VM);
	e->real = !e->pe || vm86;
	e->long64 = (cpu->efer & INSN_EFER_LMA) && (cpu->seg[INSN_SEG_CS].ar & AR_L);
	e->cpl = (uint8_t)(!e->pe ? 0 : vm86 ? 3 : (cpu->seg[INSN_SEG_SS].ar >> 5) & 3);
	out->why[0] = '\0';
}

static enum insn_mode code_mode(const struct insn_emu *e)
{
	if (e->long64)
		return INSN_MODE_64;
	if (e->pe && (e->cpu->rflags & FL_VM))
		return INSN_MODE_16;
	return (e->cpu->seg[INSN_SEG_CS].ar & AR_DB) ? INSN_MODE_32 : INSN_MODE_16;
}

/* The linear address of RIP and how many bytes the CS limit lets the instruction have. */
static enum insn_result fetch_start(struct insn_emu *e, uint64_t *la, unsigned *avail)
{
	const struct insn_segment *cs = &e->cpu->seg[INSN_SEG_CS];
	uint64_t ip = e->cpu->rip;
	*avail = INSN_MAX_LEN;
	if (e->long64) {
		*la = ip;
		unsigned shift = (e->cpu->cr4 & INSN_CR4_LA57) ? 7 : 16;
		if ((uint64_t)((int64_t)(ip << shift) >> shift) != ip)
			return insn_fault(e->out, INSN_VEC_GP, true, 0);
		return INSN_OK;
	}
	ip &= 0xFFFFFFFFu;
	if (ip > cs->limit)
		return insn_fault(e->out, INSN_VEC_GP, e->pe, 0);
	if (cs->limit - ip + 1 < *avail)
		*avail = (unsigned)(cs->limit - ip + 1);
	*la = (cs->base + ip) & 0xFFFFFFFFu;
	return INSN_OK;
}

/* Instruction bytes come from RAM through the guest's paging, checked as a fetch. */
static enum insn_result fetch_bytes(struct insn_emu *e, uint64_t la, uint8_t *buf, unsigned n)
{
	uint64_t gpa = la;
	if (e->cpu->cr0 & INSN_CR0_PG) {
		unsigned access = INSN_ACCESS_FETCH | (e->cpl == 3 ? INSN_ACCESS_USER : 0);
		enum insn_result r = insn_walk(e->cpu, e->ops, la, access, &gpa, e->out);
		if (r != INSN_OK)
			return r;
	}
	if (!e->ops->ram_read(e->ops->ctx, gpa, buf, n))
		return insn_bus_error(e->out, "instruction fetch", n, gpa, "is not in RAM");
	return INSN_OK;
}

static enum insn_result decode_failure(struct insn_emu *e, int err, unsigned fetched)
{
	if (err == INSN_DECODE_INVALID)
		return insn_fault(e->out, INSN_VEC_UD, false, 0);
	unsigned shown = fetched < UNKNOWN_SHOWN ? fetched : UNKNOWN_SHOWN;
	if (err == INSN_DECODE_UNKNOWN)
		return insn_unsupported(e->out, "unknown", e->bytes, shown, e->cpu->rip, INSN_HINT);
	return insn_fault(e->out, INSN_VEC_GP, e->pe, 0); /* past the CS limit, or over 15 bytes */
}

/* Fetches up to the end of the page (the next page only when the instruction needs it), then
 * decodes. */
static enum insn_result fetch_decode(struct insn_emu *e, uint8_t *buf)
{
	uint64_t la = 0;
	unsigned avail = 0, first;
	enum insn_result r = fetch_start(e, &la, &avail);
	if (r != INSN_OK)
		return r;
	first = 4096 - (unsigned)(la & 0xFFF);
	first = first < avail ? first : avail;
	e->bytes = buf;
	r = fetch_bytes(e, la, buf, first);
	if (r != INSN_OK)
		return r;
	int n = insn_decode(buf, first, code_mode(e), &e->d);
	if (n == INSN_DECODE_SHORT && first < avail) {
		uint64_t next = e->long64 ? la + first : (la + first) & 0xFFFFFFFFu;
		r = fetch_bytes(e, next, buf + first, avail - first);
		if (r != INSN_OK)
			return r;
		first = avail;
		n = insn_decode(buf, avail, code_mode(e), &e->d);
	}
	return n > 0 ? INSN_OK : decode_failure(e, n, first);
}

enum insn_result insn_emulate(struct insn_cpu *cpu, const struct insn_ops *ops, struct insn_outcome *out)
{
	struct insn_emu e;
	uint8_t buf[INSN_MAX_LEN];
	emu_init(&e, cpu, ops, out);
	enum insn_result r = fetch_decode(&e, buf);
	if (r != INSN_OK)
		return r;
	e.next_rip = insn_trunc(cpu->rip + e.d.len, e.d.mode);
	r = insn_execute(&e);
	if (r != INSN_OK)
		return r;
	if (!e.restart)
		cpu->rip = e.next_rip;
	cpu->rflags &= ~FL_RF;
	return INSN_OK;
}
