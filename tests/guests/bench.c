/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "bench": times loops of exit-causing operations; prints one line per operation. */
#include "rt.h"

#define ITERS 2000

enum op { OP_CPUID = 1, OP_VMCALL, OP_UART_WRITE, OP_IO_READ, OP_MSR_READ, OP_EPT_FIXUP,
	  OP_XAPIC_READ, OP_IOAPIC_EOI, OP_ICR_WRITE, OP_COUNT };
static const char *const names[OP_COUNT] = { "", "cpuid", "vmcall", "uart_write", "io_read", "msr_read",
					      "ept_fixup", "xapic_read", "ioapic_eoi", "icr_write" };

#define XAPIC(reg) (*(volatile uint32_t *)(0xFEE00000u + (reg)))
#define NOBODY 0xF0u /* an APIC ID no CPU has: the IPI goes nowhere */

#define LAZY_PAGE 0x400000u /* a page of our own memory we give back and touch again */

/* The plain MOV forms (8B /r, 89 /r) every MMIO decoder knows, so that builds compare. */
static inline void mov_load(uint32_t addr)
{
	uint32_t v;
	__asm__ volatile("movl (%1), %0" : "=r"(v) : "r"(addr) : "memory");
}

static inline void mov_store(uint32_t addr, uint32_t v)
{
	__asm__ volatile("movl %0, (%1)" ::"r"(v), "r"(addr) : "memory");
}

static void run_op(enum op op)
{
	uint32_t r[4];
	switch (op) {
	case OP_CPUID: rt_cpuid(0, r); break;
	case OP_VMCALL: rt_vmcall(SV_HC_PING, 0); break;
	case OP_UART_WRITE: rt_outb(0x3FF, 0x5A); break; /* scratch register */
	case OP_IO_READ: (void)rt_inb(0x3FD); break;     /* line status register */
	case OP_MSR_READ: {
		uint32_t lo, hi;
		__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0x1A0));
		break;
	}
	case OP_XAPIC_READ: mov_load(0xFEE00030u); break;       /* the version register */
	case OP_IOAPIC_EOI: mov_store(0xFEC00040u, 0xEF); break; /* the EOI register */
	case OP_ICR_WRITE: mov_store(0xFEE00300u, 0x40); break;  /* fixed IPI to NOBODY (ICR high) */
	case OP_EPT_FIXUP:
		rt_vmcall(SV_HC_UNMAP_PAGE, LAZY_PAGE);                      /* give the page back ... */
		(void)*(volatile uint32_t *)LAZY_PAGE;        /* ... and fault it in again */
		break;
	default: break;
	}
}

static void bench(enum op op, int hv)
{
	/* a bare Bochs IOAPIC (version 0x11) has no EOI register, and an IPI to nobody stops it */
	if ((op == OP_VMCALL || op == OP_EPT_FIXUP || op == OP_IOAPIC_EOI || op == OP_ICR_WRITE) && !hv) {
		rt_puts("bench ");
		rt_puts(names[op]);
		rt_puts(" n/a (no hypervisor)\n");
		return;
	}
	if (hv)
		rt_vmcall(SV_HC_STATS_CHECKPOINT, 0); /* statistics checkpoint: start this phase clean */
	uint64_t t0 = rt_rdtsc();
	for (int i = 0; i < ITERS; i++)
		run_op(op);
	uint64_t t = rt_rdtsc() - t0;
	if (hv)
		rt_vmcall(SV_HC_STATS_CHECKPOINT, (uint32_t)op); /* print this phase's exit statistics, labelled */
	rt_puts("bench ");
	rt_puts(names[op]);
	rt_puts(" iters ");
	rt_put_dec(ITERS);
	rt_puts(" ticks_per_op ");
	rt_put_dec((uint32_t)t / ITERS);
	rt_puts("\n");
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	int hv = rt_under_splitvisor();
	/* "mmio" on the command line: only the emulated device registers (which need the emulated
	 * APIC's xAPIC page); otherwise the exit-cost operations */
	int mmio = rt_cmdline_uint(info, "mmio", 0xFFFFFFFFu) != 0xFFFFFFFFu;
	rt_puts(hv ? "bench: under splitvisor\n" : "bench: on the bare machine\n");
	if (mmio)
		XAPIC(0x310) = NOBODY << 24;
	for (int op = mmio ? OP_XAPIC_READ : OP_CPUID; op < (mmio ? OP_COUNT : OP_XAPIC_READ); op++)
		bench((enum op)op, hv);
	rt_puts("bench: done\n");
	rt_exit(0x10);
}
