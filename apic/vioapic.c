/* SPDX-License-Identifier: BSD-2-Clause */
/* The partition's IOAPIC (24 pins at 0xFEC00000), as the 82093AA and ICH datasheets describe
 * it: ID, version 0x20, arbitration, redirection entries, edge and level pins with Remote IRR,
 * EOI from the local APICs' broadcast and from the EOI register. */
#include "apic/vioapic.h"
#include "apic/vdeliver.h"
#include "apic/vdest.h"
#include "hv/dev/assign.h"
#include "hv/lib/fmt.h"
#include "hv/partition/partition.h"
#include "hv/partition/vcpu.h"

#define REDIR_VECTOR 0xFFULL
#define REDIR_MODE(e) (((e) >> 8) & 7)
#define REDIR_LOGICAL (1ULL << 11)
#define REDIR_DELIVERY_STATUS (1ULL << 12) /* read-only */
#define REDIR_REMOTE_IRR (1ULL << 14)      /* read-only */
#define REDIR_LEVEL (1ULL << 15)
#define REDIR_MASKED (1ULL << 16)
#define REDIR_WRITABLE 0xFF0000000001AFFFULL /* vector, mode, dest mode, polarity, trigger, mask, dest */

enum { REG_ID = 0, REG_VERSION = 1, REG_ARBITRATION = 2, REG_REDIR = 0x10 };
#define IOAPIC_VERSION 0x20u /* the ICH's: with the EOI register at offset 0x40 */

void vioapic_reset(struct vioapic *io)
{
	io->select = 0;
	io->id = 0;
	io->line = 0;
	io->recheck = 0;
	for (int i = 0; i < VIOAPIC_PINS; i++)
		io->redir[i] = REDIR_MASKED;
}

static bool is_redir(uint32_t reg) { return reg >= REG_REDIR && reg < REG_REDIR + 2 * VIOAPIC_PINS; }

static uint32_t read_reg(const struct vioapic *io, uint32_t reg)
{
	if (reg == REG_ID || reg == REG_ARBITRATION) /* arbitration ID: loaded from the ID */
		return io->id << 24;
	if (reg == REG_VERSION)
		return ((VIOAPIC_PINS - 1) << 16) | IOAPIC_VERSION;
	if (is_redir(reg)) {
		uint64_t e = io->redir[(reg - REG_REDIR) / 2];
		return (reg & 1) ? (uint32_t)(e >> 32) : (uint32_t)e;
	}
	return 0;
}

/* Sends pin's interrupt message if the pin can deliver now: unmasked, and for a level pin
 * input asserted and no Remote IRR (the last one not yet EOIed). An edge pin's caller saw the
 * rising edge. With exitless interrupts the guest EOIs its own APIC, which no IOAPIC hears: a
 * level pin then delivers on each rising edge, and Remote IRR stays clear. */
static void deliver_pin(struct partition *p, uint32_t pin)
{
	struct vioapic *io = &p->ioapic;
	uint64_t e = io->redir[pin];
	bool level = (e & REDIR_LEVEL) && !p->vcpu[0]->exitless;
	if ((e & REDIR_MASKED) || (level && (!(io->line & (1u << pin)) || (e & REDIR_REMOTE_IRR))))
		return;
	uint32_t targets = vdest_match(p, (uint32_t)(e >> 56), e & REDIR_LOGICAL, false);
	if (REDIR_MODE(e) == DM_LOWEST)
		targets = vdest_lowest_priority(p, targets);
	if (!vapic_send(p, targets, REDIR_MODE(e), (uint8_t)(e & REDIR_VECTOR), level)) {
		p->dropped_irqs++;
		return;
	}
	if (level)
		io->redir[pin] |= REDIR_REMOTE_IRR;
}

static void write_redir(struct partition *p, uint32_t reg, uint32_t v)
{
	uint32_t pin = (reg - REG_REDIR) / 2;
	uint64_t *e = &p->ioapic.redir[pin];
	uint64_t value = (reg & 1) ? (*e & 0xFFFFFFFFULL) | ((uint64_t)v << 32) : (*e & ~0xFFFFFFFFULL) | v;
	*e = (value & REDIR_WRITABLE) | (*e & REDIR_REMOTE_IRR);
	if (!(*e & REDIR_LEVEL))
		*e &= ~REDIR_REMOTE_IRR; /* Remote IRR is undefined for edge pins: keep it clear */
	assign_route(p, pin, *e);
	if (*e & REDIR_LEVEL)
		deliver_pin(p, pin); /* unmasking an asserted level pin delivers it */
}

