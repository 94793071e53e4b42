/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests for the legacy PC device models: 8254 PIT, MC146818 RTC, 8259A, PM timer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hv/dev/pic.h"
#include "hv/dev/pit.h"
#include "hv/dev/pmtimer.h"
#include "hv/dev/rtc.h"

#define GHZ2 2000000000ull
#define MHZ50 50000000ull
#define T0 1000000000000ull /* an arbitrary TSC value at reset */

struct raised {
	unsigned count;
	unsigned irq;
};

static void record_raise(void *ctx, unsigned isa_irq)
{
	struct raised *r = ctx;
	r->count++;
	r->irq = isa_irq;
}

/* Independent of the model: TSC of input pulse k of a clock of clock_hz started at T0. */
static uint64_t pulse_tsc(uint64_t tsc_hz, uint64_t clock_hz, uint64_t k)
{
	return T0 + (uint64_t)(((unsigned __int128)k * tsc_hz + clock_hz - 1) / clock_hz);
}

static uint64_t pit_at(uint64_t tsc_hz, uint64_t k) { return pulse_tsc(tsc_hz, PIT_HZ, k); }

/* ================================ 8254 PIT ================================ */

static void pit_program(struct pit *p, unsigned ch, uint8_t control, uint16_t count, uint64_t now)
{
	pit_write(p, PIT_PORT_CONTROL, control, now);
	pit_write(p, (uint16_t)(PIT_PORT_COUNTER0 + ch), (uint8_t)count, now);
	pit_write(p, (uint16_t)(PIT_PORT_COUNTER0 + ch), (uint8_t)(count >> 8), now);
}

static uint16_t pit_read16(struct pit *p, unsigned ch, uint64_t now)
{
	uint8_t lo = pit_read(p, (uint16_t)(PIT_PORT_COUNTER0 + ch), now);
	return (uint16_t)(lo | pit_read(p, (uint16_t)(PIT_PORT_COUNTER0 + ch), now) << 8);
}

static uint16_t pit_latch_read(struct pit *p, unsigned ch, uint64_t now)
{
	pit_write(p, PIT_PORT_CONTROL, (uint8_t)(ch << 6), now); /* counter latch */
	return pit_read16(p, ch, now);
}

static uint8_t pit_status(struct pit *p, unsigned ch, uint64_t now)
{
	pit_write(p, PIT_PORT_CONTROL, (uint8_t)(0xE0 | 2u << ch), now); /* read-back, status */
	return pit_read(p, (uint16_t)(PIT_PORT_COUNTER0 + ch), now);
}

/* Channel 0 in mode (2 or 3) with count, run for n interrupts, each exactly on time. */
static void check_periodic(uint8_t mode, uint16_t count, uint64_t tsc_hz, unsigned n)
{
	struct pit p;
	struct raised r = { 0 };
	uint64_t prev = T0;
	/* period in TSC ticks, rounded down: the gaps are this or one more */
	uint64_t period = (uint64_t)count * tsc_hz / PIT_HZ;
	pit_reset(&p, T0, tsc_hz);
	assert_int_equal(pit_next_event(&p, T0), LEGACY_NO_EVENT);
	pit_program(&p, 0, (uint8_t)(0x30 | mode << 1), count, T0);
	for (unsigned k = 1; k <= n; k++) {
		uint64_t due = pit_at(tsc_hz, 1 + (uint64_t)k * count); /* loaded on pulse 1 */
		assert_int_equal(pit_next_event(&p, prev), due);
		pit_tick(&p, due - 1, record_raise, &r);
		assert_int_equal(r.count, k - 1);
		pit_tick(&p, due, record_raise, &r);
		assert_int_equal(r.count, k);
		assert_int_equal(r.irq, PIT_ISA_IRQ);
		if (k > 1)
			assert_true(due - prev == period || due - prev == period + 1);
		prev = due;
	}
	assert_int_equal(p.irqs_dropped, 0);
	/* no drift: n periods take n * count / 1193182 s to the TSC tick */
	uint64_t exact = (uint64_t)(((unsigned __int128)(1 + (uint64_t)n * count) * tsc_hz) / PIT_HZ);
	assert_true(prev - T0 - exact <= 1);
}

static void test_pit_mode2_100hz_2ghz(void **s) { (void)s; check_periodic(2, 11932, GHZ2, 300); }
static void test_pit_mode2_1000hz_2ghz(void **s) { (void)s; check_periodic(2, 1193, GHZ2, 3000); }
static void test_pit_mode2_100hz_50mhz(void **s) { (void)s; check_periodic(2, 11932, MHZ50, 300); }
static void test_pit_mode2_1000hz_50mhz(void **s) { (void)s; check_periodic(2, 1193, MHZ50, 3000); }
static void test_pit_mode3_100hz_2ghz(void **s) { (void)s; check_periodic(3, 11932, GHZ2, 300); }
static void test_pit_mode3_1000hz_50mhz(void **s) { (void)s; check_periodic(3, 1193, MHZ50, 3000); }

/* 100 Hz over ten simulated seconds: 1000 interrupts, 10.00015 s (11932 / 1193182 each). */
static void test_pit_100hz_rate_over_ten_seconds(void **s)
{
	struct pit p;
	struct raised r = { 0 };
	uint64_t now = T0;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 0, 0x34, 11932, T0);
	while (r.count < 1000) {
		now = pit_next_event(&p, now);
		pit_tick(&p, now, record_raise, &r);
	}
	/* 10.00015 s: 20000301964 TSC ticks, plus the one pulse before the load */
	assert_true(now - T0 >= 20000301964ull && now - T0 <= 20000301964ull + 1677);
}

static void test_pit_mode3_square_wave_out(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 0, 0x36, 1000, T0); /* loaded at pulse 1 */
	assert_true(pit_status(&p, 0, pit_at(GHZ2, 1 + 499)) & 0x80);  /* high 500 pulses */
	assert_false(pit_status(&p, 0, pit_at(GHZ2, 1 + 500)) & 0x80); /* low 500 */
	assert_false(pit_status(&p, 0, pit_at(GHZ2, 1 + 999)) & 0x80);
	assert_true(pit_status(&p, 0, pit_at(GHZ2, 1 + 1000)) & 0x80);
	/* the count goes down by two in each half */
	assert_int_equal(pit_latch_read(&p, 0, pit_at(GHZ2, 1 + 1010)), 1000 - 20);
	assert_int_equal(pit_latch_read(&p, 0, pit_at(GHZ2, 1 + 1510)), 1000 - 20);
}

static void test_pit_mode3_odd_count(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 0, 0x36, 5, T0); /* high for 3 pulses, low for 2 */
	assert_true(pit_status(&p, 0, pit_at(GHZ2, 1 + 2)) & 0x80);
	assert_false(pit_status(&p, 0, pit_at(GHZ2, 1 + 3)) & 0x80);
	assert_false(pit_status(&p, 0, pit_at(GHZ2, 1 + 4)) & 0x80);
	assert_true(pit_status(&p, 0, pit_at(GHZ2, 1 + 5)) & 0x80);
}

