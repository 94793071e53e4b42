; SPDX-License-Identifier: BSD-2-Clause
; Test-guest exception catcher: #UD and #GP resume at trap_resume and record the vector.
section .data
global trap_resume, trap_vector
trap_resume: dd 0
trap_vector: dd 0xFFFFFFFF

section .bss
idt: resq 32
section .data
idt_desc:
	dw 32 * 8 - 1
	dd idt

section .text
bits 32
global trap_install
trap_install:
	mov eax, ud_handler
	mov ecx, 6
	call set_gate
	mov eax, gp_handler
	mov ecx, 13
	call set_gate
	lidt [idt_desc]
	ret

; eax = handler, ecx = vector
set_gate:
	mov edx, cs
	mov [idt + ecx * 8], ax
	mov [idt + ecx * 8 + 2], dx
	mov word [idt + ecx * 8 + 4], 0x8E00
	shr eax, 16
	mov [idt + ecx * 8 + 6], ax
	ret

ud_handler:
	mov dword [trap_vector], 6
	push eax
	mov eax, [trap_resume]
	mov [esp + 4], eax              ; saved EIP
	pop eax
	iretd

gp_handler:
	mov dword [trap_vector], 13
	add esp, 4                      ; error code
	push eax
	mov eax, [trap_resume]
	mov [esp + 4], eax
	pop eax
	iretd
