/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "fault": loads an empty IDT and triple-faults, or with "how=reset" on its
 * command line resets the machine through port 0xCF9. */
#include "rt.h"

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	if (rt_cmdline_uint(info, "how=reset", 0xFFFFFFFFu) != 0xFFFFFFFFu) {
		rt_puts("fault: resetting through port 0xCF9\n");
		rt_outb(0xCF9, 0x06);
		rt_puts("fault: still alive after the reset -- this must not happen\n");
		rt_exit(0x11);
	}
	static const struct __attribute__((packed)) { uint16_t limit; uint32_t base; } empty = { 0, 0 };
	rt_puts("fault: about to triple fault\n");
	__asm__ volatile("lidt %0\n\tint3" ::"m"(empty));
	rt_puts("fault: still alive -- this must not happen\n");
	rt_exit(0x11);
}
