/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "fuzz": a hostile guest. From its command line (seed=, ops=, xapic=, raw=,
 * checkpoint=, beyond=, triple=, progress=, show=) it runs a reproducible stream of random operations
 * that exit to the hypervisor (fuzz_ops.c, fuzz_mmio.c); faults end an operation, interrupts
 * are taken between operations. It keeps the last operations in a ring, prints what it did,
 * and ends with status 0x10 (or, with triple=1, with a triple fault; with beyond=1, with a
 * read beyond its memory). An INIT of itself brings it back through the reset vector. */
#include "fuzz.h"

#define RING 64
struct ring_entry {
	uint64_t index;
	uint32_t kind, trap;
	uint64_t arg[3];
};
static struct ring_entry ring[RING];

struct fuzz_info {
	uint32_t magic, running;
	uint64_t seed, index;
};

static struct fuzz_env env;
static uint8_t code[256] __attribute__((aligned(64)));
static uint64_t done_per_kind[32], traps_per_kind[32], traps_per_vector[32];
static volatile uint64_t irqs, irqs_nmi, calms, op_index;
static uint64_t inits; /* INITs of this vCPU survived (fuzz_resumed) */
static uint64_t init_at = ~0ULL; /* init_at=N: operation N is an INIT of itself */
static uint64_t seed;

/* ---- the command line ---- */
static const char *cmdline;

static uint64_t arg_u64(const char *key, uint64_t def)
{
	for (const char *s = cmdline; s && *s; s++) {
		const char *k = key, *p = s;
		if (s != cmdline && s[-1] != ' ')
			continue;
		while (*k && *p == *k)
			k++, p++;
		if (*k)
			continue;
		uint64_t v = 0, base = 10;
		if (p[0] == '0' && p[1] == 'x')
			base = 16, p += 2;
		for (;; p++) {
			unsigned d = *p >= '0' && *p <= '9' ? (unsigned)(*p - '0') :
				     *p >= 'a' && *p <= 'f' ? (unsigned)(*p - 'a' + 10) : 99;
			if (d >= base)
				break;
			v = v * base + d;
		}
		return v;
	}
	return def;
}

/* ---- interrupts and faults ---- */
static void calm(void);
static uint64_t window_irqs; /* interrupts since the current window opened */

void fuzz_irq(uint64_t vector)
{
	irqs++;
	/* A source that fires again as soon as the handler returns (a periodic timer at its
	 * shortest period, released by a lower TPR) never lets the window close: calm it here. */
	if (++window_irqs > 1000) {
		window_irqs = 0;
		calm();
	}
	if (vector == 2) {
		irqs_nmi++;
		return;
	}
	if ((env.apic_base & 0xC00) == 0xC00)
		wrmsr(0x80B, 0);
	else if ((env.apic_base & 0xC00) == 0x800 && env.xapic)
		*(volatile uint32_t *)(uintptr_t)((env.apic_base & ~0xFFFULL) + 0xB0) = 0;
}

static void print_ring(void)
{
	out_str("fuzz: last operations (index kind args trap):\n");
	for (uint64_t i = op_index >= RING ? op_index - RING + 1 : 0; i <= op_index; i++) {
		const struct ring_entry *e = &ring[i % RING];
		out_str("fuzz:   "), out_dec(e->index), out_str(" "), out_str(fuzz_kinds[e->kind].name);
		for (int a = 0; a < 3; a++)
			out_str(" "), out_hex(e->arg[a]);
		out_str(" "), out_hex(e->trap), out_str("\n");
	}
}

/* An exception outside any operation: the guest itself broke. */
void fuzz_fatal(uint64_t vector, uint64_t error, uint64_t rip)
{
	out_restore_uart();
	out_str("\nfuzz: FAIL exception "), out_dec(vector), out_str(" (error "), out_hex(error);
	out_str(") at RIP "), out_hex(rip), out_str(" outside an operation, seed "), out_dec(seed);
	out_str(" op "), out_dec(op_index), out_str("\n");
	print_ring();
	fuzz_exit(0x11);
}

/* Too many interrupts at once (a periodic timer at its shortest period, a level-triggered pin
 * that stays asserted): mask what the operations may have unmasked. */
static void calm(void)
{
	calms++;
	if ((env.apic_base & 0xC00) == 0xC00) {
		for (uint32_t m = 0x832; m <= 0x837; m++)
			wrmsr(m, 0x10000);
	} else if ((env.apic_base & 0xC00) == 0x800 && env.xapic) {
		for (uint32_t r = 0x320; r <= 0x370; r += 0x10)
			*(volatile uint32_t *)(uintptr_t)((env.apic_base & ~0xFFFULL) + r) = 0x10000;
	}
	volatile uint32_t *io = (volatile uint32_t *)(uintptr_t)IOAPIC_BASE;
	for (uint32_t pin = 0; pin < 24; pin++)
		io[0] = 0x10 + 2 * pin, io[4] = 0x10000;
	outb(0x3F9, 0);
	outb(0x70, 0x0B), outb(0x71, 0x02);
}

