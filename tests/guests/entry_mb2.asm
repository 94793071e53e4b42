; SPDX-License-Identifier: BSD-2-Clause
; Multiboot2 header and 32-bit entry for the multiboot2 test guest.
MB2_MAGIC equ 0xE85250D6

section .multiboot progbits alloc noexec nowrite align=8
mb2_header:
	dd MB2_MAGIC
	dd 0
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + (mb2_header_end - mb2_header))
	dw 0, 0
	dd 8
mb2_header_end:

section .bss nobits alloc noexec write align=16
stack: resb 16384
stack_top:

section .data
align 8
gdt:
	dq 0
	dq 0x00CF9A000000FFFF
	dq 0x00CF92000000FFFF
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
	lgdt [gdt_desc]
	jmp 0x08:.flat
.flat:
	mov ecx, 0x10
	mov ds, ecx
	mov es, ecx
	mov ss, ecx
	push ebx
	push eax
	call guest_main
.halt:
	hlt
	jmp .halt
