/* SPDX-License-Identifier: BSD-2-Clause */
/* The emulated local APIC's registers as the guest reaches them: xAPIC MMIO and x2APIC MSRs,
 * one table of what each register is, who may read or write it and what a write does. */
#include "apic/vlapic_regs.h"
#include "apic/vdeliver.h"
#include "apic/vicr.h"
#include "apic/vlapic.h"
#include "hv/lib/fmt.h"
#include "hv/partition/partition.h"

enum {
	R = 1u << 0,        /* readable */
	W = 1u << 1,        /* writable */
	XAPIC = 1u << 2,    /* xAPIC only (no x2APIC MSR) */
	X2APIC = 1u << 3,   /* x2APIC only (no MMIO register) */
};

struct reg_access {
	struct exit_ctx *x;
	struct vcpu *v;
	struct vlapic *a;
	uint32_t offset;
	bool x2apic;
};

typedef uint64_t (*reg_read_fn)(const struct reg_access *r);
typedef void (*reg_write_fn)(const struct reg_access *r, uint64_t value);

struct reg_desc {
	uint8_t flags;
	uint32_t writable;     /* bits a write may set (x2APIC: others set #GP) */
	reg_read_fn read;      /* 0: the register's value in the page */
	reg_write_fn write;    /* 0: store the writable bits in the page */
};

static uint32_t page(const struct reg_access *r) { return vlapic_get(r->a, r->offset); }
static void store(const struct reg_access *r, uint64_t v) { *vlapic_reg(r->a, r->offset) = (uint32_t)v; }

static uint64_t read_zero(const struct reg_access *r) { UNUSED(r); return 0; }
static uint64_t read_ppr(const struct reg_access *r) { return vlapic_ppr(r->a); }
static uint64_t read_dfr(const struct reg_access *r) { return page(r) | 0x0FFFFFFFu; }
static uint64_t read_count(const struct reg_access *r) { return vlapic_current_count(r->a); }

static uint64_t read_icr(const struct reg_access *r)
{
	uint64_t low = page(r) & ~(1u << 12); /* delivery status: always idle, sending is immediate */
	return r->x2apic ? low | ((uint64_t)vlapic_get(r->a, VLAPIC_ICR + 0x10) << 32) : low;
}

static void write_eoi(const struct reg_access *r, uint64_t v) { UNUSED(v); vlapic_eoi(r->v); }
static void write_svr(const struct reg_access *r, uint64_t v) { vapic_write_svr(r->a, (uint32_t)v); }
static void write_self_ipi(const struct reg_access *r, uint64_t v) { vlapic_self_ipi(r->a, (uint8_t)v); }

/* ESR: a write moves the errors seen since the last write into the register (SDM 11.5.3). */
static void write_esr(const struct reg_access *r, uint64_t v)
{
	UNUSED(v);
	store(r, r->a->esr_pending);
	r->a->esr_pending = 0;
}

/* A timer mode change disarms the timer: no deadline, no count (SDM 11.5.4.1). */
static void write_lvt(const struct reg_access *r, uint64_t v)
{
	uint32_t old = page(r), now = vapic_lvt_value(r->a, r->offset, (uint32_t)v);
	store(r, now);
	if (r->offset != VLAPIC_LVT_TIMER)
		return;
	if (((old ^ now) >> 17) & 3) {
		r->a->tsc_deadline = 0;
		*vlapic_reg(r->a, VLAPIC_INIT_COUNT) = 0;
	}
	vlapic_arm_timer(r->a);
}

static void write_init_count(const struct reg_access *r, uint64_t v)
{
	store(r, v);
	vlapic_arm_timer(r->a);
}

static void write_divide(const struct reg_access *r, uint64_t v) { vlapic_set_divide(r->a, (uint32_t)v); }

