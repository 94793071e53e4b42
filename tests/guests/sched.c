/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "sched": what shared cores must get right, from the guest's side. One of three tests,
 * chosen on the command line (multiboot v1), on cpus=N vCPUs started by INIT-SIPI-SIPI:
 *   spin=MS      every vCPU counts for MS milliseconds; on one core each gets an equal share
 *   lat=N        halt-polling's ring-0 benchmark: vCPU 0 halts, about delay=US later vCPU 1 reads
 *                the TSC and sends it an IPI, vCPU 0's handler reads the TSC first; N samples
 *   shoot=N      vCPU 0 remaps a page and shoots it down on the others (Shoot4U hypercall, or
 *                IPIs when the hypervisor does not offer it, or with ipi=1); every other vCPU
 *                must then read the new page, never the stale one
 * Times are TSC ticks; the TSC rate is measured against PIT channel 2. */
#include "rt.h"

#define TRAMPOLINE 0x7000u
#define MAX_CPUS 8
#define VEC_WAKE 0x52  /* lat: vCPU 1 -> vCPU 0 */
#define VEC_FLUSH 0x53 /* shoot, IPI baseline: "flush X" */
#define SHOOT4U 3      /* splitvisor's hypercall SV_HC_BASE + 3 */

extern const uint8_t ap_tramp_start[], ap_tramp_end[];

static uint32_t ncpu = 2, mode_arg, delay_ticks;
static uint64_t tsc_hz;
static volatile uint32_t started, go, stop;

/* ---- small helpers ---- */

/* n / d for a 32-bit guest without libgcc: two DIVs, high half first. */
static uint64_t div64(uint64_t n, uint32_t d)
{
	uint32_t hi = (uint32_t)(n >> 32), lo = (uint32_t)n, qhi = hi / d, r = hi % d, qlo;
	__asm__("divl %2" : "=a"(qlo), "+d"(r) : "rm"(d), "a"(lo));
	return ((uint64_t)qhi << 32) | qlo;
}

static void put_u64(uint64_t v)
{
	char buf[24];
	int n = 0;
	do {
		uint64_t q = div64(v, 10);
		buf[n++] = (char)('0' + (v - q * 10));
		v = q;
	} while (v);
	char out[2] = { 0, 0 };
	while (n) {
		out[0] = buf[--n];
		rt_puts(out);
	}
}

static void send_ipi(uint32_t dest, uint32_t low) { rt_wrmsr(0x830, ((uint64_t)dest << 32) | low); }

/* PIT channel 2 gate, 50 ms one-shot: TSC ticks in that time, times 20. */
static uint64_t measure_tsc_hz(void)
{
	uint8_t old61 = rt_inb(0x61);
	rt_outb(0x61, (uint8_t)((old61 & ~0x02) | 0x01));
	rt_outb(0x43, 0xB0);
	rt_outb(0x42, 59659 & 0xFF);
	rt_outb(0x42, 59659 >> 8);
	uint64_t t0 = rt_rdtsc();
	for (uint32_t spins = 0; !(rt_inb(0x61) & 0x20) && spins < 50000000u; spins++)
		;
	uint64_t hz = (rt_rdtsc() - t0) * 20;
	rt_outb(0x61, old61);
	return hz > 1000000 ? hz : 1000000000ULL;
}

static void start_aps(void)
{
	for (const uint8_t *p = ap_tramp_start; p < ap_tramp_end; p++)
		((volatile uint8_t *)TRAMPOLINE)[p - ap_tramp_start] = *p;
	for (uint32_t id = 1; id < ncpu; id++) {
		send_ipi(id, 0x4500); /* INIT */
		rt_delay(10000);
		send_ipi(id, 0x4607); /* STARTUP vector 7, twice as on a PC */
		rt_delay(2000);
		send_ipi(id, 0x4607);
	}
	uint64_t give_up = rt_rdtsc() + 20 * tsc_hz;
	while (started < ncpu - 1 && rt_rdtsc() < give_up)
		;
}

/* ---- spin: fairness ---- */

static volatile uint32_t spins[MAX_CPUS];
static volatile uint64_t spin_end; /* written before go */

static void spin(uint32_t me)
{
	while (!go)
		;
	while (!stop) {
		spins[me]++;
		if (rt_rdtsc() >= spin_end)
			stop = 1;
	}
}

