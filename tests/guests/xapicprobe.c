/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "xapicprobe": reads the xAPIC ID register through the MMIO page at 0xFEE00000, as
 * a kernel that never enabled x2APIC would; in an exitless partition (x2APIC only) the
 * hypervisor must stop it with a message, never let it hang or read the real APIC. */
#include "rt.h"

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic, (void)info;
	rt_puts("xapicprobe: reading the xAPIC ID register at 0xFEE00020\n");
	uint32_t id = *(volatile uint32_t *)0xFEE00020u;
	rt_puts("xapicprobe: read ");
	rt_put_dec(id);
	rt_puts(" through the xAPIC page\n");
	rt_exit(0x10);
}
