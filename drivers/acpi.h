/* SPDX-License-Identifier: BSD-2-Clause */
/* ACPI tables: RSDP, XSDT/RSDT, MADT (CPUs, IOAPICs), FADT (PM timer, reset, S5). */
#ifndef DRIVERS_ACPI_H
#define DRIVERS_ACPI_H

#include "hv/lib/types.h"

#define ACPI_MAX_CPUS 256
#define ACPI_MAX_IOAPICS 8

struct acpi_cpu {
	uint32_t apic_id;
	uint32_t uid;
	bool enabled;
	bool online_capable;
	bool x2apic_entry;
};

struct acpi_ioapic {
	uint32_t id;
	uint32_t addr;
	uint32_t gsi_base;
};

struct acpi_gas {
	uint8_t space; /* 0 memory, 1 I/O */
	uint8_t bit_width;
	uint64_t addr;
};

struct acpi_info {
	uint8_t revision;
	bool xsdt;
	uint64_t lapic_addr;
	uint32_t ncpus;
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	uint32_t nioapics;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	bool have_fadt;
	uint16_t pm_tmr_port;
	bool pm_tmr_32bit;
	uint32_t pm1a_cnt_port;
	bool have_s5;
	uint8_t s5_typ;
	bool reset_supported;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	uint64_t hpet_addr;
	uint32_t skipped_cpus; /* entries past ACPI_MAX_CPUS */
	bool probed;           /* no tables: CPUs guessed from CPUID, may not exist */
};

enum acpi_error {
	ACPI_OK = 0,
	ACPI_ERR_NO_RSDP,
	ACPI_ERR_RSDP_SIGNATURE,
	ACPI_ERR_RSDP_CHECKSUM,
	ACPI_ERR_ROOT_SIGNATURE,
	ACPI_ERR_ROOT_CHECKSUM,
	ACPI_ERR_NO_MADT,
	ACPI_ERR_MADT_CHECKSUM,
	ACPI_ERR_MADT_MALFORMED,
	ACPI_ERR_NO_CPUS,
};

/* How the parser reaches physical memory (identity in the hypervisor). */
typedef const void *(*acpi_map_fn)(uint64_t phys, uint64_t len);

/* Parses from the RSDP at rsdp_phys; on error returns the code and a message
 * naming the table and address in err. */
enum acpi_error acpi_parse(uint64_t rsdp_phys, acpi_map_fn map, struct acpi_info *out,
			   char *err, size_t errsize);
/* Looks for the RSDP in the EBDA and 0xE0000-0xFFFFF (legacy BIOS). */
uint64_t acpi_find_rsdp_legacy(acpi_map_fn map);
bool acpi_checksum_ok(const void *p, uint64_t len);

/* Without ACPI tables (some firmware publishes none): APIC IDs 0..n-1 with n
 * from CPUID topology, to be probed by INIT-SIPI-SIPI. */
void acpi_probe_without_tables(struct acpi_info *out);

/* The hypervisor's parsed tables (hv side) and platform actions built on them. */
const struct acpi_info *acpi_platform(void);
void acpi_set_platform(const struct acpi_info *info);
void acpi_power_off(void);
void acpi_reset(void);

#endif
