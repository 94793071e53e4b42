/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared helpers of the conformance guests: check lines, the summary, fault catching, the AP
 * start and a TSC calibration. See conf.h. */
#include <stdarg.h>
#include "conf.h"

static const char *guest_name = "guest";
static uint32_t passed, failed, skipped;
volatile uint32_t conf_stray_count, conf_stray_last;
volatile uint32_t conf_ap_arrived;
uint64_t conf_tsc_hz;

extern const uint32_t conf_idt_stubs[256];
extern const uint8_t ap_tramp_start[], ap_tramp_end[];

/* ---- output: to the serial port, or into a buffer (cname) ---- */
static char *out_buf, *out_end;

static void emit(const char *s)
{
	if (!out_buf) {
		rt_puts(s);
		return;
	}
	for (; *s && out_buf < out_end; s++)
		*out_buf++ = *s;
	*out_buf = 0;
}

static void put_num(uint64_t v, unsigned base, int width, char pad)
{
	char buf[24];
	int n = 0;
	do {
		unsigned d = (unsigned)(v % base);
		buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	char s[2] = {pad, 0};
	while (width-- > n)
		emit(s);
	while (n) {
		s[0] = buf[--n];
		emit(s);
	}
}

static void vprint(const char *fmt, va_list ap)
{
	char s[2] = {0, 0};
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			s[0] = *fmt;
			emit(s);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, longs = 0;
		if (*fmt == '0')
			pad = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l')
			longs++, fmt++;
		switch (*fmt) {
		case 's': emit(va_arg(ap, const char *)); break;
		case 'c': s[0] = (char)va_arg(ap, int); emit(s); break;
		case 'd': {
			int64_t v = longs >= 2 ? va_arg(ap, int64_t) : va_arg(ap, int);
			if (v < 0) {
				emit("-");
				v = -v;
			}
			put_num((uint64_t)v, 10, width, pad);
			break;
		}
		case 'u':
		case 'x': {
			uint64_t v = longs >= 2 ? va_arg(ap, uint64_t) : va_arg(ap, uint32_t);
			put_num(v, *fmt == 'u' ? 10 : 16, width, pad);
			break;
		}
		case '%': emit("%"); break;
		default: emit("?"); break;
		}
	}
}

void conf_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
}

const char *cname(char *buf, uint32_t size, const char *fmt, ...)
{
	out_buf = buf;
	out_end = buf + size - 1;
	*buf = 0;
	va_list ap;
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
	out_buf = 0;
	return buf;
}

int check(const char *name, int cond, const char *fmt, ...)
{
	if (cond) {
		passed++;
		conf_printf("ok %s\n", name);
		return 1;
	}
	failed++;
	conf_printf("FAIL %s: ", name);
	va_list ap;
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
	rt_puts("\n");
	return 0;
}

void skip(const char *name, const char *why)
{
	skipped++;
	conf_printf("skip %s: %s\n", name, why);
}

void conf_done(void)
{
	__asm__ volatile("cli");
	if (conf_stray_count)
		conf_printf("note: %u interrupt(s) on unexpected vectors, the last 0x%x\n", conf_stray_count, conf_stray_last);
	if (skipped)
		conf_printf("%s: %u passed, %u failed, %u skipped\n", guest_name, passed, failed, skipped);
	else
		conf_printf("%s: %u passed, %u failed\n", guest_name, passed, failed);
	rt_exit(failed ? 1 : 0);
}

const char *fault_name(uint32_t vector)
{
	switch (vector) {
	case NOFAULT: return "no fault";
	case GP: return "#GP";
	case UD: return "#UD";
	default: return "another exception";
	}
}

/* ---- faults and stray interrupts ---- */

void conf_fault(const uint32_t *frame)
{
	failed++;
	conf_printf("FAIL unexpected-exception: vector %u, error code 0x%x, at EIP 0x%x\n", frame[0], frame[1],
		    frame[2]);
	conf_done();
}

void conf_stray(uint32_t vector)
{
	conf_stray_count++;
	conf_stray_last = vector;
	/* EOI only what is in service (the spurious vector is not) */
	uint32_t word = vector / 32, bit = 1u << (vector % 32);
	if (apic_is_x2()) {
		if (rt_rdmsr(0x810 + word) & bit)
			rt_wrmsr(0x80B, 0);
	} else if ((rt_rdmsr(0x1B) >> 11) & 1) {
		if (apic_rd(0x100 + word * 0x10) & bit)
			apic_wr(0xB0, 0);
	}
}

