; SPDX-License-Identifier: BSD-2-Clause
; VM entry and exit: load/save every guest general register around VMLAUNCH/VMRESUME.
bits 64
default rel
section .text

; offsets in struct guest_regs
%define R_RAX 0
%define R_RCX 8
%define R_RDX 16
%define R_RBX 24
%define R_RBP 32
%define R_RSI 40
%define R_RDI 48
%define R_R8 56
%define R_R9 64
%define R_R10 72
%define R_R11 80
%define R_R12 88
%define R_R13 96
%define R_R14 104
%define R_R15 112

VMCS_HOST_RSP equ 0x6C14
VMCS_HOST_RIP equ 0x6C16

global vmx_enter
global vmx_exit_stub

; int vmx_enter(struct guest_regs *regs, int launched)
; returns 0 after a VM exit, 1 for VMfailInvalid, 2 for VMfailValid
vmx_enter:
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
	push rdi                       ; [rsp] = regs, found again at exit
	mov rax, VMCS_HOST_RSP
	vmwrite rax, rsp
	lea rdx, [vmx_exit_stub]
	mov rax, VMCS_HOST_RIP
	vmwrite rax, rdx
	mov rax, rdi
	test esi, esi                  ; flags survive the moves below
	mov rcx, [rax + R_RCX]
	mov rdx, [rax + R_RDX]
	mov rbx, [rax + R_RBX]
	mov rbp, [rax + R_RBP]
	mov rsi, [rax + R_RSI]
	mov rdi, [rax + R_RDI]
	mov r8, [rax + R_R8]
	mov r9, [rax + R_R9]
	mov r10, [rax + R_R10]
	mov r11, [rax + R_R11]
	mov r12, [rax + R_R12]
	mov r13, [rax + R_R13]
	mov r14, [rax + R_R14]
	mov r15, [rax + R_R15]
	mov rax, [rax + R_RAX]
	jnz .resume
	vmlaunch
	jmp .failed
.resume:
	vmresume
.failed:
	mov eax, 1                     ; VMfailInvalid (CF)
	jc .out
	mov eax, 2                     ; VMfailValid (ZF)
.out:
	pop rdi
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	ret

vmx_exit_stub:
	push rax
	mov rax, [rsp + 8]             ; regs
	mov [rax + R_RCX], rcx
	mov [rax + R_RDX], rdx
	mov [rax + R_RBX], rbx
	mov [rax + R_RBP], rbp
	mov [rax + R_RSI], rsi
	mov [rax + R_RDI], rdi
	mov [rax + R_R8], r8
	mov [rax + R_R9], r9
	mov [rax + R_R10], r10
	mov [rax + R_R11], r11
	mov [rax + R_R12], r12
	mov [rax + R_R13], r13
	mov [rax + R_R14], r14
	mov [rax + R_R15], r15
	pop qword [rax + R_RAX]
	xor eax, eax
	jmp vmx_enter.out
