/* SPDX-License-Identifier: BSD-2-Clause */
/* The host's local APIC in xAPIC or x2APIC mode: IDs, IPIs, NMIs, timer. */
#include "apic/lapic.h"
#include "hv/cpu.h"

#define APIC_BASE_ENABLE (1ULL << 11)
#define APIC_BASE_X2 (1ULL << 10)
#define XAPIC_DEFAULT_BASE 0xFEE00000ULL

/* register offsets in xAPIC MMIO; the x2APIC MSR is 0x800 + offset/16 */
enum {
	REG_ID = 0x20, REG_TPR = 0x80, REG_EOI = 0xB0, REG_SVR = 0xF0,
	REG_ICR_LO = 0x300, REG_ICR_HI = 0x310, REG_LVT_TIMER = 0x320,
	REG_LVT_LINT0 = 0x350, REG_LVT_ERROR = 0x370, REG_TIMER_INIT = 0x380,
	REG_TIMER_DIV = 0x3E0,
};

#define ICR_INIT (5u << 8)
#define ICR_STARTUP (6u << 8)
#define ICR_NMI (4u << 8)
#define ICR_FIXED 0u
#define ICR_ASSERT (1u << 14)
#define ICR_LEVEL (1u << 15)
#define ICR_PENDING (1u << 12)
#define ICR_ALL_BUT_SELF (3u << 18)
#define LVT_MASKED (1u << 16)

static bool use_x2apic;
static volatile uint32_t *xapic;

static uint32_t reg_read(uint32_t off)
{
	if (use_x2apic)
		return (uint32_t)rdmsr(0x800 + (off >> 4));
	return xapic[off / 4];
}

static void reg_write(uint32_t off, uint32_t v)
{
	if (use_x2apic)
		wrmsr(0x800 + (off >> 4), v);
	else
		xapic[off / 4] = v;
}

bool lapic_x2apic(void) { return use_x2apic; }

void lapic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);
	bool has_x2 = (cpuid(1, 0).ecx >> 21) & 1;
	xapic = (volatile uint32_t *)(uintptr_t)((base & ~0xFFFULL & 0xFFFFFFFFFFULL) ?: XAPIC_DEFAULT_BASE);
	base |= APIC_BASE_ENABLE;
	wrmsr(MSR_APIC_BASE, base);
	if (has_x2) {
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_X2);
		use_x2apic = true;
	}
	reg_write(REG_TPR, 0);
	reg_write(REG_LVT_TIMER, LVT_MASKED);
	reg_write(REG_LVT_ERROR, LVT_MASKED);
	reg_write(REG_SVR, 0x100 | 0xFF); /* software enable, spurious vector 0xFF */
}

uint32_t lapic_id(void)
{
	uint32_t id = reg_read(REG_ID);
	return use_x2apic ? id : id >> 24;
}

static void icr_send(uint32_t dest, uint32_t low)
{
	if (use_x2apic) {
		wrmsr(0x830, ((uint64_t)dest << 32) | low);
		return;
	}
	for (uint32_t spins = 0; (reg_read(REG_ICR_LO) & ICR_PENDING) && spins < 1000000; spins++)
		cpu_pause();
	reg_write(REG_ICR_HI, dest << 24);
	reg_write(REG_ICR_LO, low);
	for (uint32_t spins = 0; (reg_read(REG_ICR_LO) & ICR_PENDING) && spins < 1000000; spins++)
		cpu_pause();
}

void lapic_send_init(uint32_t apic_id) { icr_send(apic_id, ICR_INIT | ICR_ASSERT | ICR_LEVEL); }
void lapic_send_sipi(uint32_t apic_id, uint8_t page) { icr_send(apic_id, ICR_STARTUP | ICR_ASSERT | page); }
void lapic_send_nmi(uint32_t apic_id) { icr_send(apic_id, ICR_NMI | ICR_ASSERT); }
void lapic_send_nmi_all_but_self(void) { icr_send(0, ICR_NMI | ICR_ASSERT | ICR_ALL_BUT_SELF); }
void lapic_send_fixed(uint32_t apic_id, uint8_t vector) { icr_send(apic_id, ICR_FIXED | ICR_ASSERT | vector); }
void lapic_eoi(void) { reg_write(REG_EOI, 0); }

bool lapic_irr_pending(void)
{
	for (uint32_t w = 1; w < 8; w++) /* vectors 32-255 */
		if (reg_read(0x200 + 0x10 * w))
			return true;
	return false;
}

void lapic_timer_oneshot(uint8_t vector, uint32_t ticks)
{
	reg_write(REG_TIMER_DIV, 3); /* divide by 16 */
	reg_write(REG_LVT_TIMER, vector);
	reg_write(REG_TIMER_INIT, ticks);
}

void lapic_timer_stop(void)
{
	reg_write(REG_LVT_TIMER, LVT_MASKED);
	reg_write(REG_TIMER_INIT, 0);
}
