/* SPDX-License-Identifier: BSD-2-Clause */
/* Tiny runtime for the test guests: port I/O, serial output, exit. */
#include "rt.h"

#define COM1 0x3F8

static void rt_putc(char c)
{
	static int ready;
	if (!ready) { /* 115200 8N1, FIFO on: what GRUB leaves is not always usable */
		rt_outb(COM1 + 3, 0x80);
		rt_outb(COM1 + 0, 1);
		rt_outb(COM1 + 1, 0);
		rt_outb(COM1 + 3, 0x03);
		rt_outb(COM1 + 2, 0x07);
		ready = 1;
	}
	for (int i = 0; i < 100000 && !(rt_inb(COM1 + 5) & 0x20); i++)
		;
	rt_outb(COM1, (uint8_t)c);
}

void rt_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			rt_putc('\r');
		rt_putc(*s);
	}
}

void rt_put_dec(uint32_t v)
{
	char buf[12];
	int n = 0;
	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		rt_putc(buf[--n]);
}

void rt_exit(uint32_t status)
{
	for (int i = 0; i < 100000 && !(rt_inb(COM1 + 5) & 0x40); i++)
		;
	rt_outl(0xF4, status); /* splitvisor and QEMU's isa-debug-exit end here */
	for (const char *s = "Shutdown"; *s; s++)
		rt_outb(0x8900, (uint8_t)*s); /* bare Bochs ends here */
	for (;;)
		__asm__ volatile("cli; hlt");
}

int rt_under_splitvisor(void)
{
	uint32_t r[4];
	rt_cpuid(1, r);
	if (!((r[2] >> 31) & 1))
		return 0;
	rt_cpuid(0x40000000, r);
	return r[1] == 0x696C7053u; /* "Spli" */
}

uint32_t rt_sv_hypercall_base(void)
{
	static uint32_t base = 1; /* not read yet (no base is odd) */
	if (base == 1) {
		uint32_t r[4];
		rt_cpuid(0x40000001, r);
		base = r[1]; /* 0 from splitvisor builds before the two number spaces (benchmarks) */
	}
	return base;
}

/* Guests that take interrupts override this (a weak default keeps the others linking). */
__attribute__((weak)) void irq_handler(uint32_t vector) { (void)vector; }

uint32_t rt_cmdline_uint(uint32_t mb1_info, const char *key, uint32_t def)
{
	const uint32_t *mbi = (const uint32_t *)mb1_info;
	if (!mbi || !(mbi[0] & 4))
		return def;
	for (const char *s = (const char *)mbi[4]; *s; s++) {
		const char *k = key, *p = s;
		while (*k && *p == *k)
			k++, p++;
		if (*k)
			continue;
		uint32_t v = 0;
		while (*p >= '0' && *p <= '9')
			v = v * 10 + (uint32_t)(*p++ - '0');
		return v;
	}
	return def;
}
