/* SPDX-License-Identifier: BSD-2-Clause */
/* The fuzzer guest's runtime: random numbers, code emission, console output, the end. */
#include "fuzz.h"

extern const uint8_t fuzz_exec_done[];

static uint64_t rng_state;

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void rng_seed(uint64_t seed, uint64_t index)
{
	uint64_t s = seed * 0x2545F4914F6CDD1DULL + index;
	rng_state = splitmix(&s) ^ index;
}

uint64_t rng(void) { return splitmix(&rng_state); }

uint64_t pick64(const uint64_t *v, uint32_t n) { return v[rnd(n)]; }

void emitn(struct fuzz_op *op, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		emit1(op, (uint8_t)(v >> (8 * i)));
}

void fuzz_end(struct fuzz_op *op)
{
	emit1(op, 0xE9); /* JMP rel32 to fuzz_exec_done */
	int64_t rel = (int64_t)(uintptr_t)fuzz_exec_done - (int64_t)(uintptr_t)(op->p + 4);
	emitn(op, (uint64_t)rel, 4);
}

/* Fixed, lowest priority, SMI, NMI, ExtINT in any form; INIT and SIPI only to the others
 * (the fuzzer is the partition's only vCPU: a reset of itself would end the stream). */
uint64_t fuzz_icr_value(const struct fuzz_env *env)
{
	static const uint64_t dest[] = { 0, 0, 1, 2, 3, 0xFF, 0xFFFFFFFFu, 0x80, 0x10 };
	uint64_t vec = chance(80) ? 0x40 + rnd(0xC0) : rnd(256);
	uint64_t mode = rnd(8), shorthand = rnd(4);
	bool self_init = env->wide && mode == 5 && chance(2); /* physical destination 0: this vCPU */
	if ((mode == 5 || mode == 6) && shorthand != 3 && !self_init)
		shorthand = 3;
	uint64_t v = vec | (mode << 8) | ((uint64_t)rnd(2) << 11) | ((uint64_t)rnd(2) << 14) |
		     ((uint64_t)rnd(2) << 15) | (shorthand << 18) | (PICK(dest) << 32);
	if (self_init)
		return (5 << 8) | (1 << 14); /* INIT, level assert, physical destination 0: itself */
	if (chance(5))
		v ^= rng() & 0xFFF3000000000000ULL; /* reserved bits */
	return v;
}

/* ---- console ---- */
#define COM1 0x3F8

/* What the operations may have done to the UART (divisor latch, loopback, interrupts) undone. */
void out_restore_uart(void)
{
	outb(COM1 + 3, 0x80);
	outb(COM1 + 0, 1);
	outb(COM1 + 1, 0);
	outb(COM1 + 3, 0x03);
	outb(COM1 + 1, 0x00);
	outb(COM1 + 2, 0x07);
	outb(COM1 + 4, 0x03);
}

static void putc_raw(char c)
{
	for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
		;
	outb(COM1, (uint8_t)c);
}

void out_str(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			putc_raw('\r');
		putc_raw(*s);
	}
}

void out_dec(uint64_t v)
{
	char buf[24];
	int n = 0;
	do {
		buf[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		putc_raw(buf[--n]);
}

void out_hex(uint64_t v)
{
	out_str("0x");
	int shift = 60;
	while (shift > 0 && !((v >> shift) & 0xF))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		putc_raw("0123456789abcdef"[(v >> shift) & 0xF]);
}

void fuzz_exit(uint32_t status)
{
	for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x40); i++)
		;
	__asm__ volatile("outl %0, %1" ::"a"(status), "Nd"((uint16_t)0xF4));
	for (const char *s = "Shutdown"; *s; s++)
		outb(0x8900, (uint8_t)*s);
	for (;;)
		__asm__ volatile("cli; hlt");
}
