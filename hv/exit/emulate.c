/* SPDX-License-Identifier: BSD-2-Clause */
/* Instruction emulation for exits: the guest's state, memory, device pages and ports for hv/insn. */
#include "hv/exit/emulate.h"
#include "apic/vbase.h"
#include "apic/vioapic.h"
#include "apic/vlapic_regs.h"
#include "hv/dev/ports.h"
#include "hv/exit/ctx.h"
#include "hv/lib/fmt.h"
#include "hv/lib/spinlock.h"
#include "hv/lib/string.h"
#include "hv/insn/walk.h"
#include "hv/partition/partition.h"

/* The callbacks' context: the exit, and why a device refused an access. */
struct emulation {
	struct exit_ctx *x;
	char refused[120];
};

/* Copies between a guest-physical range and the hypervisor, page by page. */
static bool ram_copy(struct partition *p, uint64_t gpa, void *buf, unsigned len, bool write)
{
	uint8_t *b = buf;
	while (len) {
		unsigned chunk = (unsigned)(PAGE_SIZE - (gpa & (PAGE_SIZE - 1)));
		chunk = chunk < len ? chunk : len;
		uint64_t hpa = gpa < p->memory ? partition_gpa_to_hpa(p, gpa) : 0;
		if (!hpa)
			return false;
		void *host = (void *)(uintptr_t)hpa;
		memcpy(write ? host : b, write ? (const void *)b : host, chunk);
		gpa += chunk, b += chunk, len -= chunk;
	}
	return true;
}

static bool ram_read(void *ctx, uint64_t gpa, void *dst, unsigned len)
{
	return ram_copy(((struct emulation *)ctx)->x->vcpu->part, gpa, dst, len, false);
}

static bool ram_write(void *ctx, uint64_t gpa, const void *src, unsigned len)
{
	return ram_copy(((struct emulation *)ctx)->x->vcpu->part, gpa, (void *)(uintptr_t)src, len, true);
}

static bool is_xapic_page(const struct exit_ctx *x, uint64_t gpa)
{
	return !x->vcpu->exitless && (gpa & ~0xFFFULL) == vapic_xapic_page(x->vcpu);
}

static bool is_mmio(void *ctx, uint64_t gpa)
{
	const struct exit_ctx *x = ((struct emulation *)ctx)->x;
	return gpa >= x->vcpu->part->memory || (gpa & ~0xFFFULL) == VIOAPIC_BASE || is_xapic_page(x, gpa);
}

/* Device registers are 32 bits wide: an access must sit inside one (a read of part of one
 * returns its bytes); wider or straddling accesses are refused with a message. */
static bool register_access(struct emulation *e, uint64_t gpa, unsigned size, bool write, uint64_t *value,
			    const char *device)
{
	unsigned at = (unsigned)(gpa & 3);
	if (at + size > 4 || (write && size != 4)) {
		fmt_snprintf(e->refused, sizeof(e->refused), "%u-byte %s at 0x%llx: %s registers take aligned "
			     "32-bit accesses", size, write ? "write" : "read", (unsigned long long)gpa, device);
		return false;
	}
	struct exit_ctx *x = e->x;
	uint32_t v = (uint32_t)*value, r;
	if ((gpa & ~0xFFFULL) == VIOAPIC_BASE) {
		spin_lock(&x->vcpu->part->dev_lock);
		r = vioapic_access(x, gpa & 0xFFC, write, v);
		spin_unlock(&x->vcpu->part->dev_lock);
	} else {
		r = vlapic_mmio(x, (uint32_t)(gpa & 0xFF0), write, v);
	}
	if (!write)
		*value = (r >> (8 * at)) & (size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1);
	return true;
}

static bool mmio(void *ctx, uint64_t gpa, unsigned size, bool write, uint64_t *value)
{
	struct emulation *e = ctx;
	if ((gpa & ~0xFFFULL) == VIOAPIC_BASE)
		return register_access(e, gpa, size, write, value, "IOAPIC");
	if (is_xapic_page(e->x, gpa))
		return register_access(e, gpa, size, write, value, "local APIC");
	return false; /* outside the partition: the caller names the access */
}

static bool port(void *ctx, uint16_t nr, unsigned size, bool write, uint32_t *value)
{
	ports_access(((struct emulation *)ctx)->x, nr, size, write, value);
	return true;
}

/* RAX RCX RDX RBX RSP RBP RSI RDI R8-R15: struct guest_regs lacks RSP, which the VMCS holds. */
static void load_cpu(const struct exit_ctx *x, struct insn_cpu *c)
{
	const uint64_t *r = (const uint64_t *)&x->regs;
	for (unsigned i = 0; i < 16; i++)
		c->gpr[i] = i < 4 ? r[i] : i == 4 ? x->rsp : r[i - 1];
	c->rip = x->rip;
	c->rflags = x->rflags;
	c->cr0 = x->cr0; /* PE, PG, WP, AM as they are (only NE, CD, NW are shadowed) */
	c->cr2 = x->cr2;
	c->cr3 = x->cr3;
	c->cr4 = x->cr4;
	c->efer = x->efer;
	memcpy(c->seg, x->seg, sizeof(c->seg));
	c->phys_bits = 0;
}

static void store_cpu(struct exit_ctx *x, const struct insn_cpu *c)
{
	uint64_t *r = (uint64_t *)&x->regs;
	for (unsigned i = 0; i < 16; i++)
		if (i != 4)
			r[i < 4 ? i : i - 1] = c->gpr[i];
	x->rsp = c->gpr[4];
	x->rip = c->rip;
	x->rflags = c->rflags;
	x->actions |= ACT_WRITE_REGS | ACT_SET_RIP;
}

