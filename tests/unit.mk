# SPDX-License-Identifier: BSD-2-Clause
# Host unit tests (cmocka) for the pure logic of the hypervisor base.
# Included by the root Makefile; also usable alone: make -f tests/unit.mk unit-base

# Keep whatever default goal the including Makefile chooses.
unit_saved_goal := $(.DEFAULT_GOAL)

CC ?= gcc
BUILD ?= build

UNIT_CFLAGS := -std=c11 -DHV_HOSTED -I. -Wall -Wextra -Werror -O1 -g \
               -fsanitize=address,undefined -fno-sanitize-recover=undefined \
               -fno-omit-frame-pointer -DTEST_DATA_DIR='"tests/data"'
UNIT_LIBS := -lcmocka -lpthread

UNIT_NAMES := frame page_table boot_info acpi mailbox fmt halt_poll
UNIT_TESTS := $(patsubst %,$(BUILD)/tests/test_%,$(UNIT_NAMES))

# Sources under test for each program; the freestanding helpers of hv/lib/ come with every one.
UNIT_LIB_SRCS := $(wildcard hv/lib/*.c)
unit_srcs_frame := hv/mm/frame.c
unit_srcs_page_table := hv/mm/page_table.c
unit_srcs_boot_info := boot/boot_info.c
unit_srcs_acpi := drivers/acpi.c
unit_srcs_mailbox := hv/mailbox.c
unit_srcs_fmt :=
unit_srcs_halt_poll := sched/halt_poll.c hv/time.c

# ACPI tables are byte packed (XSDT entries sit at offset 36, MADT entries
# anywhere) and acpi.c reads them through plain casts, which x86 allows; only
# UBSan's alignment check is turned off for it.
unit_cflags_acpi := -fno-sanitize=alignment

UNIT_HDRS := $(wildcard hv/lib/*.h) hv/mm/frame.h hv/mm/paging.h \
             hv/mailbox.h hv/selftest.h boot/boot_info.h drivers/acpi.h sched/halt_poll.h \
             hv/partition/vcpu.h

.PHONY: unit-base

define unit_program
$(BUILD)/tests/test_$(1): tests/unit/test_$(1).c $$(unit_srcs_$(1)) $(UNIT_LIB_SRCS) $(UNIT_HDRS) tests/unit.mk
	@mkdir -p $$(@D)
	$$(CC) $$(UNIT_CFLAGS) $$(unit_cflags_$(1)) -o $$@ tests/unit/test_$(1).c $$(unit_srcs_$(1)) \
		$(UNIT_LIB_SRCS) $$(UNIT_LIBS)
endef
$(foreach n,$(UNIT_NAMES),$(eval $(call unit_program,$(n))))

$(BUILD)/tests/test_acpi: $(wildcard tests/data/*.bin)

# Runs every program even when one fails, then fails if any did.
unit-base: $(UNIT_TESTS)
	@fail=0; for t in $(UNIT_TESTS); do \
		echo "== $$t"; $$t || fail=1; \
	done; exit $$fail

.DEFAULT_GOAL := $(unit_saved_goal)