static void interrupt_window(void)
{
	uint64_t before = irqs;
	window_irqs = 0;
	fuzz_window();
	if (irqs - before > 50)
		calm();
}

/* ---- which emulated device registers the stream reached ---- */
static const uint32_t dev_regs[] = {
	0x20, 0x21, 0xA0, 0xA1, 0x4D0, 0x4D1, 0x40, 0x41, 0x42, 0x43, 0x61, 0x70, 0x71, 0x80, 0x3F8,
	0x3F9, 0x3FA, 0x3FB, 0x3FC, 0x3FD, 0x3FE, 0x3FF, 0xCF8, 0xCFC, 0xCF9, 0x64, 0x604, 0x605, 0x608,
	0x8900, 0xF4,
	IOAPIC_BASE + 0x00, IOAPIC_BASE + 0x10, IOAPIC_BASE + 0x40,
	XAPIC_BASE + 0x20, XAPIC_BASE + 0x30, XAPIC_BASE + 0x80, XAPIC_BASE + 0x90, XAPIC_BASE + 0xA0,
	XAPIC_BASE + 0xB0, XAPIC_BASE + 0xD0, XAPIC_BASE + 0xE0, XAPIC_BASE + 0xF0, XAPIC_BASE + 0x100,
	XAPIC_BASE + 0x180, XAPIC_BASE + 0x200, XAPIC_BASE + 0x280, XAPIC_BASE + 0x2F0,
	XAPIC_BASE + 0x300, XAPIC_BASE + 0x310, XAPIC_BASE + 0x320, XAPIC_BASE + 0x330,
	XAPIC_BASE + 0x340, XAPIC_BASE + 0x350, XAPIC_BASE + 0x360, XAPIC_BASE + 0x370,
	XAPIC_BASE + 0x380, XAPIC_BASE + 0x390, XAPIC_BASE + 0x3E0, XAPIC_BASE + 0x3F0,
};
#define NDEV (sizeof(dev_regs) / sizeof(dev_regs[0]))
static uint64_t dev_hits[NDEV];

static void count_device(const char *kind, uint64_t where)
{
	if (kind[0] == 'm') /* mmio: the register's 16-byte slot */
		where &= ~0xFULL;
	else if (kind[0] != 'i' && kind[0] != 's') /* io, string-io */
		return;
	for (uint32_t i = 0; i < NDEV; i++)
		if (dev_regs[i] == where)
			dev_hits[i]++;
}

static void print_coverage(void)
{
	uint32_t hit = 0;
	for (uint32_t i = 0; i < NDEV; i++)
		hit += dev_hits[i] != 0;
	out_str("fuzz: device registers reached: "), out_dec(hit), out_str(" of "), out_dec(NDEV);
	out_str(hit < NDEV ? "; never:" : "");
	for (uint32_t i = 0; i < NDEV; i++)
		if (!dev_hits[i] && !(dev_regs[i] >= XAPIC_BASE && !env.xapic))
			out_str(" "), out_hex(dev_regs[i]);
	out_str("\n");
}

/* ---- the stream ---- */
static uint32_t weight(uint32_t k)
{
	if (!env.wide && fuzz_kinds[k].gen == fuzz_gen_halt_kind)
		return 0;
	return env.fast ? fuzz_kinds[k].fast_weight : fuzz_kinds[k].weight;
}

static uint32_t pick_kind(void)
{
	static uint32_t total;
	if (!total)
		for (uint32_t k = 0; k < fuzz_nkinds; k++)
			total += weight(k);
	uint32_t r = rnd(total), k = 0;
	while (r >= weight(k))
		r -= weight(k++);
	return k;
}

static void show(const struct ring_entry *e)
{
	out_str("fuzz: op "), out_dec(e->index), out_str(" "), out_str(fuzz_kinds[e->kind].name);
	for (int a = 0; a < 3; a++)
		out_str(" "), out_hex(e->arg[a]);
	out_str(" -> "), out_hex(e->trap), out_str("\n");
}

