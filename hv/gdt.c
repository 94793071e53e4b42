/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-CPU GDT and TSS with IST stacks for NMI, #DF and #MC. */
#include "hv/gdt.h"
#include "hv/lib/string.h"

struct PACKED desc_ptr {
	uint16_t limit;
	uint64_t base;
};

static void gdt_set_tss(uint64_t *gdt, const struct tss *tss)
{
	uint64_t base = (uint64_t)(uintptr_t)tss;
	uint64_t limit = sizeof(*tss) - 1;
	gdt[3] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ULL << 40) |
		 (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
	gdt[4] = base >> 32;
}

void gdt_load(struct cpu_tables *t, const uint64_t ist_tops[4])
{
	memset(t, 0, sizeof(*t));
	t->gdt[1] = 0x00AF9A000000FFFFULL; /* 64-bit code */
	t->gdt[2] = 0x00CF92000000FFFFULL; /* data */
	for (int i = 1; i <= 3; i++)
		t->tss.ist[i - 1] = ist_tops[i];
	t->tss.iomap_base = sizeof(t->tss);
	gdt_set_tss(t->gdt, &t->tss);
	struct desc_ptr p = { sizeof(t->gdt) - 1, (uint64_t)(uintptr_t)t->gdt };
	__asm__ volatile(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movw %w2, %%ax\n\t"
		"movw %%ax, %%ds\n\t"
		"movw %%ax, %%es\n\t"
		"movw %%ax, %%ss\n\t"
		"ltr %w3\n\t"
		:
		: "m"(p), "i"(SEL_CODE), "r"((uint64_t)SEL_DATA), "r"((uint64_t)SEL_TSS)
		: "rax", "memory");
}