static void write_reg(struct partition *p, uint32_t reg, uint32_t v)
{
	if (reg == REG_ID)
		p->ioapic.id = (v >> 24) & 0xF;
	else if (is_redir(reg))
		write_redir(p, reg, v);
}

/* The end of a level-triggered interrupt at vector: Remote IRR cleared on every pin that sent
 * it; a pin still asserted delivers again, but only from vioapic_poll, a moment later, as the
 * message would cross the bus: the guest gets past its IRET before the next one. */
static void eoi_locked(struct partition *p, uint8_t vector)
{
	for (uint32_t pin = 0; pin < VIOAPIC_PINS; pin++) {
		uint64_t *e = &p->ioapic.redir[pin];
		if ((*e & REDIR_VECTOR) != vector || !(*e & REDIR_REMOTE_IRR))
			continue;
		*e &= ~REDIR_REMOTE_IRR;
		__atomic_or_fetch(&p->ioapic.recheck, 1u << pin, __ATOMIC_RELEASE);
	}
}

void vioapic_poll(struct partition *p)
{
	if (!__atomic_load_n(&p->ioapic.recheck, __ATOMIC_ACQUIRE))
		return;
	spin_lock(&p->dev_lock);
	uint32_t pins = __atomic_exchange_n(&p->ioapic.recheck, 0, __ATOMIC_ACQ_REL);
	for (uint32_t pin = 0; pin < VIOAPIC_PINS; pin++)
		if (pins & (1u << pin))
			deliver_pin(p, pin);
	spin_unlock(&p->dev_lock);
}

/* Coverage slots: the indirect registers by index (0-2, 0x10-0x3F), IOREGSEL and EOI in two
 * of the unused indexes. */
enum { SLOT_IOREGSEL = 3, SLOT_EOI = 4 };

static bool indirect(uint32_t reg) { return reg <= REG_ARBITRATION || is_redir(reg); }

static const char *cover_device(uint32_t slot) { UNUSED(slot); return "IOAPIC"; }

static bool cover_reg(uint32_t slot, char *buf, size_t size)
{
	static const char *const names[] = { "ID", "VER", "ARB", "IOREGSEL", "EOI" };
	if (slot < ARRAY_SIZE(names))
		fmt_snprintf(buf, size, "%s", names[slot]);
	else if (is_redir(slot))
		fmt_snprintf(buf, size, "REDIR%u.%s", (slot - REG_REDIR) / 2, slot & 1 ? "hi" : "lo");
	return slot < ARRAY_SIZE(names) || is_redir(slot);
}

const struct cover_regs vioapic_cover_regs = { COVER_IOAPIC, cover_device, cover_reg };

uint32_t vioapic_access(struct exit_ctx *x, uint64_t offset, bool write, uint32_t value)
{
	struct partition *p = x->vcpu->part;
	struct vioapic *io = &p->ioapic;
	if (offset == 0x00) {
		dev_cover_hit(p, COVER_IOAPIC, SLOT_IOREGSEL, write);
		if (write)
			io->select = value & 0xFF;
		return io->select;
	}
	if (offset == 0x10) {
		if (indirect(io->select))
			dev_cover_hit(p, COVER_IOAPIC, io->select, write);
		if (write)
			write_reg(p, io->select, value);
		return read_reg(io, io->select);
	}
	if (offset == 0x40 && write) {
		dev_cover_hit(p, COVER_IOAPIC, SLOT_EOI, write);
		eoi_locked(p, (uint8_t)value); /* the version-0x20 EOI register */
	}
	return 0;
}

void vioapic_eoi(struct partition *p, uint8_t vector)
{
	spin_lock(&p->dev_lock);
	eoi_locked(p, vector);
	spin_unlock(&p->dev_lock);
}

void vioapic_set_line(struct partition *p, uint32_t pin, bool asserted)
{
	if (pin >= VIOAPIC_PINS)
		return;
	struct vioapic *io = &p->ioapic;
	bool rising = asserted && !(io->line & (1u << pin));
	if (!asserted) {
		io->line &= ~(1u << pin);
		return;
	}
	io->line |= 1u << pin;
	if (rising || (io->redir[pin] & REDIR_LEVEL))
		deliver_pin(p, pin);
}

void vioapic_raise(struct partition *p, uint32_t pin)
{
	vioapic_set_line(p, pin, false); /* a pulse: a rising edge whatever the line was */
	vioapic_set_line(p, pin, true);
	vioapic_set_line(p, pin, false);
}
