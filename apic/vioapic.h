/* SPDX-License-Identifier: BSD-2-Clause */
/* The partition's IOAPIC (24 pins at 0xFEC00000): routes device interrupts to its vCPUs. */
#ifndef APIC_VIOAPIC_H
#define APIC_VIOAPIC_H

#include "apic/vstate.h"

struct partition;
struct exit_ctx;

void vioapic_reset(struct vioapic *io);
/* An MMIO access to the IOAPIC page (offset 0x00 IOREGSEL, 0x10 IOWIN); returns what a read gets. */
uint32_t vioapic_access(struct exit_ctx *x, uint64_t offset, bool write, uint32_t value);
/* Its registers, for the coverage lines of fuzz builds (hv/partition/dev_cover.h). */
extern const struct cover_regs vioapic_cover_regs;
/* A device's interrupt line (the caller holds the partition's dev_lock): asserted or not. An
 * edge pin delivers on the rising edge; a level pin while asserted and not awaiting its EOI. */
void vioapic_set_line(struct partition *p, uint32_t pin, bool asserted);
/* A pulse on pin (assert, then deassert): one interrupt, edge or level (dev_lock held). */
void vioapic_raise(struct partition *p, uint32_t pin);
/* Any core: the EOI of a level-triggered vector from a local APIC (takes the dev_lock). */
void vioapic_eoi(struct partition *p, uint8_t vector);
/* The partition's hypervisor core, often: level pins EOIed and still asserted deliver again. */
void vioapic_poll(struct partition *p);

#endif
