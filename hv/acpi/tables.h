/* SPDX-License-Identifier: BSD-2-Clause */
/* Generated ACPI tables for a partition's virtual platform: RSDP, XSDT, FADT, MADT, DSDT. */
#ifndef HV_ACPI_TABLES_H
#define HV_ACPI_TABLES_H

#include "hv/lib/types.h"

#define VACPI_MAX_VCPUS 16

/* What the tables describe. Ports are system I/O; a register the partition does not emulate
 * must not be named here (see docs/acpi.md). */
struct vacpi_platform {
	uint32_t nvcpus;             /* 1..VACPI_MAX_VCPUS; APIC IDs and processor UIDs 0..nvcpus-1 */
	bool x2apic_entries;         /* MADT: x2APIC entries (types 9, 0xA), else local APIC (0, 4) */
	uint64_t ioapic_base;        /* below 4 GiB, e.g. 0xFEC00000; GSI base 0, 24 pins */
	uint8_t ioapic_id;           /* what the IOAPIC's ID register reads (0 after reset) */
	uint16_t pm_timer_port;      /* 32-bit ACPI PM timer (e.g. 0x608); 0 = none */
	uint16_t sleep_control_port; /* 8-bit SLEEP_CONTROL_REG, e.g. 0x604 */
	uint16_t sleep_status_port;  /* 8-bit SLEEP_STATUS_REG, e.g. 0x605 */
	uint16_t reset_port;         /* 8-bit RESET_REG, e.g. 0xCF9 */
	uint8_t reset_value;         /* written to reset_port to reset, e.g. 0x06 */
	uint8_t s5_sleep_type;       /* SLP_TYP of \_S5 (soft off), e.g. 5 */
	bool cmos_rtc;               /* an MC146818 RTC at ports 0x70/0x71 */
	const char *oem_id;          /* 6 characters, e.g. "SPLITV"; NULL: "SPLITV" */
};

/* The tables' fixed devices, for the partition's device models to match. */
#define VACPI_LAPIC_BASE 0xFEE00000u
#define VACPI_IOAPIC_PINS 24
#define VACPI_COM1_PORT 0x3F8
#define VACPI_COM1_IRQ 4

/* Writes the tables into buf, which the guest sees at guest-physical address gpa: the RSDP
 * first, 16-byte aligned (after up to 15 bytes of padding when gpa is not), then XSDT, FADT,
 * MADT and DSDT. No FACS: hardware-reduced ACPI has none. Returns the bytes of buf used
 * (padding included), or 0 if size is too small or pf is invalid (nvcpus out of range, an
 * IOAPIC above 4 GiB, a zero sleep or reset port); *rsdp_gpa is the RSDP's address, for the
 * Linux zero page's acpi_rsdp_addr. */
size_t vacpi_build(const struct vacpi_platform *pf, void *buf, uint64_t gpa, size_t size,
		   uint64_t *rsdp_gpa);

#endif
