; SPDX-License-Identifier: BSD-2-Clause
; AP trampoline: copied to a page below 1 MiB; real mode -> protected mode -> long mode -> C.
; Assembled as a flat binary; the BSP fills the parameter block at PARAMS before each SIPI.

PARAMS equ 0xFE0

bits 16
org 0
ap_start:
	cli
	cld
	xor ebx, ebx
	mov bx, cs
	shl ebx, 4                     ; ebx = physical base of this page
	mov ax, cs
	mov ds, ax
	lea eax, [ebx + gdt]
	mov [gdt_desc + 2], eax
	lgdt [gdt_desc]
	lea eax, [ebx + pm32]
	mov [far32], eax
	mov eax, cr0
	or eax, 1
	mov cr0, eax
	jmp dword far [far32]

bits 32
pm32:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, cr4
	or eax, 1 << 5                 ; PAE
	mov cr4, eax
	mov eax, [ebx + PARAMS]        ; CR3 (below 4 GiB)
	mov cr3, eax
	mov ecx, 0xC0000080
	rdmsr
	or eax, (1 << 8) | (1 << 11)   ; LME, NXE
	wrmsr
	mov eax, cr0
	or eax, 0x80010000             ; PG, WP
	mov cr0, eax
	lea eax, [ebx + lm64]
	mov [ebx + far64], eax
	jmp far [ebx + far64]

bits 64
lm64:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov rsp, [rbx + PARAMS + 8]
	mov rdi, [rbx + PARAMS + 16]
	mov rax, [rbx + PARAMS + 24]
	push 0
	jmp rax

align 16
gdt:
	dq 0
	dq 0x00CF9A000000FFFF          ; 0x08: 32-bit code
	dq 0x00CF92000000FFFF          ; 0x10: data
	dq 0x00AF9A000000FFFF          ; 0x18: 64-bit code
gdt_desc:
	dw 31
	dd 0
far32:
	dd 0
	dw 0x08
far64:
	dd 0
	dw 0x18

times PARAMS - ($ - $$) db 0
params:
	dq 0                           ; +0  CR3
	dq 0                           ; +8  stack top
	dq 0                           ; +16 argument (struct percpu *)
	dq 0                           ; +24 entry point
