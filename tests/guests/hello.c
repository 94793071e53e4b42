/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "hello": prints a line on the UART and exits with status 0x10. */
#include "rt.h"

void guest_main(uint32_t magic, uint32_t info)
{
	(void)info;
	rt_puts("hello from the splitvisor test guest (multiboot magic ");
	rt_puts(magic == 0x2BADB002 ? "ok" : "WRONG");
	rt_puts(")\n");
	rt_exit(0x10);
}
