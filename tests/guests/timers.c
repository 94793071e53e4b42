/* SPDX-License-Identifier: BSD-2-Clause */
/* Conformance guest "timers": the PC's legacy time sources as their datasheets describe them,
 * measured against the TSC: the Intel 8254 PIT (channel 0 mode 2 interrupting at its rate
 * through IOAPIC pin 2; channel 2 gated by port 0x61 with OUT2 on bit 5, as Linux calibrates the
 * TSC; the counter latch and read-back commands), the MC146818 RTC/CMOS (status registers A-D,
 * the update-in-progress bit, one second per second, BCD or binary as status B says, a CMOS RAM
 * byte), the ACPI PM timer (found through RSDP -> RSDT/XSDT -> FADT, ACPI spec 5.2; 3.579545 MHz,
 * monotonic, 24-bit wrap), the 8259 pair's mask registers, port 0x80 and an unassigned port.
 * The TSC's rate is measured three independent ways (PIT, PM timer, RTC) and they must agree.
 * No command line options. */
#include "conf.h"

#define PIT_HZ 1193182u
#define PM_HZ 3579545u

/* ---- 8254 ---- */
static uint16_t pit_latch_read(uint8_t ch) /* counter latch command, then LSB, MSB */
{
	rt_outb(0x43, (uint8_t)(ch << 6));
	uint8_t lo = rt_inb((uint16_t)(0x40 + ch));
	uint8_t hi = rt_inb((uint16_t)(0x40 + ch));
	return (uint16_t)(lo | hi << 8);
}
static void pit_program(uint8_t ch, uint8_t mode, uint16_t count)
{
	rt_outb(0x43, (uint8_t)(ch << 6 | 0x30 | mode << 1)); /* LSB then MSB, binary */
	rt_outb((uint16_t)(0x40 + ch), count & 0xFF);
	rt_outb((uint16_t)(0x40 + ch), count >> 8);
}
static uint8_t pit_readback_status(uint8_t ch) /* read-back: latch status only */
{
	rt_outb(0x43, (uint8_t)(0xE0 | (2u << ch)));
	return rt_inb((uint16_t)(0x40 + ch));
}
static uint16_t pit_readback_count(uint8_t ch) /* read-back: latch count only */
{
	rt_outb(0x43, (uint8_t)(0xD0 | (2u << ch)));
	uint8_t lo = rt_inb((uint16_t)(0x40 + ch));
	uint8_t hi = rt_inb((uint16_t)(0x40 + ch));
	return (uint16_t)(lo | hi << 8);
}

/* ---- CMOS ---- */
static uint8_t cmos_rd(uint8_t r)
{
	rt_outb(0x70, r);
	return rt_inb(0x71);
}
static void cmos_wr(uint8_t r, uint8_t v)
{
	rt_outb(0x70, r);
	rt_outb(0x71, v);
}
static int bcd_ok(uint8_t v) { return (v & 0xF) <= 9 && (v >> 4) <= 9; }
static uint8_t from_bcd(uint8_t v) { return (uint8_t)((v >> 4) * 10 + (v & 0xF)); }

/* ---- IOAPIC for PIT interrupts ---- */
static void ioapic_wr(uint32_t r, uint32_t v)
{
	*(volatile uint32_t *)0xFEC00000u = r;
	*(volatile uint32_t *)0xFEC00010u = v;
}

static volatile uint32_t hits[256];
void irq_handler(uint32_t v)
{
	hits[v]++;
	if (v != 2)
		apic_wr(0xB0, 0);
}

static uint32_t pct_diff(uint64_t a, uint64_t b) /* |a - b| in units of 0.01 % of b */
{
	uint64_t d = a > b ? a - b : b - a;
	return b ? (uint32_t)(d * 10000 / b) : 0xFFFFFFFFu;
}