static uint32_t run_spin(void)
{
	spin_end = rt_rdtsc() + div64(tsc_hz, 1000) * mode_arg;
	__atomic_store_n(&go, 1, __ATOMIC_SEQ_CST);
	spin(0);
	rt_delay(10000); /* the others see stop */
	uint32_t lo = 0xFFFFFFFFu, hi = 0;
	rt_puts("sched: spin:");
	for (uint32_t i = 0; i < ncpu; i++) {
		rt_puts(" vCPU ");
		rt_put_dec(i);
		rt_puts(" ");
		rt_put_dec(spins[i]);
		lo = spins[i] < lo ? spins[i] : lo;
		hi = spins[i] > hi ? spins[i] : hi;
	}
	uint32_t permille = lo ? (uint32_t)div64((uint64_t)(hi - lo) * 1000, lo) : 1000;
	rt_puts("; TSC ");
	put_u64(div64(tsc_hz, 1000));
	rt_puts(" kHz; spread ");
	rt_put_dec(permille / 10);
	rt_puts(".");
	rt_put_dec(permille % 10);
	rt_puts("%\n");
	return permille <= 50 ? 0x10 : 0x11;
}

/* ---- lat: the halt-polling seed's benchmark ---- */

#define MAX_SAMPLES 20000
static uint32_t samples[MAX_SAMPLES];
static volatile uint32_t lat_armed, lat_seq;
static uint32_t idle_samples, idle_ticks; /* idle=US: 20 more samples that far apart */
static volatile uint64_t t_send, t_recv;

/* vCPU 0's handler for VEC_WAKE: its first instruction reads the TSC. */
__asm__(".globl wake_stub\n"
	"wake_stub:\n"
	"	rdtsc\n"
	"	movl %eax, t_recv\n"
	"	movl %edx, t_recv+4\n"
	"	pushl %eax\n"
	"	pushl %ecx\n"
	"	pushl %edx\n"
	"	movl $0x80B, %ecx\n"
	"	xorl %eax, %eax\n"
	"	xorl %edx, %edx\n"
	"	wrmsr\n"
	"	incl lat_seq\n"
	"	popl %edx\n"
	"	popl %ecx\n"
	"	popl %eax\n"
	"	iret\n");
extern void wake_stub(void);

static void set_gate(uint32_t vector, void (*fn)(void))
{
	struct __attribute__((packed)) { uint16_t limit; uint32_t base; } idtr;
	__asm__ volatile("sidt %0" : "=m"(idtr));
	volatile uint32_t *gate = (volatile uint32_t *)(idtr.base + vector * 8);
	uint32_t a = (uint32_t)fn;
	gate[0] = (gate[0] & 0xFFFF0000u) | (a & 0xFFFF);
	gate[1] = (a & 0xFFFF0000u) | (gate[1] & 0xFFFF);
}

static void lat_sender(void)
{
	for (uint32_t i = 0; i < mode_arg + idle_samples; i++) {
		if (i == mode_arg)
			delay_ticks = idle_ticks;
		while (lat_armed != i + 1)
			;
		rt_delay(delay_ticks);
		t_send = rt_rdtsc();
		send_ipi(0, VEC_WAKE);
	}
}

static void sort(uint32_t *a, uint32_t n)
{
	for (uint32_t gap = n / 2; gap; gap /= 2) /* Shell sort: no library here */
		for (uint32_t i = gap; i < n; i++)
			for (uint32_t j = i; j >= gap && a[j - gap] > a[j]; j -= gap) {
				uint32_t t = a[j];
				a[j] = a[j - gap];
				a[j - gap] = t;
			}
}

static void lat_samples(uint32_t first, uint32_t n)
{
	for (uint32_t i = first; i < n; i++) {
		uint32_t seen = lat_seq;
		lat_armed = i + 1;
		for (;;) { /* STI; HLT: no wake-up can slip in between the check and the halt */
			__asm__ volatile("cli" ::: "memory");
			if (lat_seq != seen)
				break;
			__asm__ volatile("sti; hlt" ::: "memory");
		}
		__asm__ volatile("sti");
		samples[i] = (uint32_t)(t_recv - t_send);
	}
}

/* The sorted samples' percentiles 1..100, ten to a line (the console wraps long lines): a CDF
 * for the benchmark's plots. "sched: lat-cdf 11: ..." starts at the 11th percentile. */
static void print_cdf(const char *what, uint32_t n)
{
	for (uint32_t p = 1; p <= 100; p++) {
		uint32_t i = (uint32_t)div64((uint64_t)n * p, 100);
		if (p % 10 == 1) {
			rt_puts("sched: ");
			rt_puts(what);
			rt_puts("-cdf ");
			rt_put_dec(p);
			rt_puts(":");
		}
		rt_puts(" ");
		rt_put_dec(samples[i ? i - 1 : 0]);
		if (p % 10 == 0)
			rt_puts("\n");
	}
}

