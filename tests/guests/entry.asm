; SPDX-License-Identifier: BSD-2-Clause
; Multiboot v1 header and 32-bit entry shared by the test guests.
MB1_MAGIC equ 0x1BADB002
MB1_FLAGS equ 0x00000003          ; page-aligned modules, memory info

section .multiboot progbits alloc noexec nowrite align=4
	dd MB1_MAGIC
	dd MB1_FLAGS
	dd -(MB1_MAGIC + MB1_FLAGS)

%include "entry_common.inc"
