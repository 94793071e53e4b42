/* SPDX-License-Identifier: BSD-2-Clause */
/* The host's CMOS real-time clock, read once at boot for the partitions' virtual RTCs. */
#include "drivers/cmos_clock.h"
#include "hv/cpu.h"

enum { SEC = 0, MIN = 2, HOUR = 4, MDAY = 7, MON = 8, YEAR = 9, STATUS_A = 0x0A, STATUS_B = 0x0B, CENTURY = 0x32 };

static uint8_t cmos_read(uint8_t reg)
{
	outb(0x70, reg); /* NMI stays enabled: bit 7 clear */
	return inb(0x71);
}

static uint32_t from_bcd(uint8_t v, bool bcd) { return bcd ? (v >> 4) * 10u + (v & 15u) : v; }

uint64_t cmos_days_since_epoch(uint32_t year, uint32_t month, uint32_t day)
{
	/* days before each month in a common year */
	static const uint16_t before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	uint64_t y = year - 1, days = 365ULL * (year - 1970);
	days += (y / 4 - y / 100 + y / 400) - (1969 / 4 - 1969 / 100 + 1969 / 400); /* leap days since */
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return days + before[month - 1] + (leap && month > 2) + day - 1;
}

uint64_t cmos_clock_read(void)
{
	for (int i = 0; i < 100000 && (cmos_read(STATUS_A) & 0x80); i++)
		cpu_pause(); /* an update is in progress: the registers are about to change */
	bool bcd = !(cmos_read(STATUS_B) & 4), h24 = cmos_read(STATUS_B) & 2;
	uint8_t hour_raw = cmos_read(HOUR);
	uint32_t hour = from_bcd(hour_raw & 0x7F, bcd), year = from_bcd(cmos_read(YEAR), bcd);
	uint32_t century = from_bcd(cmos_read(CENTURY), bcd), mon = from_bcd(cmos_read(MON), bcd);
	uint32_t mday = from_bcd(cmos_read(MDAY), bcd);
	if (!h24)
		hour = (hour % 12) + ((hour_raw & 0x80) ? 12 : 0);
	year += (century >= 19 && century <= 99 ? century : 20) * 100;
	if (mon < 1 || mon > 12 || mday < 1 || mday > 31 || year < 1970 || hour > 23)
		return 0;
	return cmos_days_since_epoch(year, mon, mday) * 86400 + hour * 3600ULL +
	       from_bcd(cmos_read(MIN), bcd) * 60ULL + from_bcd(cmos_read(SEC), bcd);
}