static void test_pit_mode2_out_low_one_pulse(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 0, 0x34, 100, T0);
	assert_true(pit_status(&p, 0, pit_at(GHZ2, 1 + 98)) & 0x80);
	assert_false(pit_status(&p, 0, pit_at(GHZ2, 1 + 99)) & 0x80); /* count 1: OUT low */
	assert_true(pit_status(&p, 0, pit_at(GHZ2, 1 + 100)) & 0x80);
	assert_int_equal(pit_latch_read(&p, 0, pit_at(GHZ2, 1 + 199)), 1);
	assert_int_equal(pit_latch_read(&p, 0, pit_at(GHZ2, 1 + 200)), 100);
}

static void test_pit_late_guest_coalesces(void **s)
{
	struct pit p;
	struct raised r = { 0 };
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 0, 0x34, 1193, T0);
	uint64_t late = pit_at(GHZ2, 1 + 5 * 1193 + 600); /* 5 edges passed */
	pit_tick(&p, late, record_raise, &r);
	assert_int_equal(r.count, 1);
	assert_int_equal(p.irqs_dropped, 4);
	assert_int_equal(p.irqs_delivered, 1);
	assert_int_equal(pit_next_event(&p, late), pit_at(GHZ2, 1 + 6 * 1193));
	pit_tick(&p, late + 1, record_raise, &r);
	assert_int_equal(r.count, 1);
}

static void test_pit_write_makes_due_edge_wait_for_tick(void **s)
{
	struct pit p;
	struct raised r = { 0 };
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 0, 0x34, 1000, T0);
	uint64_t after = pit_at(GHZ2, 1 + 1000 + 5);
	/* reprogramming after an edge the glue has not ticked yet keeps that edge */
	pit_program(&p, 0, 0x34, 2000, after);
	assert_int_equal(pit_next_event(&p, after), after);
	pit_tick(&p, after, record_raise, &r);
	assert_int_equal(r.count, 1);
	uint64_t k = 1 + 1000 + 5; /* the write's pulse; the new count loads on the next */
	assert_int_equal(pit_next_event(&p, after), pit_at(GHZ2, k + 1 + 2000));
}

static void test_pit_mode0_one_shot_on_channel0(void **s)
{
	struct pit p;
	struct raised r = { 0 };
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 0, 0x30, 1000, T0);
	assert_int_equal(pit_status(&p, 0, T0) & 0xC0, 0x40); /* OUT low, null count */
	uint64_t due = pit_next_event(&p, T0);
	assert_int_equal(due, pit_at(GHZ2, 1 + 1000)); /* N + 1 pulses after the write */
	pit_tick(&p, due, record_raise, &r);
	assert_int_equal(r.count, 1);
	assert_int_equal(pit_next_event(&p, due), LEGACY_NO_EVENT);
	assert_int_equal(pit_status(&p, 0, due) & 0xC0, 0x80); /* OUT high, count loaded */
	/* the count keeps going down past zero */
	assert_int_equal(pit_latch_read(&p, 0, pit_at(GHZ2, 1 + 1003)), 0xFFFD);
}

static void test_pit_mode0_rewrite_restarts(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 0, 0x30, 100, T0);
	uint64_t t = pit_at(GHZ2, 50);
	pit_write(&p, PIT_PORT_COUNTER0, 200 & 0xff, t); /* first byte: counting stops */
	uint16_t held = pit_latch_read(&p, 0, pit_at(GHZ2, 80));
	assert_int_equal(held, 100 - 49);
	pit_write(&p, PIT_PORT_COUNTER0, 0, pit_at(GHZ2, 80)); /* second byte: load 200 */
	assert_int_equal(pit_next_event(&p, pit_at(GHZ2, 80)), pit_at(GHZ2, 81 + 200));
}

static void test_pit_status_bytes(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_write(&p, PIT_PORT_CONTROL, 0x34, T0); /* counter 0, LSB+MSB, mode 2, binary */
	assert_int_equal(pit_status(&p, 0, T0), 0xF4); /* OUT high, null count, 11, 010, 0 */
	pit_program(&p, 0, 0x34, 500, T0);
	assert_int_equal(pit_status(&p, 0, T0), 0xF4);              /* not loaded yet */
	assert_int_equal(pit_status(&p, 0, pit_at(GHZ2, 1)), 0xB4); /* loaded */
	pit_write(&p, PIT_PORT_CONTROL, 0xA1, T0); /* counter 2, MSB only, mode 0, BCD */
	assert_int_equal(pit_status(&p, 2, T0), 0x61);
	pit_write(&p, PIT_PORT_CONTROL, 0x5A, T0); /* counter 1, LSB only, mode 5 */
	assert_int_equal(pit_status(&p, 1, T0), 0xDA);
	pit_write(&p, PIT_PORT_CONTROL, 0x3C, T0); /* mode 6 reads back as written */
	assert_int_equal(pit_status(&p, 0, T0) & 0x0E, 0x0C);
}

static void test_pit_read_back_count_and_status(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 0, 0x34, 1000, T0);
	pit_program(&p, 2, 0xB4, 3000, T0);
	pit_write(&p, PIT_PORT_CONTROL, 0xC0 | 0x08 | 0x02, pit_at(GHZ2, 1 + 100)); /* 0 and 2 */
	/* later reads still see the latched values, status first */
	uint64_t later = pit_at(GHZ2, 1 + 700);
	assert_int_equal(pit_read(&p, PIT_PORT_COUNTER0, later), 0xB4);
	assert_int_equal(pit_read16(&p, 0, later), 900);
	assert_int_equal(pit_read16(&p, 0, later), 300); /* latch consumed: live again */
	assert_int_equal(pit_read(&p, PIT_PORT_COUNTER2, later), 0xB4); /* gate low: OUT high */
	assert_int_equal(pit_read16(&p, 2, later), 3000); /* gate low: not counting */
	/* a second latch before the first is read is ignored */
	pit_write(&p, PIT_PORT_CONTROL, 0x00, pit_at(GHZ2, 1 + 710));
	pit_write(&p, PIT_PORT_CONTROL, 0x00, pit_at(GHZ2, 1 + 720));
	assert_int_equal(pit_read16(&p, 0, pit_at(GHZ2, 1 + 725)), 290);
	/* read-back of the count only: bit 4 set */
	pit_write(&p, PIT_PORT_CONTROL, 0xD2, pit_at(GHZ2, 1 + 730));
	assert_int_equal(pit_read16(&p, 0, pit_at(GHZ2, 1 + 735)), 270);
}

static void test_pit_counter_latch(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, MHZ50);
	pit_program(&p, 0, 0x34, 1000, T0);
	pit_write(&p, PIT_PORT_CONTROL, 0x00, pit_at(MHZ50, 1 + 250));
	uint64_t later = pit_at(MHZ50, 1 + 600);
	assert_int_equal(pit_read(&p, PIT_PORT_COUNTER0, later), 750 & 0xff);
	assert_int_equal(pit_read(&p, PIT_PORT_COUNTER0, later + 1000), 750 >> 8);
	assert_int_equal(pit_read16(&p, 0, pit_at(MHZ50, 1 + 700)), 300);
}