static uint32_t run_lat(void)
{
	uint32_t n = mode_arg < MAX_SAMPLES ? mode_arg : MAX_SAMPLES;
	set_gate(VEC_WAKE, wake_stub);
	__asm__ volatile("sti");
	lat_samples(0, n);
	__asm__ volatile("cli");
	if (rt_under_splitvisor())
		rt_vmcall(SV_HC_STATS_CHECKPOINT, 2);
	if (idle_samples) { /* long halts, past any window: it must shrink */
		delay_ticks = idle_ticks;
		__asm__ volatile("sti");
		lat_samples(n, n + idle_samples);
		__asm__ volatile("cli");
		if (rt_under_splitvisor())
			rt_vmcall(SV_HC_STATS_CHECKPOINT, 4);
	}
	uint64_t sum = 0;
	for (uint32_t i = 0; i < n; i++)
		sum += samples[i];
	sort(samples, n);
	rt_puts("sched: lat: ");
	rt_put_dec(n);
	rt_puts(" samples, ticks min ");
	rt_put_dec(samples[0]);
	rt_puts(" mean ");
	rt_put_dec((uint32_t)div64(sum, n));
	rt_puts(" median ");
	rt_put_dec(samples[n / 2]);
	rt_puts(" p90 ");
	rt_put_dec(samples[n * 90 / 100]);
	rt_puts(" p99 ");
	rt_put_dec(samples[n * 99 / 100]);
	rt_puts(" max ");
	rt_put_dec(samples[n - 1]);
	rt_puts("\n");
	print_cdf("lat", n);
	return 0x10;
}

/* ---- shoot: TLB shootdown correctness and latency ---- */

#define PD 0x600000u
#define PT 0x601000u
#define X 0x3FF000u                 /* the remapped linear page */
#define PAGE(k) (0x610000u + 0x1000u * (k)) /* three physical pages, contents 0xA0 + k */

static volatile uint32_t gen, acks, stale, flush_irqs;
static uint32_t use_ipi, no_flush;

static void paging_on(void)
{
	__asm__ volatile("mov %0, %%cr3" ::"r"(PD) : "memory");
	uint32_t cr4;
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" ::"r"(cr4 | 0x10) : "memory"); /* PSE */
	uint32_t cr0;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %0, %%cr0" ::"r"(cr0 | 0x80000000u) : "memory");
}

/* 0-4 MiB in 4 KiB pages (X among them), 4-16 MiB in 4 MiB pages, all identity but X. */
static void paging_build(void)
{
	volatile uint32_t *pd = (volatile uint32_t *)PD, *pt = (volatile uint32_t *)PT;
	for (uint32_t i = 0; i < 1024; i++) {
		pt[i] = (i << 12) | 3;
		pd[i] = i < 4 ? (i << 22) | 0x83 : 0;
	}
	pd[0] = PT | 3;
	for (uint32_t k = 0; k < 3; k++)
		for (uint32_t b = 0; b < 4096; b += 4)
			*(volatile uint32_t *)(PAGE(k) + b) = 0xA0u + k;
	pt[X >> 12] = PAGE(0) | 3;
}

static void shoot_target(uint32_t me)
{
	uint32_t seen = 0;
	while (!stop) {
		uint32_t g = gen;
		uint32_t v = *(volatile uint32_t *)X; /* keeps the translation in this vCPU's TLB */
		if (g == seen)
			continue;
		v = *(volatile uint32_t *)X;
		if (v != 0xA0u + g % 3)
			stale++;
		seen = g;
		__atomic_fetch_add(&acks, 1, __ATOMIC_SEQ_CST);
	}
	(void)me;
}

static uint64_t shootdown(uint32_t others)
{
	uint64_t t0 = rt_rdtsc();
	if (no_flush) {
		/* the control: nobody is told, and a target that cached X must be caught reading it */
	} else if (!use_ipi) {
		uint32_t ret;
		__asm__ volatile("vmcall" : "=a"(ret) : "a"(rt_sv_hypercall_base() + SHOOT4U), "b"(others),
				 "c"(X), "d"(X + 0x1000) : "memory");
		(void)ret;
	} else {
		uint32_t before = flush_irqs;
		for (uint32_t id = 1; id < ncpu; id++)
			send_ipi(id, VEC_FLUSH);
		while (flush_irqs - before < ncpu - 1)
			;
	}
	return rt_rdtsc() - t0;
}