/* ---- ACPI: the PM timer port ---- */
static uint16_t pm_port;
static int pm_32bit;
static int sum_ok(const uint8_t *p, uint32_t n)
{
	uint8_t s = 0;
	for (uint32_t i = 0; i < n; i++)
		s = (uint8_t)(s + p[i]);
	return s == 0;
}
static int sig(const uint8_t *p, const char *s)
{
	for (int i = 0; s[i]; i++)
		if (p[i] != (uint8_t)s[i])
			return 0;
	return 1;
}
static const uint8_t *find_rsdp(void)
{
	uint16_t seg;
	__asm__ volatile("movw 0x40E, %0" : "=r"(seg)); /* BDA: the EBDA segment */
	uint32_t ebda = (uint32_t)seg << 4;
	if (ebda >= 0x80000 && ebda < 0xA0000)
		for (uint32_t a = ebda; a < ebda + 1024; a += 16)
			if (sig((const uint8_t *)a, "RSD PTR ") && sum_ok((const uint8_t *)a, 20))
				return (const uint8_t *)a;
	for (uint32_t a = 0xE0000; a < 0x100000; a += 16)
		if (sig((const uint8_t *)a, "RSD PTR ") && sum_ok((const uint8_t *)a, 20))
			return (const uint8_t *)a;
	return 0;
}
static void acpi_checks(void)
{
	const uint8_t *rsdp = find_rsdp();
	check("acpi-rsdp-found-with-valid-checksum", rsdp != 0, "no \"RSD PTR \" with a valid checksum in the EBDA or 0xE0000-0xFFFFF");
	if (!rsdp)
		return;
	uint32_t rev = rsdp[15];
	const uint8_t *root = 0;
	int xsdt = 0;
	if (rev >= 2 && sum_ok(rsdp, *(const uint32_t *)(rsdp + 20))) {
		uint64_t x = *(const uint64_t *)(rsdp + 24);
		if (x && x < 0x100000000ULL)
			root = (const uint8_t *)(uint32_t)x, xsdt = 1;
	}
	if (!root)
		root = (const uint8_t *)*(const uint32_t *)(rsdp + 16);
	uint32_t len = *(const uint32_t *)(root + 4);
	int root_ok = sig(root, xsdt ? "XSDT" : "RSDT") && len >= 36 && len < 0x10000 && sum_ok(root, len);
	check("acpi-rsdt-or-xsdt-valid", root_ok, "%s at 0x%x: signature or checksum wrong", xsdt ? "XSDT" : "RSDT", (uint32_t)root);
	if (!root_ok)
		return;
	const uint8_t *fadt = 0;
	for (uint32_t off = 36; off + (xsdt ? 8 : 4) <= len; off += xsdt ? 8 : 4) {
		uint64_t a = xsdt ? *(const uint64_t *)(root + off) : *(const uint32_t *)(root + off);
		if (a && a < 0x100000000ULL && sig((const uint8_t *)(uint32_t)a, "FACP"))
			fadt = (const uint8_t *)(uint32_t)a;
	}
	uint32_t flen = fadt ? *(const uint32_t *)(fadt + 4) : 0;
	check("acpi-fadt-found-with-valid-checksum", fadt && flen >= 116 && sum_ok(fadt, flen), "FADT %s",
	      fadt ? "checksum wrong" : "not in the root table");
	if (!fadt)
		return;
	uint32_t port = *(const uint32_t *)(fadt + 76); /* PM_TMR_BLK */
	if (!port && flen >= 220 && fadt[208] == 1)     /* X_PM_TMR_BLK, system I/O space */
		port = (uint32_t)*(const uint64_t *)(fadt + 212);
	uint32_t flags = *(const uint32_t *)(fadt + 112);
	if (!port) {
		skip("pm-timer", "the FADT names no PM timer block");
		return;
	}
	check("acpi-pm-timer-length-4", fadt[91] == 4 || !*(const uint32_t *)(fadt + 76), "PM_TMR_LEN %u", fadt[91]);
	pm_port = (uint16_t)port;
	pm_32bit = (flags >> 8) & 1; /* TMR_VAL_EXT */
}
static uint32_t pm_read(void)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(pm_port));
	return v;
}
static uint32_t pm_mask(void) { return pm_32bit ? 0xFFFFFFFFu : 0xFFFFFFu; }

