; SPDX-License-Identifier: BSD-2-Clause
; AP start for test guests: 16-bit code copied to 0x7000 (SIPI vector 7) that enters 32-bit
; protected mode on the guest's flat GDT, takes a stack and calls ap_main(index).
AP_BASE equ 0x7000
AP_STACK equ 8192

section .text
bits 16
global ap_tramp_start, ap_tramp_end
extern gdt
ap_tramp_start:
	cli
	xor ax, ax
	mov ds, ax
	o32 lgdt [ap_gdt_desc - ap_tramp_start + AP_BASE]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	jmp dword 0x08:ap_entry32
align 8
ap_gdt_desc:
	dw 23
	dd gdt
ap_tramp_end:

bits 32
extern ap_main
ap_entry32:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, 1
	lock xadd [ap_next], eax        ; eax = this AP's index (1, 2, ...)
	mov esp, eax
	shl esp, 13                     ; * AP_STACK
	add esp, ap_stacks
	push eax
	call ap_main
.halt:
	cli
	hlt
	jmp .halt

section .data
ap_next: dd 1

section .bss
alignb 16
ap_stacks: resb AP_STACK * 8