static void run_one(uint64_t i, uint64_t show_from)
{
	struct fuzz_op op = { .code = code, .p = code };
	struct ring_entry *e = &ring[i % RING];
	rng_seed(seed, i);
	for (unsigned r = 0; r < 16; r++)
		op.regs[r] = rng();
	op.kind = pick_kind();
	if (i == init_at)
		fuzz_gen_self_init(&op, &env);
	else
		fuzz_kinds[op.kind].gen(&op, &env);
	*e = (struct ring_entry){ i, op.kind, NOTRAP, { op.arg[0], op.arg[1], op.arg[2] } };
	if (i >= show_from)
		out_restore_uart(), show(e);
	op_index = i;
	((volatile struct fuzz_info *)(uintptr_t)FUZZ_INFO)->index = i;
	uint64_t trap = fuzz_exec(code, op.regs);
	e->trap = (uint32_t)trap;
	done_per_kind[op.kind]++;
	count_device(fuzz_kinds[op.kind].name, op.arg[0]);
	if (trap != NOTRAP) {
		traps_per_kind[op.kind]++;
		traps_per_vector[trap & 31]++;
	}
	if (op.apic_write) /* IA32_APIC_BASE written: where is the APIC now? */
		env.apic_base = rdmsr(0x1B);
	interrupt_window();
}

/* Time from the ACPI PM timer (3.579545 MHz, port 0x608): the TSC is one of the fuzzer's
 * targets. Read often enough that its 24 bits never wrap in between. */
#define PM_TIMER 0x608
static uint64_t pm_ticks;
static uint32_t pm_last;

static uint32_t pm_read(void)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"((uint16_t)PM_TIMER));
	return v & 0xFFFFFF;
}

static void pm_sample(void)
{
	uint32_t now = pm_read();
	pm_ticks += (now - pm_last) & 0xFFFFFF;
	pm_last = now;
}

static void summary(uint64_t ops, uint64_t ticks)
{
	out_restore_uart();
	out_str("\nfuzz: done "), out_dec(ops), out_str(" operations in "), out_dec(ticks);
	out_str(" PM-timer ticks (3579545 Hz), seed "), out_dec(seed), out_str("\n");
	for (uint32_t k = 0; k < fuzz_nkinds; k++) {
		out_str("fuzz: kind "), out_str(fuzz_kinds[k].name), out_str(" "), out_dec(done_per_kind[k]);
		out_str(" ops, "), out_dec(traps_per_kind[k]), out_str(" faulted\n");
	}
	out_str("fuzz: faults by vector:");
	for (uint32_t v = 0; v < 32; v++)
		if (traps_per_vector[v])
			out_str(" "), out_dec(v), out_str(":"), out_dec(traps_per_vector[v]);
	out_str("\nfuzz: interrupts "), out_dec(irqs), out_str(" (NMIs "), out_dec(irqs_nmi);
	out_str("), storms calmed "), out_dec(calms), out_str(", INITs survived "), out_dec(inits), out_str("\n");
	print_coverage();
}

/* XSAVE: CR4.OSXSAVE so that XSETBV exits */
static void enable_osxsave(void)
{
	uint32_t r[4];
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(1), "c"(0));
	if (r[2] & (1u << 26)) {
		uint64_t cr4;
		__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
		__asm__ volatile("mov %0, %%cr4" ::"r"(cr4 | (1ULL << 18)));
	}
}

static void setup(uint32_t info)
{
	const uint32_t *mbi = (const uint32_t *)(uintptr_t)info;
	cmdline = (mbi[0] & 4) ? (const char *)(uintptr_t)mbi[4] : "";
	env.memory = (mbi[0] & 1) ? ((uint64_t)mbi[2] << 10) + 0x100000 : 0x1000000;
	env.xapic = arg_u64("xapic=", 0);
	env.raw = arg_u64("raw=", 0);
	env.checkpoint = arg_u64("checkpoint=", 0);
	env.fast = arg_u64("fast=", 0);
	env.wide = arg_u64("wide=", 0);
	env.apic_base = rdmsr(0x1B);
	env.x2apic_only = (env.apic_base & 0xC00) == 0xC00 && !env.xapic;
	seed = arg_u64("seed=", 1);
	for (uint32_t i = 0; i < 0x4000; i++)
		((volatile uint8_t *)(uintptr_t)(SCRATCH + 0xB000))[i] = (uint8_t)('a' + i % 26);
	volatile struct fuzz_info *fi = (volatile struct fuzz_info *)(uintptr_t)FUZZ_INFO;
	fi->seed = seed, fi->index = 0, fi->running = 1, fi->magic = FUZZ_INFO_MAGIC;
	enable_osxsave();
}

/* After an INIT this vCPU (the partition's BSP) starts at the reset vector F000:FFF0: a far jump
 * there to reset16 (fuzz_entry.asm), copied below 1 MiB, brings it back to fuzz_resumed. */