/* TSC ticks per second measured over n ticks of the PM timer */
static uint64_t tsc_hz_by_pm(uint32_t n)
{
	uint32_t m = pm_mask(), p0 = pm_read() & m, p1;
	uint64_t t0 = rt_rdtsc(), t1;
	do {
		p1 = pm_read() & m;
		t1 = rt_rdtsc();
	} while (((p1 - p0) & m) < n && t1 - t0 < 20ULL * conf_tsc_hz);
	return (t1 - t0) * PM_HZ / (((p1 - p0) & m) ? ((p1 - p0) & m) : 1);
}
/* TSC ticks per second measured over PIT channel 2, mode 0, gated by port 0x61 (Linux's way) */
static uint64_t tsc_hz_by_pit(uint16_t count, uint64_t *out_low_ticks, int *saw_low)
{
	uint8_t p61 = rt_inb(0x61);
	rt_outb(0x61, (uint8_t)((p61 & ~0x02) | 0x01));
	pit_program(2, 0, count);
	uint64_t t0 = rt_rdtsc();
	*saw_low = !(rt_inb(0x61) & 0x20);
	while (!(rt_inb(0x61) & 0x20) && rt_rdtsc() - t0 < 20ULL * conf_tsc_hz)
		;
	uint64_t t1 = rt_rdtsc();
	rt_outb(0x61, p61);
	*out_low_ticks = t1 - t0;
	return (t1 - t0) * PIT_HZ / count;
}

static uint64_t hz_pm, hz_pit, hz_rtc;

static void pit_checks(void)
{
	/* port 0x61: gate (bit 0) and speaker data (bit 1) read back */
	uint8_t p61 = rt_inb(0x61);
	rt_outb(0x61, (uint8_t)((p61 & 0xFC) | 0x01));
	uint8_t r1 = rt_inb(0x61);
	rt_outb(0x61, (uint8_t)(p61 & 0xFC));
	uint8_t r0 = rt_inb(0x61);
	check("port61-gate-bit-read-back", (r1 & 3) == 1 && (r0 & 3) == 0, "0x%x with gate on, 0x%x with gate off", r1, r0);

	/* channel 2 mode 0: OUT2 low while counting, high at terminal count (Linux's calibration) */
	int saw_low;
	uint64_t low_ticks;
	hz_pit = tsc_hz_by_pit(59659, &low_ticks, &saw_low); /* 50 ms */
	check("pit-ch2-out2-low-while-counting", saw_low, "port 0x61 bit 5 high right after programming mode 0");
	check("pit-ch2-out2-rises-at-terminal-count", low_ticks < 10ULL * conf_tsc_hz, "OUT2 never rose");

	/* gate low: mode 0 does not count (8254 datasheet, mode 0: GATE = 0 disables counting) */
	rt_outb(0x61, (uint8_t)(p61 & 0xFC));
	pit_program(2, 0, 50000);
	WAIT_US(0, 200);
	uint16_t g1 = pit_latch_read(2);
	WAIT_US(0, 2000);
	uint16_t g2 = pit_latch_read(2);
	check("pit-ch2-gate-low-holds-count", g1 == g2, "count %u then %u with the gate low", g1, g2);
	rt_outb(0x61, (uint8_t)((p61 & 0xFC) | 0x01));
	WAIT_US(0, 2000);
	uint16_t g3 = pit_latch_read(2);
	check("pit-ch2-gate-high-counts-down", g3 < g2, "count %u then %u with the gate high", g2, g3);

	/* counter latch: the latched value is the count at the latch command, not at the read */
	pit_program(2, 0, 0xFFFF);
	rt_outb(0x43, 0x80); /* latch channel 2 */
	WAIT_US(0, 10000);   /* 10 ms: about 11932 PIT clocks */
	uint8_t lo = rt_inb(0x42), hi = rt_inb(0x42);
	uint16_t l1 = (uint16_t)(lo | hi << 8), l2 = pit_latch_read(2);
	uint32_t elapsed = (uint32_t)(l1 - l2);
	check("pit-counter-latch-holds-value", l1 > l2 && elapsed > 11932 * 8 / 10 && elapsed < 11932 * 12 / 10,
	      "latched %u, read 10 ms later; a fresh latch %u (%u clocks apart, want about 11932)", l1, l2, elapsed);

	/* read-back command: status byte (OUT, null count, access, mode, BCD) and the count */
	pit_program(2, 0, 0x8000);
	uint8_t st = pit_readback_status(2);
	check("pit-readback-status-access-mode", (st & 0x3F) == 0x30, "status 0x%x, want access 11 mode 0 binary (0x30)", st);
	check("pit-readback-status-out-low-while-counting", !(st & 0x80), "status 0x%x", st);
	uint16_t c = pit_readback_count(2);
	check("pit-readback-count", c <= 0x8000 && c > 0x8000 - 20000, "count %u after programming 32768", c);
	pit_program(2, 0, 100);
	WAIT_US(0, 1000);
	st = pit_readback_status(2);
	check("pit-readback-status-out-high-after-terminal-count", (st & 0x80) != 0, "status 0x%x", st);
	rt_outb(0x61, p61);

	/* channel 0 mode 2 through IOAPIC pin 2: the interrupt rate is the programmed one */
	pit_program(0, 2, 2386); /* 500.08 Hz */
	st = pit_readback_status(0);
	check("pit-readback-status-ch0-mode2", (st & 0x3F) == 0x34, "status 0x%x, want 0x34", st);
	ioapic_wr(0x10 + 2 * 2 + 1, (apic_rd(0x20) >> 24) << 24);
	ioapic_wr(0x10 + 2 * 2, 0x40);
	__asm__ volatile("sti");
	WAIT_US(hits[0x40] >= 2, 100000);
	uint32_t n0 = hits[0x40];
	uint64_t hz = hz_pm ? hz_pm : conf_tsc_hz;
	uint64_t t0 = rt_rdtsc(), end = t0 + hz / 5; /* 200 ms */
	while (rt_rdtsc() < end)
		__asm__ volatile("pause");
	uint32_t n = hits[0x40] - n0;
	__asm__ volatile("cli");
	ioapic_wr(0x10 + 2 * 2, 1u << 16);
	check("pit-ch0-mode2-interrupt-rate", n >= 95 && n <= 105, "%u interrupts in 200 ms at 500 Hz (want 95-105)", n);
}

