; SPDX-License-Identifier: BSD-2-Clause
; Catch-all IDT stubs of the conformance guests: conf_init points every vector that trap.asm
; leaves empty here. Exceptions call conf_fault(frame) (which reports and ends the run);
; interrupts call conf_stray(vector) and return.
section .text
bits 32
global conf_idt_stubs
extern conf_fault, conf_stray

%macro EXC 1
conf_stub_%1:
%if %1 == 8 || (%1 >= 10 && %1 <= 14) || %1 == 17 || %1 == 21 || %1 == 29 || %1 == 30
	push %1                         ; the CPU pushed an error code
%else
	push 0
	push %1
%endif
	jmp exc_common
%endmacro

%macro IRQ 1
conf_stub_%1:
	push %1
	jmp irq_common
%endmacro

%assign v 0
%rep 32
EXC v
%assign v v + 1
%endrep
%rep 224
IRQ v
%assign v v + 1
%endrep

exc_common:                             ; [esp] vector, error code, EIP, CS, EFLAGS
	mov eax, esp
	push eax
	call conf_fault                 ; does not return
.halt:
	cli
	hlt
	jmp .halt

irq_common:
	pushad
	push dword [esp + 32]
	call conf_stray
	add esp, 4
	popad
	add esp, 4
	iretd

section .data
conf_idt_stubs:
%assign v 0
%rep 256
	dd conf_stub_ %+ v
%assign v v + 1
%endrep