#define RESET16_GPA 0x5000u
extern const uint8_t reset16[], reset16_iret[], reset16_end[];

static void install_reset_path(void)
{
	if (arg_u64("nobsp=", 0)) /* now an INIT makes it wait for a SIPI: the partition is dead */
		wrmsr(0x1B, rdmsr(0x1B) & ~0x100ULL);
	if (arg_u64("noresume=", 0))
		return; /* the loader's reset code stays: an INIT of itself resets the partition */
	static const uint8_t jump[] = { 0xEA, RESET16_GPA & 0xFF, RESET16_GPA >> 8, 0, 0 }; /* jmp 0:5000 */
	for (const uint8_t *b = reset16; b < reset16_end; b++)
		((volatile uint8_t *)(uintptr_t)RESET16_GPA)[b - reset16] = *b;
	for (uint32_t i = 0; i < sizeof(jump); i++)
		((volatile uint8_t *)(uintptr_t)0xFFFF0)[i] = jump[i];
	/* an NMI on the way back (a device or IPI source the stream left in NMI mode) finds an IRET
	 * in real mode; in protected mode it would find no IDT, so long mode loads the IDT first */
	volatile uint16_t *ivt;
	__asm__("" : "=r"(ivt) : "0"((uintptr_t)0));
	ivt[2 * 2] = (uint16_t)(RESET16_GPA + (reset16_iret - reset16)), ivt[2 * 2 + 1] = 0;
}

static uint64_t ops_total, progress_every, show_from, cr0_start, cr4_start;

/* Operations from..ops_total-1, then the summary and the exit. */
static void __attribute__((noreturn)) run_stream(uint64_t from)
{
	for (uint64_t i = from; i < ops_total; i++) {
		run_one(i, show_from);
		if (i == 1000 && arg_u64("selftest=", 0)) /* the fuzz build's checks must see this */
			((volatile struct fuzz_info *)(uintptr_t)FUZZ_INFO)->running = 2;
		if (i % 64 == 63)
			pm_sample();
		if (progress_every && (i + 1) % progress_every == 0) {
			out_restore_uart();
			out_str("\nfuzz: "), out_dec(i + 1), out_str(" operations\n");
		}
	}
	pm_sample();
	__asm__ volatile("mov %0, %%cr0; mov %1, %%cr4" ::"r"(cr0_start), "r"(cr4_start));
	((volatile struct fuzz_info *)(uintptr_t)FUZZ_INFO)->running = 0;
	summary(ops_total, pm_ticks);
	if (arg_u64("triple=", 0)) { /* no IDT: the breakpoint's #GP becomes #DF, then a triple fault */
		struct __attribute__((packed)) { uint16_t limit; uint64_t base; } none = { 0, 0 };
		out_str("fuzz: now ending with a triple fault\n");
		__asm__ volatile("lidt %0; int3" ::"m"(none));
	}
	if (arg_u64("beyond=", 0)) {
		out_str("fuzz: now reading beyond the partition's memory\n");
		(void)*(volatile uint32_t *)(uintptr_t)(env.memory + 0x1000);
	}
	fuzz_exit(0x10);
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	setup(info);
	install_reset_path();
	ops_total = arg_u64("ops=", 100000), progress_every = arg_u64("progress=", 100000);
	show_from = arg_u64("show=", ~0ULL);
	init_at = arg_u64("init_at=", ~0ULL);
	__asm__ volatile("mov %%cr0, %0; mov %%cr4, %1" : "=r"(cr0_start), "=r"(cr4_start));
	out_str("fuzz: seed "), out_dec(seed), out_str(", "), out_dec(ops_total), out_str(" operations, memory ");
	out_dec(env.memory >> 20), out_str(" MiB, APIC base "), out_hex(env.apic_base);
	out_str(env.xapic ? ", xAPIC page too" : ""), out_str(env.raw ? ", random bytes" : "");
	out_str(env.fast ? ", fast weights" : ""), out_str("\n");
	pm_last = pm_read();
	run_stream(0);
}

/* Back from an INIT (fuzz_entry.asm): registers, control registers and the APIC were reset,
 * memory was not; the operation that was running is over. */
void fuzz_resumed(void)
{
	inits++;
	ring[op_index % RING].trap = 0x100; /* shown as "-> 0x100": INIT */
	enable_osxsave();
	env.apic_base = rdmsr(0x1B);
	out_restore_uart();
	out_str("fuzz: op "), out_dec(op_index), out_str(": an INIT restarted this vCPU at the reset vector; going on\n");
	run_stream(op_index + 1);
}
