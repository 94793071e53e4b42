/* SPDX-License-Identifier: BSD-2-Clause */
/* The host's CMOS real-time clock, read once at boot for the partitions' virtual RTCs. */
#ifndef DRIVERS_CMOS_CLOCK_H
#define DRIVERS_CMOS_CLOCK_H

#include "hv/lib/types.h"

/* Seconds since 1970-01-01 00:00:00 UTC from the host's RTC (taken as UTC); 0 if it reads as
 * no valid date. */
uint64_t cmos_clock_read(void);
/* Days since 1970-01-01 of a Gregorian date (pure). */
uint64_t cmos_days_since_epoch(uint32_t year, uint32_t month, uint32_t day);

#endif
