/* SPDX-License-Identifier: BSD-2-Clause */
/* The partition's IOAPIC (24 pins at 0xFEC00000): routes device interrupts to its vCPUs. */
#include "apic/vioapic.h"
#include "apic/lapic.h"
#include "apic/vdeliver.h"
#include "hv/partition/partition.h"
#include "hv/dev/assign.h"
#include "hv/percpu.h"
#include "hv/partition/vcpu.h"

#define REDIR_MASKED (1ULL << 16)

void vioapic_reset(struct vioapic *io)
{
	io->select = 0;
	io->id = 0;
	for (int i = 0; i < VIOAPIC_PINS; i++)
		io->redir[i] = REDIR_MASKED;
}

static uint32_t read_reg(const struct vioapic *io, uint32_t reg)
{
	if (reg == 0)
		return io->id << 24;
	if (reg == 1)
		return ((VIOAPIC_PINS - 1) << 16) | 0x20; /* version 0x20, 24 entries */
	if (reg >= 0x10 && reg < 0x10 + 2 * VIOAPIC_PINS) {
		uint64_t e = io->redir[(reg - 0x10) / 2];
		return (reg & 1) ? (uint32_t)(e >> 32) : (uint32_t)e;
	}
	return 0;
}

static void write_reg(struct vioapic *io, uint32_t reg, uint32_t v)
{
	if (reg == 0) {
		io->id = (v >> 24) & 0xF;
	} else if (reg >= 0x10 && reg < 0x10 + 2 * VIOAPIC_PINS) {
		uint64_t *e = &io->redir[(reg - 0x10) / 2];
		if (reg & 1)
			*e = (*e & 0xFFFFFFFFULL) | ((uint64_t)v << 32);
		else
			*e = (*e & ~0xFFFFFFFFULL) | (v & ~(1u << 12 | 1u << 14)); /* status bits read-only */
	}
}

uint32_t vioapic_access(struct exit_ctx *x, uint64_t offset, bool write, uint32_t value)
{
	struct partition *p = x->vcpu->part;
	struct vioapic *io = &p->ioapic;
	if (offset == 0x00) {
		if (write)
			io->select = value & 0xFF;
		return io->select;
	}
	if (offset == 0x10) {
		if (write) {
			write_reg(io, io->select, value);
			if (io->select >= 0x10 && io->select < 0x10 + 2 * VIOAPIC_PINS)
				assign_route(p, (io->select - 0x10) / 2, io->redir[(io->select - 0x10) / 2]);
		}
		return read_reg(io, io->select);
	}
	return 0; /* EOI register and the rest: nothing to do for edge-triggered pins */
}

static struct vcpu *destination(struct partition *p, uint64_t e)
{
	uint32_t dest = (uint32_t)(e >> 56);
	for (uint32_t i = 0; i < p->nvcpus; i++) {
		struct vcpu *v = p->vcpu[i];
		bool hit = (e & (1ULL << 11)) ? (vapic_ldr(v->index) & dest & 0xFF) != 0 : v->index == dest;
		if (hit)
			return v;
	}
	return 0;
}

void vioapic_raise(struct partition *p, uint32_t pin)
{
	if (pin >= VIOAPIC_PINS)
		return;
	uint64_t e = p->ioapic.redir[pin];
	uint8_t vector = (uint8_t)e;
	struct vcpu *v = destination(p, e);
	if ((e & REDIR_MASKED) || vector < 16 || !v || v->state != VCPU_RUNNING) {
		p->dropped_irqs++;
		return;
	}
	if (v->exitless)
		lapic_send_fixed(percpu_of(v->cpu)->apic_id, vector); /* straight into the guest */
	else
		vlapic_post(v, vector);
}
