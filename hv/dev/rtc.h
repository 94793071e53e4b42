/* SPDX-License-Identifier: BSD-2-Clause */
/* MC146818 RTC and CMOS RAM at ports 0x70/0x71, as a pure state machine over TSC time. */
#ifndef HV_DEV_RTC_H
#define HV_DEV_RTC_H

#include "hv/dev/legacy.h"

/*
 * Time is kept as seconds since 1970-01-01 (proleptic Gregorian, years 0-9999 through the
 * century register) plus a 32.768 kHz divider chain derived exactly from the TSC; the clock
 * updates on every 32768th divider tick, the periodic interrupt on every 2^(RS-1)th.
 *
 * What it does (MC146818A and ICH RTC datasheets):
 *  - port 0x70: the register index (bits 6-0) and the NMI mask bit 7, both kept and read back;
 *    port 0x71: the selected register;
 *  - 0x00-0x09: seconds, alarm seconds, minutes, alarm minutes, hours, alarm hours, day of
 *    week (1-7, Sunday 1), day of month, month, year; 0x32: the century. They read in the
 *    format register B selects (BCD or binary, 24-hour or 12-hour with bit 7 = PM), and a
 *    change of format converts them (the chip would reinterpret its bytes). The alarms keep
 *    what was written; 0xC0-0xFF is "don't care";
 *  - A: UIP (bit 7, read-only) is set for the 244 us (8 divider ticks) before each update;
 *    DV (bits 6-4) 11x holds the divider in reset (the clock stops; the first update comes
 *    500 ms after DV leaves reset), any other value runs at 32.768 kHz; RS (bits 3-0) picks
 *    the periodic rate (0 none, 1 and 2 as 8 and 9, else 65536 >> RS Hz);
 *  - B: SET stops updates (and clears UIE) and time writes land in the held registers, taken
 *    as the new time when SET clears (day 31 in a 30-day month rolls over then); without SET a
 *    time write changes the running clock at once and the update phase is kept; PIE, AIE, UIE;
 *    DM and 24/12; SQWE and DSE are stored only;
 *  - C: PF, AF, UF are set when their events happen whatever the enables, IRQF when one is
 *    set with its enable; reading C clears it. The interrupt (RTC_ISA_IRQ) is the rising edge
 *    of IRQF: while C is unread no further interrupt comes (as the real IRQ8 line stays
 *    asserted), which is how a late guest's periodic interrupts coalesce;
 *  - D: VRT (bit 7) reads 1; C and D ignore writes;
 *  - 0x0E-0x7F but 0x32: 113 bytes of CMOS RAM keeping what the guest writes (zero at power-on;
 *    battery-backed: a partition restart keeps them, hv/dev/legacy_ports.c).
 *
 * What it does not do: the upper 128 bytes (ports 0x72/0x73), daylight saving (DSE), the
 * square-wave pin, the divider's test and alternate time bases (all run as 32.768 kHz), the
 * 1984 us during which a real update cycle hides the registers (the update is instantaneous),
 * separate day-of-week counting (it follows the date; a guest's write of register 6 shifts it),
 * battery or power loss (VRT is always 1).
 */

#define RTC_DIV_HZ 32768u

enum rtc_field { RTC_SEC, RTC_MIN, RTC_HOUR, RTC_WDAY, RTC_MDAY, RTC_MON, RTC_YEAR,
		 RTC_CENTURY, RTC_FIELDS };

struct rtc {
	uint64_t tsc_hz;
	uint64_t div_tsc;       /* TSC at which the divider stood at div_phase ticks */
	uint64_t div_phase;     /* divider ticks at div_tsc (16384 after a divider reset) */
	uint64_t seen;          /* divider tick up to which events are in reg_c */
	int64_t sec_bias;       /* clock seconds = sec_bias + divider ticks / 32768 */
	uint8_t held[RTC_FIELDS]; /* the time, binary, while stopped */
	bool stopped;           /* SET or divider reset: the time is held */
	bool irq_due;           /* an IRQF rising edge waits for rtc_tick */
	uint8_t wday_adj;       /* day of week as written minus as computed, mod 7 */
	uint8_t index;          /* port 0x70 as written */
	uint8_t reg_a, reg_b, reg_c;
	uint8_t alarm[3];       /* alarm seconds, minutes, hours as written */
	uint8_t ram[128];       /* CMOS RAM by register number (0x0E-0x7F, 0x32 unused) */
	uint64_t irqs_delivered;
};

/* Power-on state at TSC now, the clock at wall_secs (seconds since 1970-01-01 00:00:00;
 * the host's UTC), 24-hour BCD, 1024 Hz periodic rate selected, no interrupt enabled. */
void rtc_reset(struct rtc *r, uint64_t now, uint64_t tsc_hz, uint64_t wall_secs);
/* An IN from port 0x70 or 0x71 (others read 0xFF). */
uint8_t rtc_read(struct rtc *r, uint16_t port, uint64_t now);
/* An OUT to port 0x70 or 0x71 (others are ignored). */
void rtc_write(struct rtc *r, uint16_t port, uint8_t value, uint64_t now);
/* TSC of the next IRQF edge (now if one is due), or LEGACY_NO_EVENT. */
uint64_t rtc_next_event(struct rtc *r, uint64_t now);
/* Raises RTC_ISA_IRQ through raise when an IRQF edge is due. */
void rtc_tick(struct rtc *r, uint64_t now, legacy_raise_fn *raise, void *ctx);

#endif
