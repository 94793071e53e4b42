; SPDX-License-Identifier: BSD-2-Clause
; Exception entry stubs: push a uniform frame and call exception_dispatch.

bits 64
default rel
section .text

extern exception_dispatch

%macro STUB_NOERR 1
isr_%1:
	push 0
	push %1
	jmp isr_common
%endmacro

%macro STUB_ERR 1
isr_%1:
	push %1
	jmp isr_common
%endmacro

; vectors that push an error code: 8, 10-14, 17, 21, 29, 30
%assign v 0
%rep 32
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
	STUB_ERR v
%else
	STUB_NOERR v
%endif
%assign v v + 1
%endrep

isr_common:
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	mov rdi, rsp
	mov rbx, rsp
	and rsp, -16
	call exception_dispatch
	mov rsp, rbx
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop r10
	pop r9
	pop r8
	pop rbp
	pop rdi
	pop rsi
	pop rdx
	pop rcx
	pop rbx
	pop rax
	add rsp, 16
	iretq

section .data
global isr_table
align 8
isr_table:
%assign v 0
%rep 32
	dq isr_ %+ v
%assign v v + 1
%endrep