static void write_icr(const struct reg_access *r, uint64_t v)
{
	store(r, v & 0xFFFFFFFFu);
	if (r->x2apic) {
		*vlapic_reg(r->a, VLAPIC_ICR + 0x10) = (uint32_t)(v >> 32);
		vapic_write_icr(r->x, v);
	} else {
		vapic_write_icr_xapic(r->x, ((uint64_t)vlapic_get(r->a, VLAPIC_ICR + 0x10) << 32) | (uint32_t)v);
	}
}

#define REG(off) [(off) >> 4]
#define WIDE8(off, flags) REG(off) = { flags, 0, 0, 0 }, REG(off + 0x10) = { flags, 0, 0, 0 }, \
	REG(off + 0x20) = { flags, 0, 0, 0 }, REG(off + 0x30) = { flags, 0, 0, 0 }, \
	REG(off + 0x40) = { flags, 0, 0, 0 }, REG(off + 0x50) = { flags, 0, 0, 0 }, \
	REG(off + 0x60) = { flags, 0, 0, 0 }, REG(off + 0x70) = { flags, 0, 0, 0 }

/* Every register of the local APIC by offset / 16 (SDM table "Local APIC Register Address
 * Map" and the x2APIC MSR table, MSR 0x800 + offset / 16); empty slots are reserved. */
static const struct reg_desc regs[64] = {
	REG(VLAPIC_ID) = { R | W, 0xFF000000u, 0, 0 },            /* writable in xAPIC mode */
	REG(VLAPIC_VERSION) = { R, 0, 0, 0 },
	REG(VLAPIC_TPR) = { R | W, 0xFF, 0, 0 },
	REG(0x90) = { R | XAPIC, 0, read_zero, 0 },                /* arbitration priority */
	REG(VLAPIC_PPR) = { R, 0, read_ppr, 0 },
	REG(0xB0) = { W, 0, 0, write_eoi },                        /* EOI */
	REG(0xC0) = { R | XAPIC, 0, read_zero, 0 },                /* remote read */
	REG(VLAPIC_LDR) = { R | W, 0xFF000000u, 0, 0 },           /* writable in xAPIC mode */
	REG(VLAPIC_DFR) = { R | W | XAPIC, 0xF0000000u, read_dfr, 0 },
	REG(VLAPIC_SVR) = { R | W, 0x1FF, 0, write_svr },
	WIDE8(VLAPIC_ISR, R), WIDE8(VLAPIC_TMR, R), WIDE8(VLAPIC_IRR, R),
	REG(VLAPIC_ESR) = { R | W, 0, 0, write_esr },
	REG(VLAPIC_ICR) = { R | W, 0xCDFFFu, read_icr, write_icr },
	REG(VLAPIC_ICR + 0x10) = { R | W | XAPIC, 0xFF000000u, 0, 0 },
	REG(VLAPIC_LVT_TIMER) = { R | W, 0x700FF, 0, write_lvt },
	REG(0x330) = { R | W, 0x107FF, 0, write_lvt },             /* thermal */
	REG(0x340) = { R | W, 0x107FF, 0, write_lvt },             /* performance counters */
	REG(0x350) = { R | W, 0x1A7FF, 0, write_lvt },             /* LINT0 */
	REG(0x360) = { R | W, 0x1A7FF, 0, write_lvt },             /* LINT1 */
	REG(0x370) = { R | W, 0x100FF, 0, write_lvt },             /* error */
	REG(VLAPIC_INIT_COUNT) = { R | W, 0xFFFFFFFFu, 0, write_init_count },
	REG(VLAPIC_CUR_COUNT) = { R, 0, read_count, 0 },
	REG(VLAPIC_DIVIDE) = { R | W, 0xB, 0, write_divide },
	REG(0x3F0) = { W | X2APIC, 0xFF, 0, write_self_ipi },      /* SELF IPI */
};

