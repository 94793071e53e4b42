/* SPDX-License-Identifier: BSD-2-Clause */
/* Platform actions built on the parsed ACPI tables: power-off and reset. */
#include "drivers/acpi.h"
#include "hv/cpu.h"
#include "hv/lib/string.h"

static struct acpi_info platform;
static bool platform_set;

const struct acpi_info *acpi_platform(void) { return platform_set ? &platform : 0; }

void acpi_set_platform(const struct acpi_info *info)
{
	platform = *info;
	platform_set = true;
}

void acpi_power_off(void)
{
	if (!platform_set || !platform.have_s5 || !platform.pm1a_cnt_port)
		return;
	uint16_t port = (uint16_t)platform.pm1a_cnt_port;
	outw(port, (uint16_t)((inw(port) & ~(7u << 10)) | ((uint16_t)platform.s5_typ << 10) | (1u << 13)));
}

void acpi_reset(void)
{
	if (platform_set && platform.reset_supported && platform.reset_reg.space == 1)
		outb((uint16_t)platform.reset_reg.addr, platform.reset_value);
	outb(0x64, 0xFE); /* keyboard controller reset as the fallback */
}

void acpi_probe_without_tables(struct acpi_info *o)
{
	memset(o, 0, sizeof(*o));
	uint32_t n = 1;
	if ((cpuid(1, 0).edx >> 28) & 1) /* HTT: EBX[23:16] is meaningful */
		n = (cpuid(1, 0).ebx >> 16) & 0xFF;
	if (cpuid(0, 0).eax >= 0xB && (cpuid(0xB, 1).ebx & 0xFFFF))
		n = cpuid(0xB, 1).ebx & 0xFFFF;
	if (n < 1)
		n = 1;
	if (n > ACPI_MAX_CPUS)
		n = ACPI_MAX_CPUS;
	for (uint32_t i = 0; i < n; i++)
		o->cpus[i] = (struct acpi_cpu){ .apic_id = i, .uid = i, .enabled = true };
	o->ncpus = n;
	o->probed = true;
	o->lapic_addr = 0xFEE00000;
}
