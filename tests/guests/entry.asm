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

section .data
align 8
gdt:
	dq 0
	dq 0x00CF9A000000FFFF          ; 0x08: flat code
	dq 0x00CF92000000FFFF          ; 0x10: flat data
gdt_desc:
	dw gdt_desc - gdt - 1
	dd gdt

section .text
bits 32
global _start
extern guest_main
_start:
	cli
	mov esp, stack_top
	lgdt [gdt_desc]                ; multiboot leaves GDTR undefined: use our own
	jmp 0x08:.flat
.flat:
	mov ecx, 0x10
	mov ds, ecx
	mov es, ecx
	mov fs, ecx
	mov gs, ecx
	mov ss, ecx
	push ebx                       ; multiboot information
	push eax                       ; magic
	call guest_main
.halt:
	hlt
	jmp .halt