static void report(struct exit_ctx *x, enum insn_result r, const struct insn_outcome *o,
		   const struct emulation *e, const char *what)
{
	if (r == INSN_FAULT) {
		exit_inject_exception(x, o->vector, o->has_error, o->error);
		if (o->vector == 14) {
			x->cr2 = o->cr2;
			x->actions |= ACT_WRITE_CR2;
		}
	} else if (r == INSN_UNSUPPORTED) {
		exit_stop(x, STOP_FAULT, x->gpa, "%s: %s", what, o->why);
	} else if (e->refused[0]) {
		exit_stop(x, STOP_FAULT, x->gpa, "%s at RIP 0x%llx: %s", what, (unsigned long long)x->rip,
			  e->refused);
	} else {
		exit_stop(x, STOP_FAULT, x->gpa, "isolation: %s at RIP 0x%llx: %s; a partition only reaches its "
			  "own memory and devices", what, (unsigned long long)x->rip, o->why);
	}
}

/* The code segment's mode for the decoder: 64-bit (EFER.LMA and CS.L), else CS.D. */
static enum insn_mode code_mode(const struct exit_ctx *x)
{
	uint32_t ar = x->seg[INSN_SEG_CS].ar;
	if ((x->efer & (1ULL << 10)) && (ar & (1u << 13)))
		return INSN_MODE_64;
	return (x->cr0 & 1) && !(x->rflags & (1u << 17)) && (ar & (1u << 14)) ? INSN_MODE_32 : INSN_MODE_16;
}

/* The instruction bytes at RIP (paging off: CS base + RIP is the address; on: the guest's
 * tables, walked as a fetch). False: leave it to the full emulator. */
static bool fetch(struct emulation *e, const struct insn_ops *ops, uint8_t *buf, unsigned n)
{
	struct exit_ctx *x = e->x;
	uint64_t la = x->seg[INSN_SEG_CS].base + x->rip, gpa = la;
	if (x->cr0 & (1ULL << 31)) {
		struct insn_cpu cpu;
		struct insn_outcome out;
		load_cpu(x, &cpu);
		if (insn_walk(&cpu, ops, la, 4 /* fetch */, &gpa, &out) != INSN_OK)
			return false;
	}
	unsigned first = (unsigned)(PAGE_SIZE - (gpa & (PAGE_SIZE - 1)));
	return first >= n && ram_read(e, gpa, buf, n);
}

/* The operand's address is the one that faulted, not an access that began on the page before
 * (which would report this page's first byte: only an address at offset 0 needs the check). */
static bool names_the_fault(const struct exit_ctx *x, const struct insn_decoded *d)
{
	if (x->gpa & 0xFFF)
		return true;
	struct insn_cpu c;
	load_cpu(x, &c);
	bool flat = d->mode == INSN_MODE_64 && d->seg != INSN_SEG_FS && d->seg != INSN_SEG_GS;
	uint64_t la = (flat ? 0 : x->seg[d->seg].base) + insn_effective_offset(d, c.gpr, x->rip + d->len);
	return ((la ^ x->gpa) & 0xFFF) == 0;
}

/* The common case, and the one the hot paths take: a 32-bit MOV between a general register (or
 * an immediate) and the device register the exit named. The hardware has done the
 * segmentation and paging of that access already (the EPT violation gives its guest-physical
 * address), so only the instruction is decoded; anything else goes to the full emulator. */
static bool try_mov(struct emulation *e, const struct insn_ops *ops)
{
	struct exit_ctx *x = e->x;
	uint8_t bytes[INSN_MAX_LEN];
	struct insn_decoded d;
	if (x->reason != EXIT_EPT_VIOLATION || !fetch(e, ops, bytes, sizeof(bytes)) ||
	    insn_decode(bytes, sizeof(bytes), code_mode(x), &d) <= 0 || d.map || !d.mem || d.opsize != 4 ||
	    d.rep || d.lock || (d.opcode != 0x89 && d.opcode != 0x8B && (d.opcode != 0xC7 || (d.modrm & 0x38))) ||
	    (d.opcode != 0xC7 && d.reg == 4) || !names_the_fault(x, &d))
		return false;
	uint64_t *r = (uint64_t *)&x->regs, *reg = &r[d.reg < 4 ? d.reg : d.reg - 1];
	uint64_t v = d.opcode == 0xC7 ? (uint32_t)d.imm : (uint32_t)*reg;
	if (!mmio(e, x->gpa, 4, d.opcode != 0x8B, &v))
		return false;
	if (d.opcode == 0x8B) {
		*reg = (uint32_t)v; /* a 32-bit destination zero-extends */
		x->actions |= ACT_WRITE_REGS;
	}
	x->insn_len = d.len;
	x->actions |= ACT_ADVANCE_RIP;
	return true;
}

void exit_emulate(struct exit_ctx *x, const char *what)
{
	struct emulation e; /* refused[] is written only when a device refuses */
	e.x = x;
	e.refused[0] = 0;
	const struct insn_ops ops = { &e, ram_read, ram_write, mmio, port, is_mmio };
	if (try_mov(&e, &ops))
		return;
	struct insn_cpu cpu;
	struct insn_outcome out;
	load_cpu(x, &cpu);
	enum insn_result r = insn_emulate(&cpu, &ops, &out);
	if (r == INSN_OK)
		store_cpu(x, &cpu);
	else
		report(x, r, &out, &e, what);
}
