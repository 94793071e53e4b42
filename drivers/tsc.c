/* SPDX-License-Identifier: BSD-2-Clause */
/* TSC frequency: CPUID 0x15/0x16 where present, checked against the PM timer or PIT. */
#include "drivers/tsc.h"
#include "drivers/acpi.h"
#include "hv/console.h"
#include "hv/cpu.h"
#include "hv/time.h"

#define PM_TIMER_HZ 3579545ULL
#define PIT_HZ 1193182ULL

static uint64_t tsc_from_cpuid(void)
{
	uint32_t max = cpuid(0, 0).eax;
	if (max >= 0x15) {
		struct cpuid_regs r = cpuid(0x15, 0);
		if (r.eax && r.ebx && r.ecx)
			return (uint64_t)r.ecx * r.ebx / r.eax;
	}
	if (max >= 0x16) {
		struct cpuid_regs r = cpuid(0x16, 0);
		if (r.eax)
			return (uint64_t)r.eax * 1000000ULL;
	}
	return 0;
}

/* Counts TSC ticks over 10 ms of the ACPI PM timer. */
static uint64_t tsc_from_pm_timer(const struct acpi_info *a)
{
	uint32_t mask = a->pm_tmr_32bit ? 0xFFFFFFFFu : 0xFFFFFFu;
	uint32_t want = (uint32_t)(PM_TIMER_HZ / 100);
	uint32_t start = inl(a->pm_tmr_port) & mask;
	uint64_t t0 = rdtsc();
	uint32_t elapsed = 0;
	for (uint64_t spins = 0; elapsed < want; spins++) {
		elapsed = ((inl(a->pm_tmr_port) & mask) - start) & mask;
		if (spins > 100000000ULL)
			return 0; /* the timer does not count */
	}
	uint64_t t1 = rdtsc();
	return (t1 - t0) * PM_TIMER_HZ / elapsed;
}

/* Counts TSC ticks over 10 ms of PIT channel 2 (gated by port 0x61). */
static uint64_t tsc_from_pit(void)
{
	uint16_t count = (uint16_t)(PIT_HZ / 100);
	outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01));
	outb(0x43, 0xB0); /* channel 2, lo/hi, mode 0 */
	outb(0x42, (uint8_t)count);
	outb(0x42, (uint8_t)(count >> 8));
	uint64_t t0 = rdtsc();
	for (uint64_t spins = 0; !(inb(0x61) & 0x20); spins++)
		if (spins > 100000000ULL)
			return 0;
	return (rdtsc() - t0) * 100;
}

static uint64_t tsc_measure(const struct acpi_info *a, const char **how)
{
	uint64_t hz = 0;
	if (a && a->pm_tmr_port) {
		hz = tsc_from_pm_timer(a);
		*how = "ACPI PM timer";
	}
	if (!hz) {
		hz = tsc_from_pit();
		*how = "PIT";
	}
	return hz;
}

uint64_t tsc_calibrate(const struct acpi_info *a)
{
	const char *how = "none";
	uint64_t from_cpuid = tsc_from_cpuid();
	uint64_t measured = tsc_measure(a, &how);
	uint64_t hz = from_cpuid ? from_cpuid : measured;
	if (from_cpuid && measured) {
		uint64_t diff = from_cpuid > measured ? from_cpuid - measured : measured - from_cpuid;
		if (diff * 10 > measured) {
			hv_info("tsc: CPUID says %llu MHz but the %s measures %llu MHz; using the measurement "
				"(usual under emulators)\n", (unsigned long long)(from_cpuid / 1000000), how,
				(unsigned long long)(measured / 1000000));
			hz = measured;
		}
	}
	if (!hz) {
		hz = 1000000000ULL;
		hv_warn("tsc: could not determine the TSC frequency (no CPUID leaf 0x15/0x16, "
			"PM timer or PIT); assuming 1 GHz, timeouts may be off\n");
	}
	time_set_tsc_hz(hz);
	hv_info("tsc: %llu.%03llu MHz (%s)\n", (unsigned long long)(hz / 1000000),
		(unsigned long long)(hz / 1000 % 1000),
		hz == from_cpuid ? "CPUID 0x15/0x16" : how);
	return hz;
}
