; SPDX-License-Identifier: BSD-2-Clause
; Multiboot v1 header and 32-bit entry shared by the test guests.
MB1_MAGIC equ 0x1BADB002
MB1_FLAGS equ 0x00000003          ; page-aligned modules, memory info

section .multiboot progbits alloc noexec nowrite align=4
	dd MB1_MAGIC
	dd MB1_FLAGS
	dd -(MB1_MAGIC + MB1_FLAGS)

section .bss nobits alloc noexec write align=16
stack: resb 16384
stack_top:

section .text
bits 32
global _start
extern guest_main
_start:
	cli
	mov esp, stack_top
	push ebx                       ; multiboot information
	push eax                       ; magic
	call guest_main
.halt:
	hlt
	jmp .halt
