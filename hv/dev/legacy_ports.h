/* SPDX-License-Identifier: BSD-2-Clause */
/* The legacy PC devices of a partition on its ports: 8254 PIT, RTC/CMOS, 8259 pair, ACPI PM
 * timer, port 0x80; their interrupts through the partition's IOAPIC. */
#ifndef HV_DEV_LEGACY_PORTS_H
#define HV_DEV_LEGACY_PORTS_H

#include "hv/lib/types.h"

struct partition;

#define PM_TIMER_PORT 0x608 /* where the partition's ACPI tables (FADT X_PM_TMR_BLK) put it */

/* The devices at power-on; wall_secs: the RTC's time (seconds since 1970, UTC). */
void legacy_reset(struct partition *p, uint64_t wall_secs, bool keep_cmos);
/* Any core: delivers the timer interrupts that are due (PIT channel 0 on IOAPIC pin 2, the RTC
 * on pin 8); cheap when nothing is due. */
void legacy_poll(struct partition *p);

#endif
