# SPDX-License-Identifier: BSD-2-Clause
# Prologue and epilogue the host-CPU test copies around one instruction into an executable page:
# void run(struct native_state *s) loads RFLAGS and every GPR but RSP from s, runs the
# instruction, and stores them back. Position independent (no RIP-relative references).
	.section .rodata
	.globl native_prologue, native_prologue_end, native_epilogue, native_epilogue_end
native_prologue:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdi
	pushq 128(%rdi)
	popfq
	mov 0(%rdi), %rax
	mov 8(%rdi), %rcx
	mov 16(%rdi), %rdx
	mov 24(%rdi), %rbx
	mov 40(%rdi), %rbp
	mov 48(%rdi), %rsi
	mov 64(%rdi), %r8
	mov 72(%rdi), %r9
	mov 80(%rdi), %r10
	mov 88(%rdi), %r11
	mov 96(%rdi), %r12
	mov 104(%rdi), %r13
	mov 112(%rdi), %r14
	mov 120(%rdi), %r15
	mov 56(%rdi), %rdi
native_prologue_end:

native_epilogue:
	pushfq
	push %rax
	mov 16(%rsp), %rax
	mov %rcx, 8(%rax)
	mov %rdx, 16(%rax)
	mov %rbx, 24(%rax)
	mov %rbp, 40(%rax)
	mov %rsi, 48(%rax)
	mov %rdi, 56(%rax)
	mov %r8, 64(%rax)
	mov %r9, 72(%rax)
	mov %r10, 80(%rax)
	mov %r11, 88(%rax)
	mov %r12, 96(%rax)
	mov %r13, 104(%rax)
	mov %r14, 112(%rax)
	mov %r15, 120(%rax)
	pop %rcx
	mov %rcx, 0(%rax)
	pop %rcx
	mov %rcx, 128(%rax)
	cld
	pop %rdi
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret
native_epilogue_end:

	.section .note.GNU-stack,"",@progbits
