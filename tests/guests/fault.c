/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "fault": loads an empty IDT and triple-faults, or with "how=reset" on its
 * command line resets the machine through port 0xCF9, or with "how=task" jumps to a TSS. */
#include "rt.h"

/* A hardware task switch (SDM 7.3): a GDT with a 32-bit TSS, then a JMP to its selector. */
static void task_switch(void)
{
	static uint32_t tss[26] __attribute__((aligned(16)));
	static uint64_t gdt[4] __attribute__((aligned(8)));
	uint32_t base = (uint32_t)(uintptr_t)tss;
	gdt[1] = 0x00CF9A000000FFFFULL; /* flat 32-bit code */
	gdt[2] = 0x00CF92000000FFFFULL; /* flat data */
	gdt[3] = (sizeof(tss) - 1) | ((uint64_t)(base & 0xFFFFFF) << 16) | (0x89ULL << 40) | /* available TSS */
		 ((uint64_t)(base >> 24) << 56);
	struct __attribute__((packed)) { uint16_t limit; uint32_t base; } desc = { sizeof(gdt) - 1, (uint32_t)(uintptr_t)gdt };
	rt_puts("fault: about to switch tasks in hardware\n");
	__asm__ volatile("lgdt %0\n\tljmp $0x08, $1f\n1:\n\tljmp $0x18, $0" ::"m"(desc) : "memory");
	rt_puts("fault: still alive after the task switch -- this must not happen\n");
	rt_exit(0x11);
}

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	if (rt_cmdline_uint(info, "how=reset", 0xFFFFFFFFu) != 0xFFFFFFFFu) {
		rt_puts("fault: resetting through port 0xCF9\n");
		rt_outb(0xCF9, 0x06);
		rt_puts("fault: still alive after the reset -- this must not happen\n");
		rt_exit(0x11);
	}
	if (rt_cmdline_uint(info, "how=task", 0xFFFFFFFFu) != 0xFFFFFFFFu)
		task_switch();
	static const struct __attribute__((packed)) { uint16_t limit; uint32_t base; } empty = { 0, 0 };
	rt_puts("fault: about to triple fault\n");
	__asm__ volatile("lidt %0\n\tint3" ::"m"(empty));
	rt_puts("fault: still alive -- this must not happen\n");
	rt_exit(0x11);
}
