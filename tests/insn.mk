# SPDX-License-Identifier: BSD-2-Clause
# Host test of the x86 instruction emulator (hv/insn/) with cmocka. Included by the root
# Makefile; also usable alone: make -f tests/insn.mk build/tests/test_insn

# Keep whatever default goal the including Makefile chooses.
insn_saved_goal := $(.DEFAULT_GOAL)

CC ?= gcc
BUILD ?= build
HOST_AS ?= as

INSN_TEST_CFLAGS := -std=c11 -DHV_HOSTED -D_GNU_SOURCE -I. -Wall -Wextra -Werror -O1 -g \
                    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
INSN_TEST_SRCS := tests/unit/test_insn.c $(sort $(wildcard tests/unit/insn/*.c)) \
                  $(sort $(wildcard hv/insn/*.c)) hv/lib/fmt.c
INSN_TEST_HDRS := $(wildcard hv/insn/*.h tests/unit/insn/*.h) hv/lib/types.h hv/lib/string.h hv/lib/fmt.h
# Assembled by the GNU assembler: the native prologue/epilogue and the length list (its labels
# give each instruction's length).
INSN_TEST_ASM := $(BUILD)/tests/insn/native_stub.o $(BUILD)/tests/insn/lengths.o

$(BUILD)/tests/insn/%.o: tests/unit/insn/%.s
	@mkdir -p $(@D)
	$(HOST_AS) --64 -o $@ $<

$(BUILD)/tests/test_insn: $(INSN_TEST_SRCS) $(INSN_TEST_HDRS) $(INSN_TEST_ASM) tests/insn.mk
	@mkdir -p $(@D)
	$(CC) $(INSN_TEST_CFLAGS) -o $@ $(INSN_TEST_SRCS) $(INSN_TEST_ASM) -lcmocka

.DEFAULT_GOAL := $(insn_saved_goal)
