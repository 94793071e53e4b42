/* SPDX-License-Identifier: BSD-2-Clause */
/* MC146818 RTC: calendar clock, alarm, periodic and update interrupts, CMOS RAM. */
#include "hv/dev/rtc.h"
#include "hv/lib/muldiv.h"
#include "hv/lib/string.h"

#define NEVER UINT64_MAX
#define TICKS_PER_SEC RTC_DIV_HZ
#define UIP_TICKS 8 /* 244 us */
#define SECS_PER_DAY 86400
#define MAX_WALL_SECS 253402300799ull /* 9999-12-31 23:59:59 */

enum {
	REG_SEC_ALARM = 0x01, REG_MIN_ALARM = 0x03, REG_HOUR_ALARM = 0x05,
	REG_A = 0x0a, REG_B = 0x0b, REG_C = 0x0c, REG_D = 0x0d, REG_CENTURY = 0x32,
};
#define A_UIP 0x80
#define A_DV_MASK 0x60 /* DV2, DV1 both set: divider reset */
#define A_RS_MASK 0x0f
#define B_SET 0x80
#define B_PIE 0x40 /* PIE, AIE, UIE sit where C has PF, AF, UF */
#define B_AIE 0x20
#define B_UIE 0x10
#define B_DM_BINARY 0x04
#define B_24H 0x02
#define C_IRQF 0x80
#define C_PF 0x40
#define C_AF 0x20
#define C_UF 0x10
#define D_VRT 0x80
#define HOUR_PM 0x80
#define ALARM_ANY 0xc0

/* ---- calendar: days since 1970-01-01 <-> proleptic Gregorian dates ---- */

static int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b < 0); }
static int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

/* Years counted from March, so that the leap day ends the year; 400-year eras of 146097 days. */
static int64_t days_from_date(int64_t year, unsigned month, unsigned mday)
{
	int64_t y = year - (month <= 2);
	int64_t era = floor_div(y, 400), yoe = y - era * 400;
	int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + mday - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468; /* 719468: days from 0000-03-01 to 1970-01-01 */
}

static void date_from_days(int64_t days, int64_t *year, unsigned *month, unsigned *mday)
{
	int64_t z = days + 719468, era = floor_div(z, 146097), doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*mday = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*month = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2);
}

/* 1 = Sunday; 1970-01-01 was a Thursday. */
static uint8_t weekday(int64_t days, uint8_t adj)
{
	return (uint8_t)(floor_mod(days + 4 + adj, 7) + 1);
}

static int64_t fields_days(const uint8_t f[RTC_FIELDS])
{
	unsigned month = f[RTC_MON] < 1 ? 1 : f[RTC_MON] > 12 ? 12 : f[RTC_MON];
	int64_t days = days_from_date(f[RTC_CENTURY] * 100 + f[RTC_YEAR], month, 1);
	return days + f[RTC_MDAY] - 1; /* a day past the month's end rolls over */
}

static int64_t fields_to_secs(const uint8_t f[RTC_FIELDS])
{
	return fields_days(f) * SECS_PER_DAY + f[RTC_HOUR] * 3600 + f[RTC_MIN] * 60 + f[RTC_SEC];
}

static void secs_to_fields(int64_t secs, uint8_t adj, uint8_t f[RTC_FIELDS])
{
	int64_t days = floor_div(secs, SECS_PER_DAY), sod = secs - days * SECS_PER_DAY, year;
	unsigned month, mday;
	date_from_days(days, &year, &month, &mday);
	f[RTC_SEC] = (uint8_t)(sod % 60);
	f[RTC_MIN] = (uint8_t)(sod / 60 % 60);
	f[RTC_HOUR] = (uint8_t)(sod / 3600);
	f[RTC_WDAY] = weekday(days, adj);
	f[RTC_MDAY] = (uint8_t)mday;
	f[RTC_MON] = (uint8_t)month;
	f[RTC_YEAR] = (uint8_t)(year % 100);
	f[RTC_CENTURY] = (uint8_t)(year / 100);
}

/* ---- the divider chain ---- */

static uint64_t rtc_ticks(const struct rtc *r, uint64_t now)
{
	if (now <= r->div_tsc)
		return r->div_phase;
	return r->div_phase +
	       mul_div_u64(now - r->div_tsc, RTC_DIV_HZ, r->tsc_hz, false);
}

/* The first TSC value at which rtc_ticks reaches tick j (j >= div_phase). */
static uint64_t rtc_tick_tsc(const struct rtc *r, uint64_t j)
{
	uint64_t t = mul_div_u64(j - r->div_phase, r->tsc_hz, RTC_DIV_HZ, true);
	return t >= NEVER - r->div_tsc ? NEVER : t + r->div_tsc;
}

