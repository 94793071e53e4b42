; SPDX-License-Identifier: BSD-2-Clause
; Test-guest IDT: #UD and #GP resume at trap_resume and record the vector; vectors
; 0x40-0x5F and the NMI call irq_handler(vector) (the guest EOIs itself).
section .data
global trap_resume, trap_vector
trap_resume: dd 0
trap_vector: dd 0xFFFFFFFF
idt_desc:
	dw 256 * 8 - 1
	dd idt

section .bss
alignb 8
idt: resq 256

section .text
bits 32
global trap_install, irq_install
extern irq_handler

trap_install:
	mov eax, ud_handler
	mov ecx, 6
	call set_gate
	mov eax, gp_handler
	mov ecx, 13
	call set_gate
	lidt [idt_desc]
	ret

irq_install:
	mov al, 0xFF                    ; mask the 8259 PICs: on bare hardware the PIT would fire
	out 0x21, al
	out 0xA1, al
	mov ecx, 0x40
.next:
	mov eax, ecx
	sub eax, 0x40
	mov eax, [irq_stubs + eax * 4]
	call set_gate
	inc ecx
	cmp ecx, 0x60
	jb .next
	mov eax, nmi_stub
	mov ecx, 2
	call set_gate
	lidt [idt_desc]
	ret

nmi_stub:                               ; NMIs also go to irq_handler, as vector 2
	push 2
	jmp irq_common

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

irq_common:                             ; [esp] = vector
	pushad
	push dword [esp + 32]
	call irq_handler
	add esp, 4
	popad
	add esp, 4
	iretd

%assign v 0x40
%rep 0x20
irq_stub_ %+ v:
	push v
	jmp irq_common
%assign v v + 1
%endrep

section .data
irq_stubs:
%assign v 0x40
%rep 0x20
	dd irq_stub_ %+ v
%assign v v + 1
%endrep