static void pm_checks(void)
{
	if (!pm_port)
		return;
	uint32_t m = pm_mask(), prev = pm_read(), back = 0, upper = 0;
	for (int i = 0; i < 20000; i++) {
		uint32_t v = pm_read();
		if (!pm_32bit && (v & 0xFF000000u))
			upper = v;
		if (((v - prev) & m) > m / 2)
			back = 1; /* went backwards (a "wrap" of more than half the range) */
		prev = v;
	}
	check("pm-timer-monotonic", !back, "a read lower than the one before (modulo the %s-bit wrap)", pm_32bit ? "32" : "24");
	if (!pm_32bit)
		check("pm-timer-24-bit-upper-byte-zero", !upper, "read 0x%x", upper);
	hz_pm = tsc_hz_by_pm(PM_HZ / 10); /* 100 ms */
	/* a 24-bit counter wraps every 4.69 s: see it wrap from near 2^24 to near 0 */
	if (!pm_32bit) {
		uint32_t p = pm_read() & m, last = p, before = 0, after = 0;
		uint64_t end = rt_rdtsc() + hz_pm * 5;
		while (rt_rdtsc() < end) {
			uint32_t v = pm_read() & m;
			if (v < last) {
				before = last, after = v;
				break;
			}
			last = v;
		}
		check("pm-timer-wraps-at-24-bits", before > 0xFF0000u && after < 0x10000u, "last 0x%x before the wrap, 0x%x after",
		      before, after);
	}
}