static const struct reg_desc *find_reg(uint32_t offset, bool x2apic)
{
	if (offset >= 0x400)
		return 0; /* x2APIC MSRs 0x840-0x8FF are all reserved */
	const struct reg_desc *d = &regs[offset >> 4];
	if (!d->flags || (x2apic && (d->flags & XAPIC)) || (!x2apic && (d->flags & X2APIC)))
		return 0;
	return d;
}

static uint64_t do_read(const struct reg_desc *d, const struct reg_access *r)
{
	return d->read ? d->read(r) : page(r);
}

static void do_write(const struct reg_desc *d, const struct reg_access *r, uint64_t v)
{
	if (d->write)
		d->write(r, v & d->writable);
	else
		store(r, (page(r) & ~d->writable) | (v & d->writable));
}

static const char *cover_device(uint32_t slot) { UNUSED(slot); return "local APIC"; }

static bool cover_reg(uint32_t slot, char *buf, size_t size)
{
	if (slot >= ARRAY_SIZE(regs) || !regs[slot].flags)
		return false;
	fmt_snprintf(buf, size, "0x%x", slot << 4);
	return true;
}

const struct cover_regs vlapic_cover_regs = { COVER_LAPIC, cover_device, cover_reg };

/* x2APIC mode fixes what xAPIC lets software write: the ID and the LDR are read-only. */
static bool x2apic_read_only(uint32_t offset) { return offset == VLAPIC_ID || offset == VLAPIC_LDR; }

bool vlapic_x2apic_read(struct vcpu *v, uint32_t msr, uint64_t *value)
{
	struct reg_access r = { 0, v, &v->vlapic, (msr - 0x800) << 4, true };
	const struct reg_desc *d = find_reg(r.offset, true);
	if (d)
		dev_cover_hit(v->part, COVER_LAPIC, r.offset >> 4, false);
	if (!d || !(d->flags & R))
		return false;
	*value = do_read(d, &r);
	return true;
}

bool vlapic_x2apic_write(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	struct reg_access r = { x, x->vcpu, &x->vcpu->vlapic, (msr - 0x800) << 4, true };
	const struct reg_desc *d = find_reg(r.offset, true);
	uint64_t writable = r.offset == VLAPIC_ICR ? 0xFFFFFFFF000CDFFFULL : d ? d->writable : 0;
	if (d)
		dev_cover_hit(x->vcpu->part, COVER_LAPIC, r.offset >> 4, true);
	if (!d || !(d->flags & W) || x2apic_read_only(r.offset) || (value & ~writable))
		return false;
	if (r.offset == VLAPIC_ICR)
		write_icr(&r, value);
	else
		do_write(d, &r, value);
	return true;
}

uint32_t vlapic_mmio(struct exit_ctx *x, uint32_t offset, bool write, uint32_t value)
{
	struct reg_access r = { x, x->vcpu, &x->vcpu->vlapic, offset & 0xFF0, false };
	const struct reg_desc *d = find_reg(r.offset, false);
	if (!d) {
		r.a->esr_pending |= ESR_ILLEGAL_REGISTER;
		return 0;
	}
	dev_cover_hit(x->vcpu->part, COVER_LAPIC, r.offset >> 4, write);
	if (write && (d->flags & W))
		do_write(d, &r, value);
	return !write && (d->flags & R) ? (uint32_t)do_read(d, &r) : 0;
}

uint64_t vlapic_read_tsc_deadline(struct vcpu *v)
{
	struct vlapic *a = &v->vlapic;
	return ((vlapic_get(a, VLAPIC_LVT_TIMER) >> 17) & 3) == 2 ? a->tsc_deadline : 0;
}

void vlapic_write_tsc_deadline(struct vcpu *v, uint64_t deadline)
{
	struct vlapic *a = &v->vlapic;
	if (((vlapic_get(a, VLAPIC_LVT_TIMER) >> 17) & 3) != 2)
		return; /* ignored outside TSC-deadline mode */
	a->tsc_deadline = deadline;
	vlapic_arm_timer(a);
}
