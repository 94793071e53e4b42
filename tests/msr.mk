# SPDX-License-Identifier: BSD-2-Clause
# Host unit test (cmocka) of the guest-visible CPU: CPUID leaves, MSR checks, the XSETBV rule.
# For the root Makefile (-include tests/msr.mk); also usable alone:
#   make -f tests/msr.mk BUILD=/tmp/b unit-msr

# Keep whatever default goal the including Makefile chooses.
msr_saved_goal := $(.DEFAULT_GOAL)

CC ?= gcc
BUILD ?= build

MSR_TEST_CFLAGS := -std=c11 -DHV_HOSTED -I. -Wall -Wextra -Werror -O1 -g \
                   -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
# The pure parts of hv/exit/ (what they call in the hypervisor is stubbed in the test).
MSR_TEST_SRCS := hv/exit/cpuid.c hv/exit/kvm_features.c hv/exit/guest_cpu.c hv/exit/msr_xsave.c hv/exit/msr_memtype.c \
                 hv/exit/msr_mca.c hv/exit/msr_tsc.c hv/exit/msr_cpu.c hv/exit/msr_unknown.c \
                 $(wildcard hv/lib/*.c)
MSR_TEST_HDRS := $(wildcard hv/exit/*.h hv/partition/*.h hv/lib/*.h apic/*.h vmx/*.h) hv/cpu.h

.PHONY: unit-msr

$(BUILD)/tests/test_msr: tests/unit/test_msr.c $(MSR_TEST_SRCS) $(MSR_TEST_HDRS) tests/msr.mk
	@mkdir -p $(@D)
	$(CC) $(MSR_TEST_CFLAGS) -o $@ tests/unit/test_msr.c $(MSR_TEST_SRCS) -lcmocka

unit-msr: $(BUILD)/tests/test_msr
	$(BUILD)/tests/test_msr

.DEFAULT_GOAL := $(msr_saved_goal)