static void test_pit_access_modes(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_write(&p, PIT_PORT_CONTROL, 0x14, T0); /* LSB only, mode 2 */
	pit_write(&p, PIT_PORT_COUNTER0, 100, T0);
	assert_int_equal(pit_next_event(&p, T0), pit_at(GHZ2, 1 + 100));
	assert_int_equal(pit_read(&p, PIT_PORT_COUNTER0, pit_at(GHZ2, 1 + 10)), 90);
	assert_int_equal(pit_read(&p, PIT_PORT_COUNTER0, pit_at(GHZ2, 1 + 11)), 89);
	uint64_t t1 = pit_at(GHZ2, 1000);
	struct raised r = { 0 };
	pit_tick(&p, t1, record_raise, &r); /* the edges of the first count */
	pit_write(&p, PIT_PORT_CONTROL, 0x24, t1); /* MSB only */
	pit_write(&p, PIT_PORT_COUNTER0, 0x12, t1);
	assert_int_equal(pit_next_event(&p, t1), pit_at(GHZ2, 1001 + 0x1200));
	assert_int_equal(pit_read(&p, PIT_PORT_COUNTER0, pit_at(GHZ2, 1001 + 0x100)), 0x11);
	/* LSB then MSB: reads and writes have their own byte toggles (the datasheet's example) */
	uint64_t t2 = pit_at(GHZ2, 19999);
	pit_tick(&p, t2, record_raise, &r);
	assert_int_equal(r.count, 2);
	pit_write(&p, PIT_PORT_CONTROL, 0x34, t2);
	pit_write(&p, PIT_PORT_COUNTER0, 0x00, t2);
	pit_write(&p, PIT_PORT_COUNTER0, 0x30, t2); /* 0x3000, loaded at pulse 20000 */
	uint64_t t = pit_at(GHZ2, 20000 + 0x10);
	assert_int_equal(pit_read(&p, PIT_PORT_COUNTER0, t), 0xF0); /* LSB of 0x2FF0 */
	pit_write(&p, PIT_PORT_COUNTER0, 0x34, t);                  /* new LSB */
	assert_int_equal(pit_read(&p, PIT_PORT_COUNTER0, t), 0x2F); /* MSB */
	pit_write(&p, PIT_PORT_COUNTER0, 0x12, t);                  /* new MSB: 0x1234 */
	assert_int_equal(pit_status(&p, 0, t) & 0x40, 0x40); /* waits for the end of the cycle */
	assert_int_equal(pit_next_event(&p, t), pit_at(GHZ2, 20000 + 0x3000));
	assert_int_equal(pit_latch_read(&p, 0, pit_at(GHZ2, 20000 + 0x3000)), 0x1234);
	assert_int_equal(pit_latch_read(&p, 0, pit_at(GHZ2, 20000 + 0x3001)), 0x1233);
	pit_tick(&p, pit_at(GHZ2, 20000 + 0x3001), record_raise, &r); /* the reload's edge */
	assert_int_equal(r.count, 3);
	assert_int_equal(pit_next_event(&p, pit_at(GHZ2, 20000 + 0x3001)),
			 pit_at(GHZ2, 20000 + 0x3000 + 0x1234));
	assert_int_equal(pit_read(&p, PIT_PORT_CONTROL, pit_at(GHZ2, 40000)), 0xFF);
}

static void test_pit_count_zero_is_65536(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 0, 0x34, 0, T0);
	assert_int_equal(pit_next_event(&p, T0), pit_at(GHZ2, 1 + 65536));
	assert_int_equal(pit_latch_read(&p, 0, pit_at(GHZ2, 1 + 1)), 65535);
	/* 18.2065 Hz (54.9254 ms), the BIOS tick: 109850802.5 TSC ticks at 2 GHz */
	uint64_t period = pit_next_event(&p, T0) - pit_at(GHZ2, 1);
	assert_true(period == 109850802 || period == 109850803);
}

static void test_pit_bcd_counting(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 0, 0x35, 0x1000, T0); /* mode 2, BCD 1000 */
	assert_int_equal(pit_next_event(&p, T0), pit_at(GHZ2, 1 + 1000));
	assert_int_equal(pit_latch_read(&p, 0, pit_at(GHZ2, 1 + 1)), 0x0999);
	assert_int_equal(pit_latch_read(&p, 0, pit_at(GHZ2, 1 + 255)), 0x0745);
	struct raised r = { 0 };
	pit_tick(&p, pit_at(GHZ2, 5000), record_raise, &r);
	assert_int_equal(r.count, 1);
	assert_int_equal(p.irqs_dropped, 3); /* edges at 1001 to 4001 */
	pit_program(&p, 0, 0x35, 0, pit_at(GHZ2, 5000)); /* 0 in BCD: 10000 */
	assert_int_equal(pit_next_event(&p, pit_at(GHZ2, 5000)), pit_at(GHZ2, 5001 + 10000));
	assert_int_equal(pit_latch_read(&p, 0, pit_at(GHZ2, 5001 + 1)), 0x9999);
	pit_program(&p, 0, 0x31, 0x0005, pit_at(GHZ2, 20000)); /* mode 0 BCD wraps to 9999 */
	assert_int_equal(pit_latch_read(&p, 0, pit_at(GHZ2, 20001 + 6)), 0x9999);
}

/* Linux pit_calibrate_tsc(): gate on via 0x61, speaker off, counter 2 mode 0 at TSC t. */
static void calibration_start(struct pit *p, uint64_t tsc_hz, uint64_t t, uint16_t latch)
{
	pit_reset(p, T0, tsc_hz);
	uint8_t v = pit_read(p, PIT_PORT_NMI_SC, t);
	pit_write(p, PIT_PORT_NMI_SC, (uint8_t)((v & ~0x02) | 0x01), t);
	assert_int_equal(pit_read(p, PIT_PORT_NMI_SC, t) & 0x03, 0x01);
	pit_write(p, PIT_PORT_CONTROL, 0xB0, t);
	pit_write(p, PIT_PORT_COUNTER2, (uint8_t)latch, t);
	pit_write(p, PIT_PORT_COUNTER2, (uint8_t)(latch >> 8), t);
}

/* ... then polls OUT2 (port 0x61 bit 5) until it goes high. */
static void check_calibration(uint64_t tsc_hz, uint16_t latch)
{
	struct pit p;
	uint64_t start = T0 + 12345, t = start, step = tsc_hz / 1000000; /* poll every us */
	unsigned polls = 0;
	calibration_start(&p, tsc_hz, start, latch);
	while (!(pit_read(&p, PIT_PORT_NMI_SC, t) & 0x20)) {
		t += step;
		assert_true(++polls < 10000000);
	}
	/* OUT2 rises latch + 1 input pulses after the write: within a poll step of that */
	uint64_t k = (uint64_t)(((unsigned __int128)(start - T0) * PIT_HZ) / tsc_hz);
	uint64_t high = pit_at(tsc_hz, k + 1 + latch);
	assert_true(t >= high && t < high + step);
	calibration_start(&p, tsc_hz, start, latch);
	assert_false(pit_read(&p, PIT_PORT_NMI_SC, high - 1) & 0x20);
	assert_true(pit_read(&p, PIT_PORT_NMI_SC, high) & 0x20);
	/* the TSC ticks the guest measured match latch / 1193182 s within two pulses */
	uint64_t want = (uint64_t)latch * tsc_hz / PIT_HZ, pulse = tsc_hz / PIT_HZ + 1;
	assert_true(high - start >= want && high - start <= want + 2 * pulse);
}

