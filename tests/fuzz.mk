# SPDX-License-Identifier: BSD-2-Clause
# The hostile-guest fuzzer (issue 12): its 64-bit guest, the hypervisor built with consistency
# checks (make fuzz-hv), and longer campaigns (make fuzz-guest SECONDS=N SEED=S).
FUZZ_CFLAGS := -m64 -std=c11 -ffreestanding -fno-pic -fno-stack-protector -mgeneral-regs-only -mno-red-zone \
	       -mcmodel=small -fno-asynchronous-unwind-tables -O2 -Wall -Wextra -Werror -Itests/guests
FUZZ_OBJS := $(patsubst %,$(BUILD)/guests/fuzz64/%.o,fuzz_entry fuzz fuzz_rt fuzz_ops fuzz_mmio)

$(BUILD)/guests/fuzz64/%.o: tests/guests/%.c tests/guests/fuzz.h
	@mkdir -p $(@D)
	$(CC) $(FUZZ_CFLAGS) -c -o $@ $<
$(BUILD)/guests/fuzz64/fuzz_entry.o: tests/guests/fuzz_entry.asm
	@mkdir -p $(@D)
	$(NASM) -f elf64 -o $@ $<
$(BUILD)/guests/fuzz.elf: $(FUZZ_OBJS) tests/guests/fuzz.ld
	$(LD) -m elf_x86_64 -nostdlib -z noexecstack -z max-page-size=4096 --no-warn-rwx-segments \
		-T tests/guests/fuzz.ld -o $@ $(FUZZ_OBJS)
guests: $(BUILD)/guests/fuzz.elf $(BUILD)/guests/checksum.elf

# The hypervisor with the fuzz build's consistency checks (hv/exit/fuzz_check.c).
$(eval $(call variant,fuzz_hv,-DHV_FUZZ_CHECKS))
fuzz-hv: $(BUILD)/fuzz_hv/splitvisor.elf
.PHONY: fuzz-hv fuzz-guest

SECONDS ?= 300
SEED ?=
fuzz-guest: all guests fuzz-hv
	@tests/fuzz_guest.sh $(SECONDS) $(SEED)

# Host unit test of what the fuzzer found in the control-register handler.
$(BUILD)/tests/test_cr_rules: tests/unit/test_cr_rules.c hv/exit/cr_rules.c hv/exit/cr_rules.h tests/fuzz.mk
	@mkdir -p $(@D)
	$(CC) -std=c11 -DHV_HOSTED -I. -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined \
		-fno-sanitize-recover=undefined -o $@ tests/unit/test_cr_rules.c hv/exit/cr_rules.c -lcmocka
unit-programs: $(BUILD)/tests/test_cr_rules
