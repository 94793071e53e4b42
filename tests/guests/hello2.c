/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "hello2": a multiboot2 kernel that reports the boot information it was given. */
#include "rt.h"

struct tag { uint32_t type, size; };

void guest_main(uint32_t magic, const uint8_t *info)
{
	uint32_t total = *(const uint32_t *)info, modules = 0, mem_upper = 0;
	const char *cmdline = "", *loader = "";
	for (const uint8_t *p = info + 8; p < info + total;) {
		const struct tag *t = (const struct tag *)p;
		if (t->type == 0 || t->size < 8)
			break;
		if (t->type == 1)
			cmdline = (const char *)(t + 1);
		else if (t->type == 2)
			loader = (const char *)(t + 1);
		else if (t->type == 3)
			modules++;
		else if (t->type == 4)
			mem_upper = ((const uint32_t *)(t + 1))[1];
		p += (t->size + 7) & ~7u;
	}
	rt_puts("hello2: multiboot2 magic ");
	rt_puts(magic == 0x36D76289u ? "ok" : "WRONG");
	rt_puts(", loader '");
	rt_puts(loader);
	rt_puts("', cmdline '");
	rt_puts(cmdline);
	rt_puts("', ");
	rt_put_dec(modules);
	rt_puts(" module(s), ");
	rt_put_dec(mem_upper / 1024 + 1);
	rt_puts(" MiB\n");
	rt_exit(0x10);
}
