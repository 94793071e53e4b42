# SPDX-License-Identifier: BSD-2-Clause
# Host unit test (cmocka) of the Linux boot protocol pieces (hv/loader/linux_params.c), against
# a synthetic setup header and, when make linux-guest has run, the downloaded kernel's.
# For the root Makefile (include tests/linux_params.mk); also usable alone:
#   make -f tests/linux_params.mk BUILD=/tmp/b unit-linux-params

linux_params_saved_goal := $(.DEFAULT_GOAL)

CC ?= gcc
BUILD ?= build

LINUX_PARAMS_CFLAGS := -std=c11 -DHV_HOSTED -I. -Wall -Wextra -Werror -O1 -g \
                       -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
LINUX_PARAMS_SRCS := hv/loader/linux_params.c $(wildcard hv/lib/*.c)

.PHONY: unit-linux-params

$(BUILD)/tests/test_linux_params: tests/unit/test_linux_params.c $(LINUX_PARAMS_SRCS) \
		hv/loader/linux_params.h $(wildcard hv/lib/*.h) tests/linux_params.mk
	@mkdir -p $(@D)
	$(CC) $(LINUX_PARAMS_CFLAGS) -o $@ tests/unit/test_linux_params.c $(LINUX_PARAMS_SRCS) -lcmocka

unit-linux-params: $(BUILD)/tests/test_linux_params
	$(BUILD)/tests/test_linux_params $(wildcard $(BUILD)/linux/vmlinuz)

.DEFAULT_GOAL := $(linux_params_saved_goal)
