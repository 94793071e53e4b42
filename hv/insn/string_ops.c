/* SPDX-License-Identifier: BSD-2-Clause */
/* Executors of the string instructions: MOVS CMPS STOS LODS SCAS INS OUTS, with REP. The source
 * is seg:rSI (DS or the override), the destination ES:rDI (no override); the address size picks
 * SI/ESI/RSI, DI/EDI/RDI and CX/ECX/RCX; RFLAGS.DF picks the direction. */
#include "hv/insn/string_ops.h"
#include "hv/insn/flags.h"
#include "hv/insn/operand.h"
#include "hv/insn/outcome.h"

/* One iteration; it updates rSI/rDI only once its accesses are done. */
typedef enum insn_result (*string_step)(struct insn_emu *e, unsigned size);

static uint64_t addr_reg(const struct insn_emu *e, unsigned reg)
{
	return insn_trunc(e->cpu->gpr[reg], e->d.addrsize);
}

/* 16-bit address size keeps the upper bits; 32-bit zero-extends as any 32-bit register write. */
static void addr_reg_set(struct insn_emu *e, unsigned reg, uint64_t v)
{
	insn_reg_set(e->cpu, reg, e->d.addrsize, false, v);
}

static void advance(struct insn_emu *e, unsigned reg, unsigned size)
{
	uint64_t delta = (e->cpu->rflags & FL_DF) ? 0 - (uint64_t)size : size;
	addr_reg_set(e, reg, addr_reg(e, reg) + delta);
}

/* REPE ends when ZF is clear, REPNE when it is set (CMPS and SCAS only). */
static bool repeat_ends(const struct insn_emu *e)
{
	bool zf = e->cpu->rflags & FL_ZF;
	return e->d.rep == 0xF3 ? !zf : zf;
}

/* Runs step once, or (with a REP prefix) while rCX is not 0, at most INSN_REP_BATCH times. */
static enum insn_result string_run(struct insn_emu *e, string_step step, unsigned size, bool conditional)
{
	if (!e->d.rep)
		return step(e, size);
	for (unsigned i = 0; i < INSN_REP_BATCH; i++) {
		uint64_t count = addr_reg(e, REG_RCX);
		if (count == 0)
			return INSN_OK;
		enum insn_result r = step(e, size);
		if (r != INSN_OK)
			return r;
		addr_reg_set(e, REG_RCX, count - 1);
		if (conditional && repeat_ends(e))
			return INSN_OK;
	}
	e->restart = addr_reg(e, REG_RCX) != 0;
	return INSN_OK;
}

/* Both operands are checked and translated before either is touched (a device read is not
 * repeated because the write then faults). */
static enum insn_result step_movs(struct insn_emu *e, unsigned size)
{
	struct insn_memref src, dst;
	uint64_t v;
	enum insn_result r = insn_mem_resolve(e, e->d.seg, addr_reg(e, REG_RSI), size, INSN_MEM_READ, &src);
	if (r == INSN_OK)
		r = insn_mem_resolve(e, INSN_SEG_ES, addr_reg(e, REG_RDI), size, INSN_MEM_WRITE, &dst);
	if (r == INSN_OK)
		r = insn_mem_load(e, &src, size, &v);
	if (r == INSN_OK)
		r = insn_mem_store(e, &dst, size, v);
	if (r == INSN_OK) {
		advance(e, REG_RSI, size);
		advance(e, REG_RDI, size);
	}
	return r;
}

static enum insn_result step_cmps(struct insn_emu *e, unsigned size)
{
	struct insn_memref src, dst;
	uint64_t a, b;
	enum insn_result r = insn_mem_resolve(e, e->d.seg, addr_reg(e, REG_RSI), size, INSN_MEM_READ, &src);
	if (r == INSN_OK)
		r = insn_mem_resolve(e, INSN_SEG_ES, addr_reg(e, REG_RDI), size, INSN_MEM_READ, &dst);
	if (r == INSN_OK)
		r = insn_mem_load(e, &src, size, &a);
	if (r == INSN_OK)
		r = insn_mem_load(e, &dst, size, &b);
	if (r != INSN_OK)
		return r;
	insn_flags_set(&e->cpu->rflags, FL_STATUS, insn_flags_sub(a, b, 0, size));
	advance(e, REG_RSI, size);
	advance(e, REG_RDI, size);
	return INSN_OK;
}

