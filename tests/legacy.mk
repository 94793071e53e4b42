# SPDX-License-Identifier: BSD-2-Clause
# Host unit tests (cmocka) for the legacy PC device models: PIT, RTC, PIC, ACPI PM timer.
# Usable alone: make -f tests/legacy.mk build/tests/test_legacy

# Keep whatever default goal the including Makefile chooses.
legacy_saved_goal := $(.DEFAULT_GOAL)

CC ?= gcc
BUILD ?= build

LEGACY_CFLAGS := -std=c11 -DHV_HOSTED -I. -Wall -Wextra -Werror -O1 -g \
                 -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
LEGACY_SRCS := hv/dev/pit.c hv/dev/rtc.c hv/dev/pic.c hv/dev/pmtimer.c
LEGACY_HDRS := hv/dev/legacy.h hv/dev/pit.h hv/dev/rtc.h hv/dev/pic.h hv/dev/pmtimer.h \
               hv/lib/types.h hv/lib/string.h

.PHONY: unit-legacy

$(BUILD)/tests/test_legacy: tests/unit/test_legacy.c $(LEGACY_SRCS) $(LEGACY_HDRS) tests/legacy.mk
	@mkdir -p $(@D)
	$(CC) $(LEGACY_CFLAGS) -o $@ tests/unit/test_legacy.c $(LEGACY_SRCS) -lcmocka

unit-legacy: $(BUILD)/tests/test_legacy
	$(BUILD)/tests/test_legacy

.DEFAULT_GOAL := $(legacy_saved_goal)
