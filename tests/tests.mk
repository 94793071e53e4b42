# SPDX-License-Identifier: BSD-2-Clause
# Test, bench, media and run targets (filled in below).

# ---- test guests: multiboot v1 ELF32 kernels ----
GUEST_CFLAGS := -m32 -std=c11 -ffreestanding -fno-pic -fno-stack-protector -mgeneral-regs-only \
                -fno-asynchronous-unwind-tables -O2 -Wall -Wextra -Werror -Itests/guests
GUESTS := hello exits isolation fault bench smp timer ipi attacker uartrx com2tx storm flood apic ipis ioapic timers cpuidmsr strio kvmpv xapicprobe sched
GUEST_RT := $(BUILD)/guests/entry.o $(BUILD)/guests/rt.o $(BUILD)/guests/trap.o

$(BUILD)/guests/%.o: tests/guests/%.asm
	@mkdir -p $(@D)
	$(NASM) -f elf32 -Itests/guests/ -o $@ $<
$(BUILD)/guests/%.o: tests/guests/%.c tests/guests/rt.h
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) -c -o $@ $<
$(BUILD)/guests/%.elf: $(BUILD)/guests/%.o $(GUEST_RT) tests/guests/guest.ld
	$(LD) -m elf_i386 -nostdlib -z noexecstack --no-warn-rwx-segments -T tests/guests/guest.ld -o $@ $(GUEST_RT) $<
$(BUILD)/guests/hello2.elf: $(BUILD)/guests/hello2.o $(BUILD)/guests/entry_mb2.o $(BUILD)/guests/rt.o tests/guests/guest.ld
	$(LD) -m elf_i386 -nostdlib -z noexecstack --no-warn-rwx-segments -T tests/guests/guest.ld -o $@ \
		$(BUILD)/guests/entry_mb2.o $(BUILD)/guests/rt.o $(BUILD)/guests/hello2.o
$(BUILD)/guests/raw64.bin: tests/guests/raw64.asm
	@mkdir -p $(@D)
	$(NASM) -f bin -o $@ $<
$(BUILD)/guests/ipi.elf $(BUILD)/guests/sched.elf: $(BUILD)/guests/%.elf: $(BUILD)/guests/%.o $(BUILD)/guests/ap32.o $(GUEST_RT) tests/guests/guest.ld
	$(LD) -m elf_i386 -nostdlib -z noexecstack --no-warn-rwx-segments -T tests/guests/guest.ld -o $@ \
		$(GUEST_RT) $(BUILD)/guests/ap32.o $<
# conformance guests: conf.c (checks, summary, fault catching, AP start) and the AP trampoline
CONF_GUESTS := apic ipis ioapic timers cpuidmsr kvmpv
CONF_RT := $(BUILD)/guests/conf.o $(BUILD)/guests/conf_idt.o $(BUILD)/guests/ap32.o
$(patsubst %,$(BUILD)/guests/%.elf,$(CONF_GUESTS)): $(BUILD)/guests/%.elf: $(BUILD)/guests/%.o $(CONF_RT) $(GUEST_RT) tests/guests/guest.ld
	$(LD) -m elf_i386 -nostdlib -z noexecstack --no-warn-rwx-segments -T tests/guests/guest.ld -o $@ $(GUEST_RT) $(CONF_RT) $<
$(patsubst %,$(BUILD)/guests/%.o,$(CONF_GUESTS) conf): tests/guests/conf.h
guests: $(patsubst %,$(BUILD)/guests/%.elf,$(GUESTS)) $(BUILD)/guests/hello2.elf $(BUILD)/guests/raw64.bin

# ---- tests, run, bench, media ----
-include tests/unit.mk
include tests/acpi_tables.mk tests/insn.mk tests/legacy.mk tests/msr.mk tests/linux_params.mk tests/linux.mk
include tests/fuzz.mk
# Host unit tests kept in fragments of their own, beside tests/unit.mk's.
UNIT_EXTRA := $(BUILD)/tests/test_acpi_tables $(BUILD)/tests/test_insn $(BUILD)/tests/test_legacy \
	      $(BUILD)/tests/test_msr $(BUILD)/tests/test_linux_params
unit-programs: $(UNIT_TESTS) $(UNIT_EXTRA) $(BUILD)/tests/test_manifest

test:
	@tests/run-tests.sh

unit: unit-programs
	@fail=0; for t in $(UNIT_TESTS) $(UNIT_EXTRA) $(BUILD)/tests/test_manifest; do $$t || fail=1; done; exit $$fail

fuzz: fuzz-manifest

run:
	@tests/run.sh

bench:
	@tests/bench.sh

MANIFEST ?= docs/examples/default.toml
IMAGES ?= $(BUILD)/linux/vmlinuz $(BUILD)/linux/initrd $(BUILD)/guests/hello.elf $(BUILD)/guests/exits.elf
# the default images include the Linux guest the default manifest boots
MEDIA_DEPS := all guests $(if $(filter file,$(origin IMAGES)),linux-guest)

iso: $(MEDIA_DEPS)
	boot/mkiso.sh $(BUILD)/splitvisor.iso $(BUILD)/splitvisor.elf $(MANIFEST) $(IMAGES)
	@echo "hybrid GRUB ISO (BIOS + UEFI): $(BUILD)/splitvisor.iso"

usb: iso
	boot/mkusb.sh $(BUILD)/splitvisor-usb.img $(BUILD)/splitvisor.efi $(MANIFEST) $(IMAGES)
	@echo "USB stick image (GPT + ESP): $(BUILD)/splitvisor-usb.img"
	@echo "write it with: sudo dd if=$(BUILD)/splitvisor-usb.img of=/dev/sdX bs=4M conv=fsync"

pxe: $(MEDIA_DEPS)
	boot/mkpxe.sh $(BUILD)/pxe $(BUILD)/splitvisor.elf $(MANIFEST) $(IMAGES)
	@echo "TFTP tree: $(BUILD)/pxe (DHCP boot file for UEFI clients: BOOTX64.EFI)"
.SECONDARY:
$(BUILD)/guests/entry.o $(BUILD)/guests/entry_mb2.o: tests/guests/entry_common.inc
