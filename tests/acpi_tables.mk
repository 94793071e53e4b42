# SPDX-License-Identifier: BSD-2-Clause
# Generated ACPI tables (hv/acpi/): the host unit test, which also runs ACPICA's iasl and acpiexec.
# Included by the root Makefile; also usable alone: make -f tests/acpi_tables.mk unit-acpi-tables

# Keep whatever default goal the including Makefile chooses.
acpi_tables_saved_goal := $(.DEFAULT_GOAL)

CC ?= gcc
BUILD ?= build

# The generator, and the hypervisor's own parser that the test reads the tables back with.
ACPI_TABLES_SRCS := $(wildcard hv/acpi/*.c) drivers/acpi.c $(wildcard hv/lib/*.c)
ACPI_TABLES_HDRS := $(wildcard hv/acpi/*.h) drivers/acpi.h $(wildcard hv/lib/*.h)
# ACPI tables are byte packed; the parser reads them through plain casts (x86 allows it).
ACPI_TABLES_CFLAGS := -std=c11 -DHV_HOSTED -I. -Wall -Wextra -Werror -O1 -g \
                      -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                      -fno-sanitize=alignment

.PHONY: unit-acpi-tables

$(BUILD)/tests/test_acpi_tables: tests/unit/test_acpi_tables.c $(ACPI_TABLES_SRCS) \
		$(ACPI_TABLES_HDRS) tests/acpi_tables.mk
	@mkdir -p $(@D)
	$(CC) $(ACPI_TABLES_CFLAGS) -o $@ tests/unit/test_acpi_tables.c $(ACPI_TABLES_SRCS) -lcmocka

# Needs iasl and acpiexec (apt-get install acpica-tools); fails, not skips, without them.
unit-acpi-tables: $(BUILD)/tests/test_acpi_tables
	$(BUILD)/tests/test_acpi_tables

.DEFAULT_GOAL := $(acpi_tables_saved_goal)