/* the RTC keeps time (one second per second), binary mode, CMOS RAM */
static void rtc_rate_checks(uint64_t hz, uint8_t b, int bin)
{
	/* one second per second: two changes of the seconds register, TSC between them */
	uint8_t s0 = cmos_rd(0x00);
	uint64_t e0 = 0, e1 = 0, stop = rt_rdtsc() + hz * 3;
	while (rt_rdtsc() < stop) {
		uint8_t v = cmos_rd(0x00);
		if (v != s0) {
			s0 = v;
			if (!e0)
				e0 = rt_rdtsc();
			else {
				e1 = rt_rdtsc();
				break;
			}
		}
	}
	hz_rtc = e1 ? e1 - e0 : 0;
	check("rtc-seconds-advance-once-per-second", e1 != 0, "the seconds register did not change twice in 3 s");

	/* binary mode: the same time, in binary (status B bit 2) */
	while (cmos_rd(0x0A) & 0x80)
		;
	uint8_t sb = cmos_rd(0x00);
	cmos_wr(0x0B, (uint8_t)(b | 0x04));
	uint8_t sbin = cmos_rd(0x00);
	check("rtc-binary-mode-reads-binary", sbin < 60 && ((bin ? sb : from_bcd(sb)) + 60 - sbin) % 60 <= 1,
	      "seconds 0x%x, then %u in binary mode", sb, sbin);
	cmos_wr(0x0B, (uint8_t)(b & ~0x04));
	uint8_t sbcd = cmos_rd(0x00);
	check("rtc-bcd-mode-reads-bcd", bcd_ok(sbcd) && (from_bcd(sbcd) + 60 - sbin) % 60 <= 1, "seconds 0x%x in BCD mode", sbcd);
	cmos_wr(0x0B, b);
	check("rtc-status-b-read-write", cmos_rd(0x0B) == b, "status B 0x%x after restoring 0x%x", cmos_rd(0x0B), b);

	/* a CMOS RAM byte (general purpose area 0x0E-0x7F); bit 7 of the index port is NMI mask */
	uint8_t old = cmos_rd(0x6F);
	cmos_wr(0x6F, 0xA5);
	uint8_t v1 = cmos_rd(0x6F);
	cmos_wr(0x6F, 0x5A);
	rt_outb(0x70, 0x80 | 0x6F);
	uint8_t v2 = rt_inb(0x71);
	cmos_wr(0x6F, old);
	rt_outb(0x70, 0x0D); /* NMI unmasked again */
	check("cmos-ram-byte-read-write", v1 == 0xA5 && v2 == 0x5A, "0x%x after writing 0xA5, 0x%x after 0x5A (index with bit 7)", v1,
	      v2);
}

static void rtc_checks(void)
{
	uint8_t a = cmos_rd(0x0A), b = cmos_rd(0x0B), d = cmos_rd(0x0D);
	check("rtc-status-a-divider-32768hz", (a & 0x70) == 0x20, "status A 0x%x, want divider bits 010", a);
	check("rtc-status-d-valid-ram-and-time", (d & 0x80) != 0, "status D 0x%x", d);
	/* reading C clears its flags; the periodic flag (PF, bit 6) sets again at every periodic tick
	 * (1024 Hz at RS = 6) whether or not PIE is on, so it may be set again by the second read */
	cmos_rd(0x0C);
	uint8_t c2 = cmos_rd(0x0C);
	uint8_t stale = c2 & 0xA0;
	check("rtc-status-c-cleared-by-read", stale == 0 || (c2 & 0x10), "status C 0x%x on a second read", c2);
	/* the time fields in the format status B names: DM (bit 2) binary or BCD, 24/12 (bit 1) */
	while (cmos_rd(0x0A) & 0x80)
		;
	uint8_t s = cmos_rd(0x00), mi = cmos_rd(0x02), h = cmos_rd(0x04), dm = cmos_rd(0x07), mo = cmos_rd(0x08);
	int bin = (b >> 2) & 1, h24 = (b >> 1) & 1;
	uint8_t hh = h & 0x7F;
	int valid;
	if (bin)
		valid = s < 60 && mi < 60 && (h24 ? h < 24 : (hh >= 1 && hh <= 12)) && dm >= 1 && dm <= 31 && mo >= 1 && mo <= 12;
	else
		valid = bcd_ok(s) && bcd_ok(mi) && bcd_ok(hh) && bcd_ok(dm) && bcd_ok(mo) && from_bcd(s) < 60 && from_bcd(mi) < 60 &&
			(h24 ? from_bcd(hh) < 24 : (from_bcd(hh) >= 1 && from_bcd(hh) <= 12)) && from_bcd(dm) >= 1 &&
			from_bcd(dm) <= 31 && from_bcd(mo) >= 1 && from_bcd(mo) <= 12;
	check("rtc-time-valid-in-status-b-format", valid, "%s %s: %x:%x:%x day %x month %x", bin ? "binary" : "BCD",
	      h24 ? "24h" : "12h", h, mi, s, dm, mo);

	/* UIP (status A bit 7) rises before each update and falls within 2228 us (244 + 1984) */
	uint64_t hz = hz_pm ? hz_pm : conf_tsc_hz;
	uint64_t give_up = rt_rdtsc() + hz * 3, t_up = 0, t_down = 0;
	while (rt_rdtsc() < give_up)
		if (cmos_rd(0x0A) & 0x80) {
			t_up = rt_rdtsc();
			break;
		}
	if (t_up)
		while (rt_rdtsc() < t_up + hz / 100)
			if (!(cmos_rd(0x0A) & 0x80)) {
				t_down = rt_rdtsc();
				break;
			}
	check("rtc-uip-sets-and-clears", t_up && t_down, "UIP %s", !t_up ? "never set in 3 s" : "still set after 10 ms");
	if (t_down)
		check("rtc-uip-high-at-most-2228us", (t_down - t_up) * 1000000 / hz <= 2300, "UIP high for %llu us",
		      (t_down - t_up) * 1000000 / hz);
	rtc_rate_checks(hz, b, bin);
}