static uint32_t run_shoot(void)
{
	uint32_t offered = 0, r[4];
	if (rt_under_splitvisor()) {
		rt_cpuid(0x40000001, r);
		offered = (r[0] >> SHOOT4U) & 1;
	}
	use_ipi = use_ipi || !offered;
	uint32_t others = ((1u << ncpu) - 1) & ~1u;
	uint64_t sum = 0, max = 0;
	uint32_t rounds = mode_arg;
	__asm__ volatile("sti");
	for (uint32_t g = 1; g <= rounds; g++) {
		volatile uint32_t *pt = (volatile uint32_t *)PT;
		pt[X >> 12] = PAGE(g % 3) | 3;
		__asm__ volatile("invlpg (%0)" ::"r"(X) : "memory");
		uint64_t t = shootdown(others);
		if (g <= MAX_SAMPLES)
			samples[g - 1] = t > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)t;
		sum += t;
		max = t > max ? t : max;
		acks = 0;
		gen = g;
		while (acks < ncpu - 1)
			;
	}
	stop = 1;
	rt_puts("sched: shoot: ");
	rt_put_dec(rounds);
	rt_puts(no_flush ? " remaps without shootdown" : use_ipi ? " shootdowns by IPI" : " shootdowns by hypercall");
	rt_puts(", ticks mean ");
	put_u64(div64(sum, rounds));
	rt_puts(" max ");
	put_u64(max);
	rt_puts(", stale reads ");
	rt_put_dec(stale);
	rt_puts("\n");
	uint32_t n = rounds < MAX_SAMPLES ? rounds : MAX_SAMPLES;
	sort(samples, n);
	print_cdf("shoot", n);
	return stale ? 0x11 : 0x10;
}

void irq_handler(uint32_t vector)
{
	if (vector == VEC_FLUSH) {
		__asm__ volatile("invlpg (%0)" ::"r"(X) : "memory");
		__atomic_fetch_add(&flush_irqs, 1, __ATOMIC_SEQ_CST);
	}
	if (vector != 2)
		rt_wrmsr(0x80B, 0);
}

/* ---- vCPUs ---- */

static uint32_t mode; /* 1 spin, 2 lat, 3 shoot */

void ap_main(uint32_t index)
{
	irq_install();
	rt_x2apic_on();
	if (mode == 3)
		paging_on();
	__atomic_fetch_add(&started, 1, __ATOMIC_SEQ_CST);
	__asm__ volatile("sti");
	if (mode == 1)
		spin(index);
	else if (mode == 2 && index == 1)
		lat_sender();
	else if (mode == 3)
		shoot_target(index);
	for (;;)
		__asm__ volatile("hlt");
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	ncpu = rt_cmdline_uint(info, "cpus=", 2);
	ncpu = ncpu < 1 ? 1 : ncpu > MAX_CPUS ? MAX_CPUS : ncpu;
	use_ipi = rt_cmdline_uint(info, "ipi=", 0);
	no_flush = rt_cmdline_uint(info, "noflush=", 0);
	if ((mode_arg = rt_cmdline_uint(info, "spin=", 0)))
		mode = 1;
	else if ((mode_arg = rt_cmdline_uint(info, "lat=", 0)))
		mode = 2;
	else if ((mode_arg = rt_cmdline_uint(info, "shoot=", 0)))
		mode = 3;
	if (!mode || (mode != 1 && ncpu < 2)) {
		rt_puts("sched: say spin=MS (cpus=1 or more), lat=N or shoot=N (cpus=2 or more)\n");
		rt_exit(0x11);
	}
	tsc_hz = measure_tsc_hz();
	delay_ticks = (uint32_t)(div64(tsc_hz, 1000000) * rt_cmdline_uint(info, "delay=", 100));
	idle_ticks = (uint32_t)(div64(tsc_hz, 1000000) * rt_cmdline_uint(info, "idle=", 0));
	idle_samples = idle_ticks ? 20 : 0;
	irq_install();
	rt_x2apic_on();
	if (mode == 3) {
		paging_build();
		paging_on();
	}
	start_aps();
	if (started < ncpu - 1) {
		rt_puts("sched: not every vCPU started\n");
		rt_exit(0x11);
	}
	int hv = rt_under_splitvisor();
	if (hv)
		rt_vmcall(SV_HC_STATS_CHECKPOINT, 0);
	uint32_t status = mode == 1 ? run_spin() : mode == 2 ? run_lat() : run_shoot();
	if (hv && mode != 2)
		rt_vmcall(SV_HC_STATS_CHECKPOINT, mode);
	rt_exit(status);
}
