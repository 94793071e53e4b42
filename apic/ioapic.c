/* SPDX-License-Identifier: BSD-2-Clause */
/* IOAPIC driver: masks every pin at boot; routes pins to hypervisor cores. */
#include "apic/ioapic.h"
#include "hv/cpu.h"

static uint32_t ioapic_read(uint64_t base, uint32_t reg)
{
	volatile uint32_t *io = (volatile uint32_t *)(uintptr_t)base;
	io[0] = reg;
	return io[4];
}

static void ioapic_write(uint64_t base, uint32_t reg, uint32_t v)
{
	volatile uint32_t *io = (volatile uint32_t *)(uintptr_t)base;
	io[0] = reg;
	io[4] = v;
}

uint32_t ioapic_pin_count(uint64_t base) { return ((ioapic_read(base, 1) >> 16) & 0xFF) + 1; }

void ioapic_mask_all(uint64_t base)
{
	uint32_t n = ioapic_pin_count(base);
	for (uint32_t pin = 0; pin < n; pin++) {
		ioapic_write(base, 0x10 + pin * 2, 1u << 16);
		ioapic_write(base, 0x11 + pin * 2, 0);
	}
}

void ioapic_mask(uint64_t base, uint32_t pin)
{
	ioapic_write(base, 0x10 + pin * 2, 1u << 16);
}

void ioapic_route(uint64_t base, uint32_t pin, uint8_t vector, uint32_t dest)
{
	ioapic_write(base, 0x11 + pin * 2, dest << 24);
	ioapic_write(base, 0x10 + pin * 2, vector);
}

void pic_disable(void)
{
	outb(0x21, 0xFF);
	outb(0xA1, 0xFF);
}
