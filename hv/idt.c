/* SPDX-License-Identifier: BSD-2-Clause */
/* The interrupt descriptor table: exception vectors 0-31, NMI/#DF/#MC on IST stacks. */
#include "hv/idt.h"
#include "hv/gdt.h"

struct PACKED idt_gate {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t zero;
};

struct PACKED idt_ptr {
	uint16_t limit;
	uint64_t base;
};

extern uint64_t isr_table[32];
static struct idt_gate idt[32] __attribute__((aligned(16)));

static uint8_t ist_for(unsigned v)
{
	switch (v) {
	case VEC_NMI: return IST_NMI;
	case VEC_DF: return IST_DF;
	case VEC_MC: return IST_MC;
	default: return 0;
	}
}

void idt_init(void)
{
	for (unsigned v = 0; v < 32; v++) {
		uint64_t off = isr_table[v];
		idt[v] = (struct idt_gate){
			.off_lo = (uint16_t)off,
			.sel = SEL_CODE,
			.ist = ist_for(v),
			.type = 0x8E, /* present, interrupt gate */
			.off_mid = (uint16_t)(off >> 16),
			.off_hi = (uint32_t)(off >> 32),
		};
	}
}

void idt_load(void)
{
	struct idt_ptr p = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };
	__asm__ volatile("lidt %0" ::"m"(p));
}