static void test_pit_linux_calibration_2ghz(void **s) { (void)s; check_calibration(GHZ2, 11931); }
static void test_pit_linux_calibration_50mhz(void **s) { (void)s; check_calibration(MHZ50, 59659); }

/* Linux quick_pit_calibrate(): counter 2 mode 0 from 0xFFFF, the MSB read live steps down. */
static void test_pit_quick_calibration_msb(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_write(&p, PIT_PORT_NMI_SC, 0x01, T0);
	pit_write(&p, PIT_PORT_CONTROL, 0xB0, T0);
	pit_write(&p, PIT_PORT_COUNTER2, 0xFF, T0);
	pit_write(&p, PIT_PORT_COUNTER2, 0xFF, T0);
	for (unsigned i = 1; i < 200; i++) {
		uint64_t t = pit_at(GHZ2, 1 + 256 * i); /* counted 256 * i */
		pit_read(&p, PIT_PORT_COUNTER2, t);     /* LSB, discarded */
		assert_int_equal(pit_read(&p, PIT_PORT_COUNTER2, t), 0xFF - i);
	}
}

static void test_pit_gate_controls_counter2(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 2, 0xB0, 100, T0); /* mode 0, gate low */
	uint64_t t = pit_at(GHZ2, 500);
	assert_false(pit_read(&p, PIT_PORT_NMI_SC, t) & 0x20);
	assert_int_equal(pit_latch_read(&p, 2, t), 100);
	pit_write(&p, PIT_PORT_NMI_SC, 0x01, t); /* counts from here */
	assert_int_equal(pit_latch_read(&p, 2, pit_at(GHZ2, 540)), 60);
	pit_write(&p, PIT_PORT_NMI_SC, 0x00, pit_at(GHZ2, 540)); /* suspended */
	assert_int_equal(pit_latch_read(&p, 2, pit_at(GHZ2, 900)), 60);
	pit_write(&p, PIT_PORT_NMI_SC, 0x01, pit_at(GHZ2, 900));
	assert_false(pit_read(&p, PIT_PORT_NMI_SC, pit_at(GHZ2, 959)) & 0x20);
	assert_true(pit_read(&p, PIT_PORT_NMI_SC, pit_at(GHZ2, 960)) & 0x20);
	/* mode 2: gate low forces OUT high, its rising edge reloads */
	pit_program(&p, 2, 0xB4, 10, pit_at(GHZ2, 1000));
	assert_false(pit_read(&p, PIT_PORT_NMI_SC, pit_at(GHZ2, 1010)) & 0x20);
	pit_write(&p, PIT_PORT_NMI_SC, 0x00, pit_at(GHZ2, 1010));
	assert_true(pit_read(&p, PIT_PORT_NMI_SC, pit_at(GHZ2, 1010)) & 0x20);
	pit_write(&p, PIT_PORT_NMI_SC, 0x01, pit_at(GHZ2, 1100));
	assert_int_equal(pit_latch_read(&p, 2, pit_at(GHZ2, 1101)), 10);
	assert_int_equal(pit_latch_read(&p, 2, pit_at(GHZ2, 1104)), 7);
}

static void test_pit_mode1_gate_trigger(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 2, 0xB2, 50, T0); /* mode 1: waits for the gate */
	assert_true(pit_read(&p, PIT_PORT_NMI_SC, pit_at(GHZ2, 100)) & 0x20);
	pit_write(&p, PIT_PORT_NMI_SC, 0x01, pit_at(GHZ2, 100)); /* trigger */
	assert_false(pit_read(&p, PIT_PORT_NMI_SC, pit_at(GHZ2, 101)) & 0x20);
	assert_false(pit_read(&p, PIT_PORT_NMI_SC, pit_at(GHZ2, 150)) & 0x20);
	assert_true(pit_read(&p, PIT_PORT_NMI_SC, pit_at(GHZ2, 151)) & 0x20);
}

static void test_pit_mode4_strobe(void **s)
{
	struct pit p;
	struct raised r = { 0 };
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_program(&p, 0, 0x38, 20, T0); /* mode 4 */
	uint64_t due = pit_next_event(&p, T0);
	assert_int_equal(due, pit_at(GHZ2, 22));
	assert_true(pit_status(&p, 0, pit_at(GHZ2, 20)) & 0x80);
	assert_false(pit_status(&p, 0, pit_at(GHZ2, 21)) & 0x80); /* one pulse low at zero */
	assert_true(pit_status(&p, 0, pit_at(GHZ2, 22)) & 0x80);
	pit_tick(&p, due, record_raise, &r);
	assert_int_equal(r.count, 1);
	assert_int_equal(pit_next_event(&p, due), LEGACY_NO_EVENT);
}

static void test_pit_port61_refresh_toggles(void **s)
{
	struct pit p;
	(void)s;
	pit_reset(&p, T0, GHZ2);
	pit_write(&p, PIT_PORT_NMI_SC, 0xFE, T0); /* bits 4-7 are not writable */
	assert_int_equal(pit_read(&p, PIT_PORT_NMI_SC, T0), 0x0E | 0x20); /* OUT2 idles high */
	assert_int_equal(pit_read(&p, PIT_PORT_NMI_SC, pit_at(GHZ2, 17)) & 0x10, 0);
	assert_int_equal(pit_read(&p, PIT_PORT_NMI_SC, pit_at(GHZ2, 18)) & 0x10, 0x10);
	assert_int_equal(pit_read(&p, PIT_PORT_NMI_SC, pit_at(GHZ2, 36)) & 0x10, 0);
}

/* ============================ MC146818 RTC ============================ */

#define EPOCH_2026_12_01_0930 1796117400ull

static uint8_t cmos_read(struct rtc *r, uint8_t reg, uint64_t now)
{
	rtc_write(r, RTC_PORT_INDEX, reg, now);
	return rtc_read(r, RTC_PORT_DATA, now);
}

static void cmos_write(struct rtc *r, uint8_t reg, uint8_t v, uint64_t now)
{
	rtc_write(r, RTC_PORT_INDEX, reg, now);
	rtc_write(r, RTC_PORT_DATA, v, now);
}

/* sec, min, hour, wday, mday, month, year, century as the registers read */
static void expect_time(struct rtc *r, uint64_t now, const uint8_t want[8])
{
	static const uint8_t regs[8] = { 0x00, 0x02, 0x04, 0x06, 0x07, 0x08, 0x09, 0x32 };
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(cmos_read(r, regs[i], now), want[i]);
}