static void misc_checks(void)
{
	/* 8259 pair: IMR (OCW1) read back; nothing in service */
	uint8_t m1 = rt_inb(0x21), m2 = rt_inb(0xA1);
	rt_outb(0x21, 0xFF);
	rt_outb(0xA1, 0xFF);
	uint8_t r1 = rt_inb(0x21), r2 = rt_inb(0xA1);
	rt_outb(0x21, 0xA5);
	rt_outb(0xA1, 0x5A);
	uint8_t r3 = rt_inb(0x21), r4 = rt_inb(0xA1);
	rt_outb(0x21, 0xFF);
	rt_outb(0xA1, 0xFF);
	check("8259-mask-registers-read-back", r1 == 0xFF && r2 == 0xFF && r3 == 0xA5 && r4 == 0x5A,
	      "master 0x%x/0x%x, slave 0x%x/0x%x (want 0xff/0xa5, 0xff/0x5a)", r1, r3, r2, r4);
	(void)m1;
	(void)m2;
	rt_outb(0x20, 0x0B); /* OCW3: read ISR */
	uint8_t isr1 = rt_inb(0x20);
	rt_outb(0xA0, 0x0B);
	uint8_t isr2 = rt_inb(0xA0);
	rt_outb(0x20, 0x0A);
	rt_outb(0xA0, 0x0A);
	check("8259-isr-empty", isr1 == 0 && isr2 == 0, "ISR master 0x%x, slave 0x%x", isr1, isr2);
	/* port 0x80 (POST codes): writes go nowhere and break nothing */
	for (int i = 0; i < 16; i++)
		rt_outb(0x80, (uint8_t)i);
	check("port-0x80-writes-harmless", 1, "%s", "unreachable");
	/* a port no PC device decodes: reads float high */
	uint32_t l;
	uint16_t w;
	uint8_t bt = rt_inb(0x2F0);
	__asm__ volatile("inw %1, %0" : "=a"(w) : "Nd"((uint16_t)0x2F0));
	__asm__ volatile("inl %1, %0" : "=a"(l) : "Nd"((uint16_t)0x2F0));
	check("unassigned-port-reads-all-ones", bt == 0xFF && w == 0xFFFF && l == 0xFFFFFFFFu, "port 0x2F0: byte 0x%x, word 0x%x, dword 0x%x",
	      bt, w, l);
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	conf_init("timers");
	apic_wr(0xF0, 0x15F);
	acpi_checks();
	pm_checks();
	pit_checks();
	rtc_checks();
	misc_checks();
	/* the TSC rate three ways: PIT channel 2, PM timer, RTC seconds */
	if (hz_pm)
		check("tsc-rate-pit-agrees-with-pm-timer", pct_diff(hz_pit, hz_pm) <= 200, "PIT %llu Hz, PM timer %llu Hz", hz_pit, hz_pm);
	if (hz_rtc)
		check("tsc-rate-rtc-agrees-with-pit", pct_diff(hz_rtc, hz_pit) <= 200, "RTC second %llu ticks, PIT %llu Hz", hz_rtc, hz_pit);
	uint32_t r[4];
	rt_cpuid(0, r);
	if (r[0] >= 0x15) {
		cpuid2(0x15, 0, r);
		if (r[0] && r[1] && r[2]) {
			uint64_t hz15 = (uint64_t)r[2] * r[1] / r[0];
			check("cpuid-15-tsc-rate-agrees-with-pit", pct_diff(hz15, hz_pit) <= 200, "CPUID.15h %llu Hz, PIT %llu Hz", hz15, hz_pit);
		}
	}
	conf_printf("timers: TSC %llu Hz by PIT, %llu by PM timer, %llu by RTC\n", hz_pit, hz_pm, hz_rtc);
	conf_done();
}