static void idt_fill(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint32_t base;
	} d;
	__asm__ volatile("sidt %0" : "=m"(d));
	volatile uint32_t *idt = (volatile uint32_t *)d.base;
	uint16_t cs;
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	for (uint32_t v = 0; v < 256; v++) {
		if (v == 2 || v == 6 || v == 13 || (v >= 0x40 && v < 0x60))
			continue; /* trap.asm's */
		uint32_t h = conf_idt_stubs[v];
		idt[v * 2] = ((uint32_t)cs << 16) | (h & 0xFFFF);
		idt[v * 2 + 1] = (h & 0xFFFF0000u) | 0x8E00;
	}
}

void conf_init(const char *guest)
{
	guest_name = guest;
	trap_install();
	irq_install();
	idt_fill();
	conf_tsc_calibrate();
}

/* ---- time ---- */

uint64_t conf_tsc_calibrate(void)
{
	/* PIT channel 2, mode 0, 50 ms; OUT2 (port 0x61 bit 5) rises at terminal count */
	const uint32_t latch = 1193182 / 20;
	uint8_t old61 = rt_inb(0x61);
	rt_outb(0x61, (uint8_t)((old61 & ~0x02) | 0x01)); /* gate on, speaker off */
	rt_outb(0x43, 0xB0);                              /* ch2, lobyte/hibyte, mode 0, binary */
	rt_outb(0x42, latch & 0xFF);
	rt_outb(0x42, (uint8_t)(latch >> 8));
	uint64_t t0 = rt_rdtsc(), t1 = t0;
	uint32_t spins = 0;
	while (!(rt_inb(0x61) & 0x20) && ++spins < 50000000u)
		;
	t1 = rt_rdtsc();
	rt_outb(0x61, old61);
	uint64_t hz = (t1 - t0) * 20;
	if (hz < 10000000ULL || hz > 10000000000ULL) {
		conf_printf("note: TSC calibration against PIT channel 2 gave %llu Hz; using 1 GHz for time-outs\n", hz);
		hz = 1000000000ULL;
	}
	conf_tsc_hz = hz;
	return hz;
}

/* ---- APs ---- */

__attribute__((weak)) void ap_main(uint32_t index)
{
	(void)index;
	conf_ap_enter();
	for (;;)
		__asm__ volatile("cli; hlt");
}

void conf_ap_enter(void)
{
	trap_install();
	irq_install(); /* the BSP's IDT, catch-all included */
	__atomic_fetch_add(&conf_ap_arrived, 1, __ATOMIC_SEQ_CST);
}

static void icr_all_but_self(uint32_t lo)
{
	if (apic_is_x2()) {
		rt_wrmsr(0x830, (3u << 18) | lo);
	} else {
		apic_wr(0x310, 0);
		apic_wr(0x300, (3u << 18) | lo);
		WAIT_US(!(apic_rd(0x300) & (1u << 12)), 1000);
	}
}

uint32_t conf_start_aps(uint32_t expect)
{
	for (const uint8_t *p = ap_tramp_start; p < ap_tramp_end; p++)
		((volatile uint8_t *)0x7000u)[p - ap_tramp_start] = *p;
	icr_all_but_self(0x4500); /* INIT, level assert */
	WAIT_US(0, 10000);        /* 10 ms */
	icr_all_but_self(0x4607); /* STARTUP, vector 7: 0x7000 */
	WAIT_US(0, 200);
	icr_all_but_self(0x4607);
	WAIT_US(conf_ap_arrived >= expect, 1000000);
	WAIT_US(0, 10000); /* any AP beyond those expected */
	return conf_ap_arrived;
}

/* ---- 64-bit division for -m32 without libgcc ---- */
uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem);
uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint64_t q = 0, r = 0;
	if (d == 0)
		d = 1; /* no trap: the callers divide by measured values */
	for (int i = 63; i >= 0; i--) {
		r = (r << 1) | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= 1ULL << i;
		}
	}
	if (rem)
		*rem = r;
	return q;
}
uint64_t __udivdi3(uint64_t n, uint64_t d) { return __udivmoddi4(n, d, 0); }
uint64_t __umoddi3(uint64_t n, uint64_t d)
{
	uint64_t r;
	__udivmoddi4(n, d, &r);
	return r;
}