static enum insn_result step_stos(struct insn_emu *e, unsigned size)
{
	uint64_t v = insn_reg_get(e->cpu, REG_RAX, size, false);
	enum insn_result r = insn_mem_write(e, INSN_SEG_ES, addr_reg(e, REG_RDI), size, v);
	if (r == INSN_OK)
		advance(e, REG_RDI, size);
	return r;
}

static enum insn_result step_lods(struct insn_emu *e, unsigned size)
{
	uint64_t v;
	enum insn_result r = insn_mem_read(e, e->d.seg, addr_reg(e, REG_RSI), size, &v);
	if (r == INSN_OK) {
		insn_reg_set(e->cpu, REG_RAX, size, false, v);
		advance(e, REG_RSI, size);
	}
	return r;
}

static enum insn_result step_scas(struct insn_emu *e, unsigned size)
{
	uint64_t v;
	enum insn_result r = insn_mem_read(e, INSN_SEG_ES, addr_reg(e, REG_RDI), size, &v);
	if (r == INSN_OK) {
		insn_flags_set(&e->cpu->rflags, FL_STATUS, insn_flags_sub(e->cpu->gpr[REG_RAX], v, 0, size));
		advance(e, REG_RDI, size);
	}
	return r;
}

static enum insn_result port_access(struct insn_emu *e, unsigned size, bool write, uint64_t *v)
{
	uint16_t port = (uint16_t)e->cpu->gpr[REG_RDX];
	uint32_t value = (uint32_t)*v;
	if (!e->ops->port(e->ops->ctx, port, size, write, &value))
		return insn_port_error(e->out, port, size, write);
	*v = insn_trunc(value, size);
	return INSN_OK;
}

/* The destination is checked before the port is read, so a fault loses no input. */
static enum insn_result step_ins(struct insn_emu *e, unsigned size)
{
	struct insn_memref dst;
	uint64_t v = 0, di = addr_reg(e, REG_RDI);
	enum insn_result r = insn_mem_resolve(e, INSN_SEG_ES, di, size, INSN_MEM_WRITE, &dst);
	if (r == INSN_OK)
		r = port_access(e, size, false, &v);
	if (r == INSN_OK)
		r = insn_mem_store(e, &dst, size, v);
	if (r == INSN_OK)
		advance(e, REG_RDI, size);
	return r;
}

static enum insn_result step_outs(struct insn_emu *e, unsigned size)
{
	uint64_t v;
	enum insn_result r = insn_mem_read(e, e->d.seg, addr_reg(e, REG_RSI), size, &v);
	if (r == INSN_OK)
		r = port_access(e, size, true, &v);
	if (r == INSN_OK)
		advance(e, REG_RSI, size);
	return r;
}

/* Port I/O has no 64-bit form: REX.W leaves INS and OUTS at 32 bits. */
static unsigned port_size(const struct insn_emu *e)
{
	return e->d.opsize < 4 ? e->d.opsize : 4;
}

enum insn_result insn_exec_movs(struct insn_emu *e) { return string_run(e, step_movs, e->d.opsize, false); }
enum insn_result insn_exec_cmps(struct insn_emu *e) { return string_run(e, step_cmps, e->d.opsize, true); }
enum insn_result insn_exec_stos(struct insn_emu *e) { return string_run(e, step_stos, e->d.opsize, false); }
enum insn_result insn_exec_lods(struct insn_emu *e) { return string_run(e, step_lods, e->d.opsize, false); }
enum insn_result insn_exec_scas(struct insn_emu *e) { return string_run(e, step_scas, e->d.opsize, true); }
enum insn_result insn_exec_ins(struct insn_emu *e) { return string_run(e, step_ins, port_size(e), false); }
enum insn_result insn_exec_outs(struct insn_emu *e) { return string_run(e, step_outs, port_size(e), false); }