static uint64_t secs(uint64_t tsc_hz, uint64_t n) { return T0 + n * tsc_hz; }

static void test_rtc_bcd_time_at_epoch(void **s)
{
	struct rtc r;
	(void)s;
	rtc_reset(&r, T0, GHZ2, EPOCH_2026_12_01_0930);
	expect_time(&r, T0, (const uint8_t[8]){ 0x00, 0x30, 0x09, 3, 0x01, 0x12, 0x26, 0x20 });
	assert_int_equal(cmos_read(&r, 0x0A, T0), 0x26);
	assert_int_equal(cmos_read(&r, 0x0B, T0), 0x02);
	assert_int_equal(cmos_read(&r, 0x0C, T0), 0x00);
	assert_int_equal(cmos_read(&r, 0x0D, T0), 0x80);
	/* the clock advances with the TSC: 1 h 29 min 59 s later */
	expect_time(&r, secs(GHZ2, 5399), (const uint8_t[8]){ 0x59, 0x59, 0x10, 3, 1, 0x12, 0x26, 0x20 });
}

static void test_rtc_binary_and_12_hour(void **s)
{
	struct rtc r;
	(void)s;
	rtc_reset(&r, T0, MHZ50, EPOCH_2026_12_01_0930);
	cmos_write(&r, 0x0B, 0x06, T0); /* binary, 24-hour */
	expect_time(&r, T0, (const uint8_t[8]){ 0, 30, 9, 3, 1, 12, 26, 20 });
	cmos_write(&r, 0x0B, 0x04, T0); /* binary, 12-hour */
	assert_int_equal(cmos_read(&r, 0x04, T0), 9);
	uint64_t pm = secs(MHZ50, 11 * 3600 + 35 * 60 + 7); /* 21:05:07 */
	assert_int_equal(cmos_read(&r, 0x04, pm), 0x80 | 9);
	cmos_write(&r, 0x0B, 0x00, T0); /* BCD, 12-hour */
	assert_int_equal(cmos_read(&r, 0x04, pm), 0x89);
	assert_int_equal(cmos_read(&r, 0x02, pm), 0x05);
	assert_int_equal(cmos_read(&r, 0x04, secs(MHZ50, 14 * 3600 + 30 * 60)), 0x12); /* 00:00 */
	assert_int_equal(cmos_read(&r, 0x04, secs(MHZ50, 2 * 3600 + 30 * 60)), 0x92);  /* 12:00 */
	assert_int_equal(cmos_read(&r, 0x04, secs(MHZ50, 3 * 3600 + 30 * 60)), 0x81);  /* 13:00 */
}

static void test_rtc_leap_day(void **s)
{
	struct rtc r;
	(void)s;
	rtc_reset(&r, T0, GHZ2, 1709164799); /* 2024-02-28 23:59:59, a Wednesday */
	expect_time(&r, T0, (const uint8_t[8]){ 0x59, 0x59, 0x23, 4, 0x28, 0x02, 0x24, 0x20 });
	expect_time(&r, secs(GHZ2, 1), (const uint8_t[8]){ 0, 0, 0, 5, 0x29, 0x02, 0x24, 0x20 });
	expect_time(&r, secs(GHZ2, 86401), (const uint8_t[8]){ 0, 0, 0, 6, 0x01, 0x03, 0x24, 0x20 });
	rtc_reset(&r, T0, GHZ2, 4107542399ull); /* 2100-02-28 23:59:59: 2100 is not leap */
	expect_time(&r, secs(GHZ2, 1), (const uint8_t[8]){ 0, 0, 0, 2, 0x01, 0x03, 0x00, 0x21 });
}

static void test_rtc_year_and_century_rollover(void **s)
{
	struct rtc r;
	(void)s;
	rtc_reset(&r, T0, GHZ2, 1704067199); /* 2023-12-31 23:59:59 */
	expect_time(&r, secs(GHZ2, 1), (const uint8_t[8]){ 0, 0, 0, 2, 0x01, 0x01, 0x24, 0x20 });
	rtc_reset(&r, T0, GHZ2, 4102444799ull); /* 2099-12-31 23:59:59 */
	expect_time(&r, secs(GHZ2, 1) - 1, (const uint8_t[8]){ 0x59, 0x59, 0x23, 5, 0x31, 0x12, 0x99, 0x20 });
	expect_time(&r, secs(GHZ2, 1), (const uint8_t[8]){ 0, 0, 0, 6, 0x01, 0x01, 0x00, 0x21 });
}

static void test_rtc_uip_window(void **s)
{
	struct rtc r;
	(void)s;
	rtc_reset(&r, T0, GHZ2, EPOCH_2026_12_01_0930);
	uint64_t update = secs(GHZ2, 1);
	uint64_t us = GHZ2 / 1000000;
	assert_int_equal(cmos_read(&r, 0x0A, update - 250 * us) & 0x80, 0);
	assert_int_equal(cmos_read(&r, 0x0A, update - 240 * us) & 0x80, 0x80);
	assert_int_equal(cmos_read(&r, 0x00, update - 1), 0x00); /* old time until the update */
	assert_int_equal(cmos_read(&r, 0x0A, update - 1) & 0x80, 0x80);
	assert_int_equal(cmos_read(&r, 0x0A, update) & 0x80, 0);
	assert_int_equal(cmos_read(&r, 0x00, update), 0x01);
	/* exactly 8 divider ticks (244.140625 us) before each update, every second */
	uint64_t uip = pulse_tsc(GHZ2, RTC_DIV_HZ, 5 * 32768 - 8);
	assert_int_equal(cmos_read(&r, 0x0A, uip - 1) & 0x80, 0);
	assert_int_equal(cmos_read(&r, 0x0A, uip) & 0x80, 0x80);
	/* SET clears UIP */
	cmos_write(&r, 0x0B, 0x82, uip);
	assert_int_equal(cmos_read(&r, 0x0A, uip) & 0x80, 0);
}

/* Periodic interrupts at the rate RS selects, the guest reading C in each. */
static void check_periodic_rate(uint8_t rs, uint64_t period_ticks, uint64_t tsc_hz)
{
	struct rtc r;
	struct raised got = { 0 };
	uint64_t now = T0;
	rtc_reset(&r, T0, tsc_hz, EPOCH_2026_12_01_0930);
	cmos_write(&r, 0x0A, (uint8_t)(0x20 | rs), T0);
	cmos_write(&r, 0x0B, 0x42, T0); /* PIE */
	for (unsigned k = 1; k <= 64; k++) {
		uint64_t due = pulse_tsc(tsc_hz, RTC_DIV_HZ, k * period_ticks);
		assert_int_equal(rtc_next_event(&r, now), due);
		rtc_tick(&r, due - 1, record_raise, &got);
		assert_int_equal(got.count, k - 1);
		rtc_tick(&r, due, record_raise, &got);
		assert_int_equal(got.count, k);
		assert_int_equal(got.irq, RTC_ISA_IRQ);
		assert_int_equal(cmos_read(&r, 0x0C, due) & 0xE0, 0xC0); /* IRQF | PF, cleared */
		assert_int_equal(cmos_read(&r, 0x0C, due), 0x00);
		now = due;
	}
}

