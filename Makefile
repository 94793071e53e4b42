# SPDX-License-Identifier: BSD-2-Clause
# Builds splitvisor (UEFI app + multiboot2 ELF), host tools, tests, boot media.

CC      := gcc
LD      := ld
NASM    := nasm
OBJCOPY := objcopy
BUILD   := build

EFI_INC := /usr/include/efi
EFI_LIB := /usr/lib

WARN    := -Wall -Wextra -Werror
KCFLAGS := -std=c11 -ffreestanding -fno-builtin -mno-red-zone -fno-stack-protector \
           -fpic -fshort-wchar -mgeneral-regs-only -fno-asynchronous-unwind-tables \
           -fno-omit-frame-pointer -O2 -g $(WARN) -I.
EFI_CFLAGS := $(KCFLAGS) -I$(EFI_INC) -I$(EFI_INC)/x86_64 -DGNU_EFI_USE_MS_ABI

-include tests/manifest.mk

# The hypervisor proper, shared by both boot paths: every source in its folders (a new file
# is built without being listed); hv/manifest/check/ is the host checker, not the hypervisor.
HV_DIRS := hv apic drivers sched vmx
HV_SRCS := $(sort $(filter-out hv/manifest/check/%,$(shell find $(HV_DIRS) -name '*.c')) boot/boot_info.c)
HV_ASM  := $(sort $(shell find $(HV_DIRS) -name '*.asm') boot/stack.asm)
ELF_ONLY := boot/mb2.c
EFI_ONLY := boot/efi_main.c boot/efi_files.c boot/manifest_images.c

define objs
$(patsubst %.c,$(BUILD)/$(1)/%.o,$(filter %.c,$(2))) $(patsubst %.asm,$(BUILD)/$(1)/%.o,$(filter %.asm,$(2)))
endef

.PHONY: all clean test unit fuzz bench run usb iso pxe media panic-test deps guests unit-programs check-layers
all: $(BUILD)/splitvisor.efi $(BUILD)/splitvisor.elf $(BUILD)/splitvisor-check

$(BUILD)/ap_trampoline.bin: boot/ap_trampoline.asm
	@mkdir -p $(@D)
	$(NASM) -f bin -o $@ $<

# $(1) = variant directory, $(2) = extra CFLAGS
define variant
$(BUILD)/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	$$(CC) $$(KCFLAGS) $(2) -MMD -c -o $$@ $$<
$(BUILD)/$(1)/boot/efi_%.o: boot/efi_%.c
	@mkdir -p $$(@D)
	$$(CC) $$(EFI_CFLAGS) $(2) -MMD -c -o $$@ $$<
$(BUILD)/$(1)/%.o: %.asm
	@mkdir -p $$(@D)
	$$(NASM) -f elf64 -o $$@ $$<
$(BUILD)/$(1)/boot/ap_blob.o: boot/ap_blob.asm $(BUILD)/ap_trampoline.bin
	@mkdir -p $$(@D)
	$$(NASM) -f elf64 -DAP_TRAMPOLINE_BIN='"$(BUILD)/ap_trampoline.bin"' -o $$@ $$<
$(1)_COMMON := $(call objs,$(1),$(HV_SRCS) $(HV_ASM)) $(BUILD)/$(1)/boot/ap_blob.o
$(BUILD)/$(1)/splitvisor.elf: $$($(1)_COMMON) $(call objs,$(1),$(ELF_ONLY) boot/mb2_entry.asm) linker.ld
	$$(LD) -static -nostdlib -z noexecstack -z max-page-size=4096 -T linker.ld -o $$@ \
		$$(filter %.o,$$^)
$(BUILD)/$(1)/splitvisor.so: $$($(1)_COMMON) $(call objs,$(1),$(EFI_ONLY)) boot/efi.lds
	$$(LD) -nostdlib -znocombreloc -z noexecstack -shared -Bsymbolic -T boot/efi.lds -o $$@ \
		$(EFI_LIB)/crt0-efi-x86_64.o $$(filter %.o,$$^) -L$(EFI_LIB) -lefi -lgnuefi
$(BUILD)/$(1)/splitvisor.efi: $(BUILD)/$(1)/splitvisor.so
	$$(OBJCOPY) -j .text -j .reloc -j .rodata -j .data -j .dynamic -j .dynsym -j .rela \
		--target efi-app-x86_64 --subsystem=10 $$< $$@
-include $$(patsubst %.o,%.d,$$($(1)_COMMON))
endef

$(eval $(call variant,hv,))
$(eval $(call variant,panic_test,-DHV_PANIC_TEST))

$(BUILD)/splitvisor.efi: $(BUILD)/hv/splitvisor.efi
	cp $< $@
$(BUILD)/splitvisor.elf: $(BUILD)/hv/splitvisor.elf
	cp $< $@
panic-test: $(BUILD)/panic_test/splitvisor.efi $(BUILD)/panic_test/splitvisor.elf

# Includes point down the layer table of docs/architecture.md; the objects form no loop.
check-layers: $(BUILD)/splitvisor.elf
	tests/check-layers.sh $(BUILD)/hv

include tests/tests.mk

clean:
	rm -rf $(BUILD)
