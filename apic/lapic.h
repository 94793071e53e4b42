/* SPDX-License-Identifier: BSD-2-Clause */
/* The host's local APIC in xAPIC or x2APIC mode: IDs, IPIs, NMIs, timer. */
#ifndef APIC_LAPIC_H
#define APIC_LAPIC_H

#include "hv/lib/types.h"

/* Enables the local APIC on the calling CPU; x2APIC where the CPU has it. */
void lapic_init(void);
bool lapic_x2apic(void);
uint32_t lapic_id(void);
void lapic_send_init(uint32_t apic_id);
void lapic_send_sipi(uint32_t apic_id, uint8_t vector_page);
void lapic_send_nmi(uint32_t apic_id);
void lapic_send_nmi_all_but_self(void);
void lapic_send_fixed(uint32_t apic_id, uint8_t vector);
void lapic_eoi(void);
/* An interrupt waits in this core's IRR (vectors 32-255). */
bool lapic_irr_pending(void);
/* One-shot timer on vector after ticks of the APIC timer (divide by 16). */
void lapic_timer_oneshot(uint8_t vector, uint32_t ticks);
void lapic_timer_stop(void);

#endif