static bool divider_reset(const struct rtc *r) { return (r->reg_a & A_DV_MASK) == A_DV_MASK; }

/* Periodic interrupt every 1 << shift divider ticks; 0: off (or the divider is in reset). */
static unsigned periodic_shift(const struct rtc *r)
{
	static const uint8_t shift[16] = { 0, 7, 8, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
	return divider_reset(r) ? 0 : shift[r->reg_a & A_RS_MASK];
}

static int64_t clock_secs(const struct rtc *r, uint64_t tick)
{
	return r->sec_bias + (int64_t)(tick / TICKS_PER_SEC);
}

/* The time as the registers hold it (binary). */
static void rtc_fields(const struct rtc *r, uint64_t now, uint8_t f[RTC_FIELDS])
{
	if (r->stopped)
		memcpy(f, r->held, RTC_FIELDS);
	else
		secs_to_fields(clock_secs(r, rtc_ticks(r, now)), r->wday_adj, f);
}

/* The clock runs from f at now, keeping the divider's phase. */
static void rtc_run_from(struct rtc *r, const uint8_t f[RTC_FIELDS], uint64_t now)
{
	r->sec_bias = fields_to_secs(f) - (int64_t)(rtc_ticks(r, now) / TICKS_PER_SEC);
	r->stopped = false;
}

static void rtc_set_stopped(struct rtc *r, bool stop, uint64_t now)
{
	uint8_t f[RTC_FIELDS];
	if (stop == r->stopped)
		return;
	rtc_fields(r, now, f);
	if (stop) {
		memcpy(r->held, f, RTC_FIELDS);
		r->stopped = true;
	} else {
		rtc_run_from(r, f, now);
	}
}

/* ---- register formats ---- */

static uint8_t to_bcd(unsigned v) { return (uint8_t)((v / 10 % 10) << 4 | v % 10); }
static unsigned from_bcd(uint8_t v) { return (v >> 4) * 10u + (v & 15u); }

static uint8_t encode(const struct rtc *r, unsigned v)
{
	return (r->reg_b & B_DM_BINARY) ? (uint8_t)v : to_bcd(v);
}

static unsigned decode(const struct rtc *r, uint8_t v)
{
	return (r->reg_b & B_DM_BINARY) ? v : from_bcd(v);
}

static uint8_t encode_hour(const struct rtc *r, unsigned h)
{
	if (r->reg_b & B_24H)
		return encode(r, h);
	return (uint8_t)(encode(r, h % 12 ? h % 12 : 12) | (h >= 12 ? HOUR_PM : 0));
}

static unsigned decode_hour(const struct rtc *r, uint8_t v)
{
	if (r->reg_b & B_24H)
		return decode(r, v);
	return decode(r, v & (uint8_t)~HOUR_PM) % 12 + ((v & HOUR_PM) ? 12 : 0);
}

/* ---- alarm ---- */

/* An alarm register as a value to match, or -1 for "don't care". */
static int alarm_want(const struct rtc *r, unsigned i)
{
	uint8_t v = r->alarm[i];
	if ((v & ALARM_ANY) == ALARM_ANY)
		return -1;
	return (int)(i == 2 ? decode_hour(r, v) : decode(r, v));
}

static bool alarm_match(int want, int64_t v) { return want < 0 || want == v; }

/* The first second of the day at or after sod that the alarm matches, or -1. */
static int64_t alarm_scan_day(const int want[3], int64_t sod)
{
	while (sod < SECS_PER_DAY) {
		if (!alarm_match(want[2], sod / 3600))
			sod = (sod / 3600 + 1) * 3600;
		else if (!alarm_match(want[1], sod / 60 % 60))
			sod = (sod / 60 + 1) * 60;
		else if (!alarm_match(want[0], sod % 60))
			sod++;
		else
			return sod;
	}
	return -1;
}

/* The divider tick of the first update after tick a at which the alarm matches, or NEVER. */
static uint64_t alarm_tick_after(const struct rtc *r, uint64_t a)
{
	int want[3] = { alarm_want(r, 0), alarm_want(r, 1), alarm_want(r, 2) };
	int64_t next = clock_secs(r, a) + 1;
	int64_t day = floor_div(next, SECS_PER_DAY) * SECS_PER_DAY;
	int64_t sod = alarm_scan_day(want, next - day);
	if (sod < 0) {
		day += SECS_PER_DAY;
		sod = alarm_scan_day(want, 0);
	}
	if (sod < 0)
		return NEVER;
	return (uint64_t)(day + sod - r->sec_bias) * TICKS_PER_SEC;
}

/* ---- flags and the interrupt ---- */

static void rtc_update_irqf(struct rtc *r)
{
	if ((r->reg_c & C_IRQF) || !(r->reg_c & r->reg_b & (C_PF | C_AF | C_UF)))
		return;
	r->reg_c |= C_IRQF;
	r->irq_due = true;
}

/* Brings the flags to TSC now: periodic, update and alarm events since the last call. */
static void rtc_advance(struct rtc *r, uint64_t now)
{
	uint64_t a = r->seen, b = rtc_ticks(r, now);
	unsigned shift = periodic_shift(r);
	if (b <= a)
		return;
	if (shift && (b >> shift) != (a >> shift))
		r->reg_c |= C_PF;
	if (!r->stopped && b / TICKS_PER_SEC != a / TICKS_PER_SEC)
		r->reg_c |= C_UF;
	if (!r->stopped && alarm_tick_after(r, a) <= b)
		r->reg_c |= C_AF;
	r->seen = b;
	rtc_update_irqf(r);
}

static bool rtc_uip(const struct rtc *r, uint64_t now)
{
	return !r->stopped && rtc_ticks(r, now) % TICKS_PER_SEC >= TICKS_PER_SEC - UIP_TICKS;
}

/* ---- registers 0x00-0x0D and 0x32 ---- */

/* The time field a register holds, or RTC_FIELDS for none. */
static unsigned reg_field(uint8_t reg)
{
	static const uint8_t regs[RTC_FIELDS] = { 0x00, 0x02, 0x04, 0x06, 0x07, 0x08, 0x09, 0x32 };
	unsigned f = 0;
	while (f < RTC_FIELDS && regs[f] != reg)
		f++;
	return f;
}

static uint8_t read_time(struct rtc *r, uint8_t reg, uint64_t now)
{
	uint8_t f[RTC_FIELDS];
	unsigned i = reg_field(reg);
	rtc_fields(r, now, f);
	return i == RTC_HOUR ? encode_hour(r, f[i]) : encode(r, f[i]);
}

static void write_time(struct rtc *r, uint8_t reg, uint8_t v, uint64_t now)
{
	uint8_t f[RTC_FIELDS];
	unsigned i = reg_field(reg);
	rtc_fields(r, now, f);
	f[i] = (uint8_t)(i == RTC_HOUR ? decode_hour(r, v) : decode(r, v));
	if (i == RTC_WDAY)
		r->wday_adj = (uint8_t)floor_mod(f[i] - weekday(fields_days(f), 0), 7);
	if (r->stopped)
		memcpy(r->held, f, RTC_FIELDS);
	else
		rtc_run_from(r, f, now);
}

static uint8_t read_alarm(struct rtc *r, uint8_t reg, uint64_t now)
{
	UNUSED(now);
	return r->alarm[reg / 2];
}

static void write_alarm(struct rtc *r, uint8_t reg, uint8_t v, uint64_t now)
{
	UNUSED(now);
	r->alarm[reg / 2] = v;
}

static uint8_t read_a(struct rtc *r, uint8_t reg, uint64_t now)
{
	UNUSED(reg);
	return (uint8_t)(r->reg_a | (rtc_uip(r, now) ? A_UIP : 0));
}

static void write_a(struct rtc *r, uint8_t reg, uint8_t v, uint64_t now)
{
	bool was_reset = divider_reset(r);
	UNUSED(reg);
	r->reg_a = v & (uint8_t)~A_UIP;
	if (was_reset && !divider_reset(r)) { /* the first update comes 500 ms later */
		r->div_tsc = now;
		r->div_phase = r->seen = TICKS_PER_SEC / 2;
	}
	rtc_set_stopped(r, divider_reset(r) || (r->reg_b & B_SET), now);
}

static uint8_t read_b(struct rtc *r, uint8_t reg, uint64_t now)
{
	UNUSED(reg);
	UNUSED(now);
	return r->reg_b;
}

static void write_b(struct rtc *r, uint8_t reg, uint8_t v, uint64_t now)
{
	UNUSED(reg);
	if (v & B_SET)
		v &= (uint8_t)~B_UIE;
	r->reg_b = v;
	rtc_set_stopped(r, divider_reset(r) || (v & B_SET), now);
	rtc_update_irqf(r);
}

static uint8_t read_c(struct rtc *r, uint8_t reg, uint64_t now)
{
	uint8_t v = r->reg_c;
	UNUSED(reg);
	UNUSED(now);
	r->reg_c = 0;
	return v;
}

static uint8_t read_d(struct rtc *r, uint8_t reg, uint64_t now)
{
	UNUSED(r);
	UNUSED(reg);
	UNUSED(now);
	return D_VRT;
}

static void write_ignored(struct rtc *r, uint8_t reg, uint8_t v, uint64_t now)
{
	UNUSED(r);
	UNUSED(reg);
	UNUSED(v);
	UNUSED(now);
}

struct rtc_reg {
	uint8_t (*read)(struct rtc *r, uint8_t reg, uint64_t now);
	void (*write)(struct rtc *r, uint8_t reg, uint8_t v, uint64_t now);
};

static const struct rtc_reg rtc_regs[REG_D + 1] = {
	{ read_time, write_time },   { read_alarm, write_alarm }, /* seconds */
	{ read_time, write_time },   { read_alarm, write_alarm }, /* minutes */
	{ read_time, write_time },   { read_alarm, write_alarm }, /* hours */
	{ read_time, write_time },   { read_time, write_time },   /* day of week, of month */
	{ read_time, write_time },   { read_time, write_time },   /* month, year */
	{ read_a, write_a },         { read_b, write_b },
	{ read_c, write_ignored },   { read_d, write_ignored },
};

static uint8_t rtc_reg_read(struct rtc *r, uint8_t reg, uint64_t now)
{
	if (reg < ARRAY_SIZE(rtc_regs))
		return rtc_regs[reg].read(r, reg, now);
	return reg == REG_CENTURY ? read_time(r, reg, now) : r->ram[reg];
}

static void rtc_reg_write(struct rtc *r, uint8_t reg, uint8_t v, uint64_t now)
{
	if (reg < ARRAY_SIZE(rtc_regs))
		rtc_regs[reg].write(r, reg, v, now);
	else if (reg == REG_CENTURY)
		write_time(r, reg, v, now);
	else
		r->ram[reg] = v;
}

/* ---- interface ---- */

void rtc_reset(struct rtc *r, uint64_t now, uint64_t tsc_hz, uint64_t wall_secs)
{
	memset(r, 0, sizeof(*r));
	r->tsc_hz = tsc_hz < RTC_DIV_HZ ? RTC_DIV_HZ : tsc_hz;
	r->div_tsc = now;
	r->sec_bias = (int64_t)(wall_secs > MAX_WALL_SECS ? MAX_WALL_SECS : wall_secs);
	r->reg_a = 0x26; /* 32.768 kHz divider, 1024 Hz periodic rate */
	r->reg_b = B_24H;
}

uint8_t rtc_read(struct rtc *r, uint16_t port, uint64_t now)
{
	if (port == RTC_PORT_INDEX)
		return r->index;
	if (port != RTC_PORT_DATA)
		return 0xff;
	rtc_advance(r, now);
	return rtc_reg_read(r, r->index & 0x7f, now);
}

void rtc_write(struct rtc *r, uint16_t port, uint8_t value, uint64_t now)
{
	if (port == RTC_PORT_INDEX) {
		r->index = value;
	} else if (port == RTC_PORT_DATA) {
		rtc_advance(r, now);
		rtc_reg_write(r, r->index & 0x7f, value, now);
	}
}

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }

uint64_t rtc_next_event(struct rtc *r, uint64_t now)
{
	uint64_t t = NEVER, b;
	unsigned shift = periodic_shift(r);
	rtc_advance(r, now);
	if (r->irq_due)
		return now;
	if (r->reg_c & C_IRQF)
		return LEGACY_NO_EVENT; /* IRQ8 stays asserted until C is read */
	b = r->seen;
	if (shift && (r->reg_b & B_PIE))
		t = ((b >> shift) + 1) << shift;
	if (!r->stopped && (r->reg_b & B_UIE))
		t = min_u64(t, (b / TICKS_PER_SEC + 1) * TICKS_PER_SEC);
	if (!r->stopped && (r->reg_b & B_AIE))
		t = min_u64(t, alarm_tick_after(r, b));
	return t == NEVER ? LEGACY_NO_EVENT : rtc_tick_tsc(r, t);
}

void rtc_tick(struct rtc *r, uint64_t now, legacy_raise_fn *raise, void *ctx)
{
	rtc_advance(r, now);
	if (!r->irq_due)
		return;
	r->irq_due = false;
	r->irqs_delivered++;
	raise(ctx, RTC_ISA_IRQ);
}