static void test_rtc_periodic_1024hz(void **s) { (void)s; check_periodic_rate(6, 32, GHZ2); }
static void test_rtc_periodic_8192hz(void **s) { (void)s; check_periodic_rate(3, 4, MHZ50); }
static void test_rtc_periodic_2hz(void **s) { (void)s; check_periodic_rate(15, 16384, GHZ2); }
static void test_rtc_periodic_rs1_256hz(void **s) { (void)s; check_periodic_rate(1, 128, GHZ2); }

static void test_rtc_register_c_clear_on_read(void **s)
{
	struct rtc r;
	struct raised got = { 0 };
	(void)s;
	rtc_reset(&r, T0, GHZ2, EPOCH_2026_12_01_0930);
	/* flags are set without their enables, and raise nothing */
	uint64_t t = secs(GHZ2, 1);
	assert_int_equal(rtc_next_event(&r, T0), LEGACY_NO_EVENT);
	rtc_tick(&r, t, record_raise, &got);
	assert_int_equal(got.count, 0);
	assert_int_equal(cmos_read(&r, 0x0C, t), 0x50); /* PF (1024 Hz), UF */
	assert_int_equal(cmos_read(&r, 0x0C, t), 0x00);
	/* an interrupt holds IRQF until C is read: nothing more comes meanwhile */
	cmos_write(&r, 0x0B, 0x42, t);
	uint64_t due = rtc_next_event(&r, t);
	rtc_tick(&r, due, record_raise, &got);
	assert_int_equal(got.count, 1);
	assert_int_equal(rtc_next_event(&r, due), LEGACY_NO_EVENT);
	rtc_tick(&r, secs(GHZ2, 2), record_raise, &got);
	assert_int_equal(got.count, 1);
	assert_int_equal(cmos_read(&r, 0x0C, secs(GHZ2, 2)), 0xD0);
	assert_true(rtc_next_event(&r, secs(GHZ2, 2)) > secs(GHZ2, 2));
	/* enabling an interrupt whose flag is already set raises IRQF at once */
	cmos_write(&r, 0x0B, 0x02, secs(GHZ2, 2));
	uint64_t t3 = secs(GHZ2, 3) + 5;
	cmos_write(&r, 0x0B, 0x12, t3); /* UIE; UF set at the update of second 3 */
	assert_int_equal(rtc_next_event(&r, t3), t3);
	rtc_tick(&r, t3, record_raise, &got);
	assert_int_equal(got.count, 2);
	assert_int_equal(cmos_read(&r, 0x0C, t3) & 0x90, 0x90);
}

static void test_rtc_update_and_alarm_interrupts(void **s)
{
	struct rtc r;
	struct raised got = { 0 };
	(void)s;
	rtc_reset(&r, T0, GHZ2, EPOCH_2026_12_01_0930);
	cmos_write(&r, 0x0A, 0x20, T0); /* no periodic rate: C shows exactly AF and UF */
	cmos_write(&r, 0x01, 0x05, T0); /* alarm 09:30:05 */
	cmos_write(&r, 0x03, 0x30, T0);
	cmos_write(&r, 0x05, 0x09, T0);
	cmos_write(&r, 0x0B, 0x22, T0); /* AIE */
	uint64_t due = rtc_next_event(&r, T0);
	assert_int_equal(due, secs(GHZ2, 5));
	rtc_tick(&r, due, record_raise, &got);
	assert_int_equal(got.count, 1);
	assert_int_equal(cmos_read(&r, 0x0C, due), 0xB0); /* IRQF, AF, UF */
	assert_int_equal(cmos_read(&r, 0x00, due), 0x05);
	/* next: the same time tomorrow */
	assert_int_equal(rtc_next_event(&r, due), secs(GHZ2, 5 + 86400));
	/* "don't care" seconds: every second of 09:31 */
	cmos_write(&r, 0x01, 0xC0, due);
	cmos_write(&r, 0x03, 0x31, due);
	assert_int_equal(rtc_next_event(&r, due), secs(GHZ2, 60));
	/* UIE: every update */
	cmos_write(&r, 0x0B, 0x12, due);
	assert_int_equal(rtc_next_event(&r, due), secs(GHZ2, 6));
}

static void test_rtc_set_bit_sets_clock(void **s)
{
	struct rtc r;
	(void)s;
	rtc_reset(&r, T0, GHZ2, EPOCH_2026_12_01_0930);
	uint64_t t = T0 + GHZ2 / 3;
	cmos_write(&r, 0x0B, 0x92, t); /* SET (and UIE, which SET clears) */
	assert_int_equal(cmos_read(&r, 0x0B, t), 0x82);
	static const uint8_t regs[] = { 0x00, 0x02, 0x04, 0x07, 0x08, 0x09 };
	static const uint8_t vals[] = { 0x58, 0x59, 0x23, 0x31, 0x12, 0x26 };
	for (unsigned i = 0; i < 6; i++)
		cmos_write(&r, regs[i], vals[i], t);
	/* held while SET: no updates however long */
	expect_time(&r, secs(GHZ2, 100), (const uint8_t[8]){ 0x58, 0x59, 0x23, 3, 0x31, 0x12, 0x26, 0x20 });
	cmos_write(&r, 0x0B, 0x02, secs(GHZ2, 100));
	expect_time(&r, secs(GHZ2, 100), (const uint8_t[8]){ 0x58, 0x59, 0x23, 5, 0x31, 0x12, 0x26, 0x20 });
	/* the divider kept running: the next update is at the old phase, 2 s to the new year */
	expect_time(&r, secs(GHZ2, 102), (const uint8_t[8]){ 0, 0, 0, 6, 0x01, 0x01, 0x27, 0x20 });
	/* without SET a write changes the running clock */
	cmos_write(&r, 0x02, 0x45, secs(GHZ2, 102));
	assert_int_equal(cmos_read(&r, 0x02, secs(GHZ2, 103)), 0x45);
	assert_int_equal(cmos_read(&r, 0x00, secs(GHZ2, 103)), 0x01);
}

static void test_rtc_divider_reset(void **s)
{
	struct rtc r;
	(void)s;
	rtc_reset(&r, T0, GHZ2, EPOCH_2026_12_01_0930);
	cmos_write(&r, 0x0A, 0x76, secs(GHZ2, 3)); /* divider reset: the clock stops */
	assert_int_equal(cmos_read(&r, 0x00, secs(GHZ2, 10)), 0x03);
	cmos_write(&r, 0x0A, 0x26, secs(GHZ2, 10)); /* first update 500 ms later */
	assert_int_equal(cmos_read(&r, 0x00, secs(GHZ2, 10) + GHZ2 / 2 - 1), 0x03);
	assert_int_equal(cmos_read(&r, 0x00, secs(GHZ2, 10) + GHZ2 / 2), 0x04);
	assert_int_equal(cmos_read(&r, 0x00, secs(GHZ2, 11) + GHZ2 / 2), 0x05);
}

