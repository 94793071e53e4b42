/* SPDX-License-Identifier: BSD-2-Clause */
/* IOAPIC driver: masks every pin at boot; routes pins to hypervisor cores. */
#ifndef APIC_IOAPIC_H
#define APIC_IOAPIC_H

#include "hv/lib/types.h"

uint32_t ioapic_pin_count(uint64_t base);
void ioapic_mask_all(uint64_t base);
void ioapic_route(uint64_t base, uint32_t pin, uint8_t vector, uint32_t dest_apic_id);
void ioapic_mask(uint64_t base, uint32_t pin);
/* Masks the two legacy 8259 PICs so no interrupt arrives through them. */
void pic_disable(void);

#endif
