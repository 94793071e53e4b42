/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "fault": loads an empty IDT and triple-faults. */
#include "rt.h"

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	static const struct __attribute__((packed)) { uint16_t limit; uint32_t base; } empty = { 0, 0 };
	rt_puts("fault: about to triple fault\n");
	__asm__ volatile("lidt %0\n\tint3" ::"m"(empty));
	rt_puts("fault: still alive -- this must not happen\n");
	rt_exit(0x11);
}