static void test_rtc_cmos_ram_and_index(void **s)
{
	struct rtc r;
	(void)s;
	rtc_reset(&r, T0, GHZ2, EPOCH_2026_12_01_0930);
	for (unsigned i = 0x0E; i < 0x80; i++)
		if (i != 0x32)
			cmos_write(&r, (uint8_t)i, (uint8_t)(i * 7 + 3), T0);
	for (unsigned i = 0x0E; i < 0x80; i++)
		if (i != 0x32)
			assert_int_equal(cmos_read(&r, (uint8_t)i, T0), (uint8_t)(i * 7 + 3));
	/* bit 7 of the index masks NMI: kept, and the register is bits 6-0 */
	rtc_write(&r, RTC_PORT_INDEX, 0x80 | 0x10, T0);
	assert_int_equal(rtc_read(&r, RTC_PORT_INDEX, T0), 0x90);
	assert_int_equal(rtc_read(&r, RTC_PORT_DATA, T0), (uint8_t)(0x10 * 7 + 3));
	/* C and D ignore writes; A's UIP is read-only */
	cmos_write(&r, 0x0D, 0x00, T0);
	assert_int_equal(cmos_read(&r, 0x0D, T0), 0x80);
	cmos_write(&r, 0x0A, 0xA6, T0);
	assert_int_equal(cmos_read(&r, 0x0A, T0), 0x26);
	assert_int_equal(rtc_read(&r, 0x72, T0), 0xFF);
}

/* ================================ 8259A ================================ */

static void pic_init_linux(struct pic *p)
{
	pic_write(p, 0x21, 0xFF);
	pic_write(p, 0x20, 0x11); /* ICW1: edge, cascade, ICW4 */
	pic_write(p, 0x21, 0x30); /* ICW2: vectors 0x30-0x37 */
	pic_write(p, 0x21, 0x04); /* ICW3: slave on IR2 */
	pic_write(p, 0x21, 0x01); /* ICW4: 8086 mode */
	pic_write(p, 0xA0, 0x11);
	pic_write(p, 0xA1, 0x38);
	pic_write(p, 0xA1, 0x02);
	pic_write(p, 0xA1, 0x01);
}

static void test_pic_probe_mask_readback(void **s)
{
	struct pic p;
	(void)s;
	pic_reset(&p);
	assert_int_equal(pic_read(&p, 0x21), 0xFF); /* masked by default */
	assert_int_equal(pic_read(&p, 0xA1), 0xFF);
	pic_write(&p, 0xA1, 0xFF);
	pic_write(&p, 0x21, 0xFB);
	assert_int_equal(pic_read(&p, 0x21), 0xFB);
	pic_write(&p, 0x21, 0xFF);
	assert_int_equal(pic_read(&p, 0x21), 0xFF);
	assert_int_equal(pic_read(&p, 0xA1), 0xFF);
}

static void test_pic_init_sequence(void **s)
{
	struct pic p;
	(void)s;
	pic_reset(&p);
	pic_init_linux(&p);
	assert_int_equal(p.chip[0].icw2, 0x30);
	assert_int_equal(p.chip[1].icw2, 0x38);
	assert_int_equal(p.chip[0].icw3, 0x04);
	assert_int_equal(p.chip[1].icw3, 0x02);
	assert_int_equal(p.chip[0].icw4, 0x01);
	assert_int_equal(pic_read(&p, 0x21), 0x00); /* ICW1 cleared the mask */
	/* the sequence is over: odd-port writes are masks again */
	pic_write(&p, 0x21, 0xFF);
	pic_write(&p, 0xA1, 0xFF);
	assert_int_equal(pic_read(&p, 0x21), 0xFF);
	assert_int_equal(pic_read(&p, 0xA1), 0xFF);
	assert_int_equal(p.chip[0].icw2, 0x30);
	/* single, no ICW4: ICW2 ends it */
	pic_write(&p, 0x20, 0x12);
	pic_write(&p, 0x21, 0x40);
	pic_write(&p, 0x21, 0x5A);
	assert_int_equal(p.chip[0].icw2, 0x40);
	assert_int_equal(p.chip[0].icw4, 0x00);
	assert_int_equal(pic_read(&p, 0x21), 0x5A);
	/* cascade without ICW4: ICW3 ends it */
	pic_write(&p, 0x20, 0x10);
	pic_write(&p, 0x21, 0x50);
	pic_write(&p, 0x21, 0x04);
	pic_write(&p, 0x21, 0xA5);
	assert_int_equal(pic_read(&p, 0x21), 0xA5);
	assert_int_equal(p.chip[0].icw2, 0x50);
}

static void test_pic_ocw3_irr_isr_and_poll(void **s)
{
	struct pic p;
	(void)s;
	pic_reset(&p);
	pic_init_linux(&p);
	pic_set_irq(&p, 1, true);
	assert_int_equal(pic_read(&p, 0x20), 0x02); /* IRR selected after ICW1 */
	pic_write(&p, 0x20, 0x0B);                  /* OCW3: read ISR */
	assert_int_equal(pic_read(&p, 0x20), 0x00); /* nothing acknowledged, ever */
	assert_int_equal(pic_read(&p, 0x20), 0x00); /* the selection stays */
	pic_write(&p, 0x20, 0x0A);                  /* read IRR */
	assert_int_equal(pic_read(&p, 0x20), 0x02);
	pic_set_irq(&p, 1, false);
	assert_int_equal(pic_read(&p, 0x20), 0x00);
	/* a slave request shows on the master's IR2 while the slave leaves it unmasked */
	pic_set_irq(&p, 12, true);
	assert_int_equal(pic_read(&p, 0xA0), 0x10);
	assert_int_equal(pic_read(&p, 0x20), 0x04);
	pic_write(&p, 0xA1, 0x10);
	assert_int_equal(pic_read(&p, 0x20), 0x00);
	/* poll: "no interrupt", once */
	pic_write(&p, 0x20, 0x0C);
	pic_set_irq(&p, 3, true);
	assert_int_equal(pic_read(&p, 0x20), 0x00);
	assert_int_equal(pic_read(&p, 0x20), 0x08);
	/* edge sense is reset by ICW1: a line already high needs a new rising edge */
	pic_init_linux(&p);
	assert_int_equal(pic_read(&p, 0x20), 0x00);
	pic_set_irq(&p, 3, false);
	pic_set_irq(&p, 3, true);
	assert_int_equal(pic_read(&p, 0x20), 0x08);
	/* level mode (ELCR) follows the line */
	pic_write(&p, 0x4D0, 0x20);
	pic_set_irq(&p, 5, true);
	pic_init_linux(&p);
	assert_int_equal(pic_read(&p, 0x20), 0x20);
}

