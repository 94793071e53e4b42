# SPDX-License-Identifier: BSD-2-Clause
# Test, bench, media and run targets (filled in below).

# ---- test guests: multiboot v1 ELF32 kernels ----
GUEST_CFLAGS := -m32 -std=c11 -ffreestanding -fno-pic -fno-stack-protector -mgeneral-regs-only \
                -fno-asynchronous-unwind-tables -O2 -Wall -Wextra -Werror -Itests/guests
GUESTS := hello
GUEST_RT := $(BUILD)/guests/entry.o $(BUILD)/guests/rt.o

$(BUILD)/guests/entry.o: tests/guests/entry.asm
	@mkdir -p $(@D)
	$(NASM) -f elf32 -o $@ $<
$(BUILD)/guests/%.o: tests/guests/%.c tests/guests/rt.h
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) -c -o $@ $<
$(BUILD)/guests/%.elf: $(BUILD)/guests/%.o $(GUEST_RT) tests/guests/guest.ld
	$(LD) -m elf_i386 -nostdlib -z noexecstack --no-warn-rwx-segments -T tests/guests/guest.ld -o $@ $(GUEST_RT) $<
guests: $(patsubst %,$(BUILD)/guests/%.elf,$(GUESTS))
