/* SPDX-License-Identifier: BSD-2-Clause */
/* A partition's ACPI tables, generated from its platform and placed where firmware puts them. */
#ifndef HV_LOADER_ACPI_H
#define HV_LOADER_ACPI_H

#include "hv/lib/types.h"

struct partition;

/* The tables live at 0xE0000 (the BIOS area a guest scans for "RSD PTR "), 64 KiB at most. */
#define ACPI_TABLES_GPA 0xE0000ULL
#define ACPI_TABLES_SIZE 0x10000ULL

/* Builds and copies the tables into p's memory; returns the RSDP's guest-physical address, 0
 * (with why filled) when they do not fit. */
uint64_t loader_install_acpi(struct partition *p, char *why, size_t size);

#endif