static void test_pic_ocw2_forms(void **s)
{
	struct pic p;
	(void)s;
	pic_reset(&p);
	pic_init_linux(&p);
	pic_write(&p, 0x21, 0x5A);
	pic_write(&p, 0x20, 0x20); /* non-specific EOI */
	pic_write(&p, 0x20, 0x63); /* specific EOI, IR3 */
	pic_write(&p, 0xA0, 0x20);
	assert_int_equal(pic_read(&p, 0x21), 0x5A);
	pic_write(&p, 0x20, 0xC4); /* set priority: IR4 lowest */
	assert_int_equal(p.chip[0].lowest, 4);
	pic_write(&p, 0x20, 0xE6); /* rotate on specific EOI, IR6 */
	assert_int_equal(p.chip[0].lowest, 6);
	pic_write(&p, 0x20, 0xA0); /* rotate on non-specific EOI: nothing in service */
	assert_int_equal(p.chip[0].lowest, 6);
	pic_write(&p, 0x20, 0x80); /* rotate in AEOI mode on, off */
	assert_true(p.chip[0].rotate_aeoi);
	pic_write(&p, 0x20, 0x00);
	assert_false(p.chip[0].rotate_aeoi);
	pic_write(&p, 0x20, 0x68); /* OCW3 special mask mode */
	assert_true(p.chip[0].special_mask);
	pic_write(&p, 0x20, 0x48);
	assert_false(p.chip[0].special_mask);
	assert_int_equal(pic_read(&p, 0x20), 0x00);
	assert_int_equal(pic_read(&p, 0x21), 0x5A);
}

static void test_pic_elcr(void **s)
{
	struct pic p;
	(void)s;
	pic_reset(&p);
	assert_int_equal(pic_read(&p, 0x4D0), 0x00);
	pic_write(&p, 0x4D0, 0xFF);
	pic_write(&p, 0x4D1, 0xFF);
	assert_int_equal(pic_read(&p, 0x4D0), 0xF8); /* IRQ 0, 1, 2 edge only */
	assert_int_equal(pic_read(&p, 0x4D1), 0xDE); /* IRQ 8, 13 edge only */
	assert_int_equal(pic_read(&p, 0x22), 0xFF);
}

/* ============================ ACPI PM timer ============================ */

static void test_pmtimer_rate(void **s)
{
	struct pmtimer t;
	(void)s;
	pmtimer_reset(&t, T0, GHZ2, true);
	assert_int_equal(pmtimer_read(&t, T0), 0);
	assert_int_equal(pmtimer_read(&t, T0 + GHZ2), 3579545);
	assert_int_equal(pmtimer_read(&t, T0 + GHZ2 / 1000), 3579);
	pmtimer_reset(&t, T0, MHZ50, true);
	assert_int_equal(pmtimer_read(&t, T0 + MHZ50), 3579545);
	/* an hour: no drift */
	assert_int_equal(pmtimer_read(&t, T0 + 3600 * MHZ50), (uint32_t)(3579545ull * 3600));
	/* exact at every tick boundary */
	uint64_t k = 1000003;
	uint64_t at = pulse_tsc(MHZ50, PMTIMER_HZ, k);
	assert_int_equal(pmtimer_read(&t, at), k);
	assert_int_equal(pmtimer_read(&t, at - 1), k - 1);
}

static void test_pmtimer_24_bit_wrap(void **s)
{
	struct pmtimer t24, t32;
	(void)s;
	pmtimer_reset(&t24, T0, GHZ2, false);
	pmtimer_reset(&t32, T0, GHZ2, true);
	uint64_t wrap = pulse_tsc(GHZ2, PMTIMER_HZ, 1u << 24); /* 4.687 s */
	assert_int_equal(pmtimer_read(&t24, wrap - 1), 0xFFFFFF);
	assert_int_equal(pmtimer_read(&t24, wrap), 0);
	assert_int_equal(pmtimer_read(&t32, wrap), 0x1000000);
	assert_int_equal(pmtimer_read(&t24, T0 + 10 * GHZ2), (3579545u * 10) & 0xFFFFFF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pit_mode2_100hz_2ghz),
		cmocka_unit_test(test_pit_mode2_1000hz_2ghz),
		cmocka_unit_test(test_pit_mode2_100hz_50mhz),
		cmocka_unit_test(test_pit_mode2_1000hz_50mhz),
		cmocka_unit_test(test_pit_mode3_100hz_2ghz),
		cmocka_unit_test(test_pit_mode3_1000hz_50mhz),
		cmocka_unit_test(test_pit_100hz_rate_over_ten_seconds),
		cmocka_unit_test(test_pit_mode3_square_wave_out),
		cmocka_unit_test(test_pit_mode3_odd_count),
		cmocka_unit_test(test_pit_mode2_out_low_one_pulse),
		cmocka_unit_test(test_pit_late_guest_coalesces),
		cmocka_unit_test(test_pit_write_makes_due_edge_wait_for_tick),
		cmocka_unit_test(test_pit_mode0_one_shot_on_channel0),
		cmocka_unit_test(test_pit_mode0_rewrite_restarts),
		cmocka_unit_test(test_pit_status_bytes),
		cmocka_unit_test(test_pit_read_back_count_and_status),
		cmocka_unit_test(test_pit_counter_latch),
		cmocka_unit_test(test_pit_access_modes),
		cmocka_unit_test(test_pit_count_zero_is_65536),
		cmocka_unit_test(test_pit_bcd_counting),
		cmocka_unit_test(test_pit_linux_calibration_2ghz),
		cmocka_unit_test(test_pit_linux_calibration_50mhz),
		cmocka_unit_test(test_pit_quick_calibration_msb),
		cmocka_unit_test(test_pit_gate_controls_counter2),
		cmocka_unit_test(test_pit_mode1_gate_trigger),
		cmocka_unit_test(test_pit_mode4_strobe),
		cmocka_unit_test(test_pit_port61_refresh_toggles),
		cmocka_unit_test(test_rtc_bcd_time_at_epoch),
		cmocka_unit_test(test_rtc_binary_and_12_hour),
		cmocka_unit_test(test_rtc_leap_day),
		cmocka_unit_test(test_rtc_year_and_century_rollover),
		cmocka_unit_test(test_rtc_uip_window),
		cmocka_unit_test(test_rtc_periodic_1024hz),
		cmocka_unit_test(test_rtc_periodic_8192hz),
		cmocka_unit_test(test_rtc_periodic_2hz),
		cmocka_unit_test(test_rtc_periodic_rs1_256hz),
		cmocka_unit_test(test_rtc_register_c_clear_on_read),
		cmocka_unit_test(test_rtc_update_and_alarm_interrupts),
		cmocka_unit_test(test_rtc_set_bit_sets_clock),
		cmocka_unit_test(test_rtc_divider_reset),
		cmocka_unit_test(test_rtc_cmos_ram_and_index),
		cmocka_unit_test(test_pic_probe_mask_readback),
		cmocka_unit_test(test_pic_init_sequence),
		cmocka_unit_test(test_pic_ocw3_irr_isr_and_poll),
		cmocka_unit_test(test_pic_ocw2_forms),
		cmocka_unit_test(test_pic_elcr),
		cmocka_unit_test(test_pmtimer_rate),
		cmocka_unit_test(test_pmtimer_24_bit_wrap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
