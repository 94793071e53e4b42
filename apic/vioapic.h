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
/* A device raises pin: the routed vector goes to the routed vCPU (no exit in exitless mode). */
void vioapic_raise(struct partition *p, uint32_t pin);

#endif
