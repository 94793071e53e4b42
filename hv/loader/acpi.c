/* SPDX-License-Identifier: BSD-2-Clause */
/* A partition's ACPI tables, generated from its platform and placed where firmware puts them. */
#include "hv/loader/acpi.h"
#include "apic/vstate.h"
#include "hv/acpi/tables.h"
#include "hv/dev/legacy_ports.h"
#include "hv/dev/ports.h"
#include "hv/lib/fmt.h"
#include "hv/partition/partition.h"

uint64_t loader_install_acpi(struct partition *p, char *why, size_t size)
{
	const struct vacpi_platform pf = {
		.nvcpus = p->nvcpus, .x2apic_entries = p->vcpu[0]->exitless, .ioapic_base = VIOAPIC_BASE,
		.ioapic_id = 0, .pm_timer_port = PM_TIMER_PORT, .sleep_control_port = SLEEP_CONTROL_PORT,
		.sleep_status_port = SLEEP_STATUS_PORT, .reset_port = RESET_CONTROL_PORT,
		.reset_value = RESET_CONTROL_VALUE,
		.s5_sleep_type = 5, .cmos_rtc = true, .oem_id = "SPLITV",
	};
	uint64_t rsdp = 0, hpa = partition_gpa_to_hpa(p, ACPI_TABLES_GPA);
	/* partition memory comes in 2 MiB-aligned host ranges: the area is contiguous */
	size_t n = hpa ? vacpi_build(&pf, (void *)(uintptr_t)hpa, ACPI_TABLES_GPA, ACPI_TABLES_SIZE, &rsdp) : 0;
	if (!n) {
		fmt_snprintf(why, size, "its ACPI tables do not fit at 0x%llx (partition memory %llu MiB)",
			     (unsigned long long)ACPI_TABLES_GPA, (unsigned long long)(p->memory >> 20));
		return 0;
	}
	return rsdp;
}
