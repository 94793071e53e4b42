; SPDX-License-Identifier: BSD-2-Clause
; Multiboot2 header and 32-bit entry: builds boot page tables, enters long mode, calls mb2_main.

MB2_MAGIC   equ 0xE85250D6
MB2_ARCH    equ 0

section .multiboot2 progbits alloc noexec nowrite align=8
mb2_header:
	dd MB2_MAGIC
	dd MB2_ARCH
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + MB2_ARCH + (mb2_header_end - mb2_header))
	; end tag
	dw 0, 0
	dd 8
mb2_header_end:

section .bss nobits alloc noexec write align=4096
boot_pml4:  resb 4096
boot_pdpt:  resb 4096
boot_pd:    resb 4096 * 4

section .rodata
align 16
boot_gdt:
	dq 0
	dq 0x00AF9A000000FFFF          ; 0x08: 64-bit code
	dq 0x00CF92000000FFFF          ; 0x10: data
boot_gdt_desc:
	dw boot_gdt_desc - boot_gdt - 1
	dq boot_gdt
no_lm_msg: db "splitvisor: this CPU has no long mode (x86-64); splitvisor needs a 64-bit CPU", 13, 10, 0

section .text.boot exec nowrite align=16
bits 32
global mb2_entry
extern mb2_main
extern boot_stack_top
mb2_entry:
	cli
	cld
	mov esp, boot_stack_top
	mov edi, eax                   ; multiboot2 magic
	mov esi, ebx                   ; multiboot2 information
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no_long_mode
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29
	jz .no_long_mode
	; zero and fill the boot page tables: identity map of 4 GiB in 2 MiB pages
	push edi
	mov edi, boot_pml4
	xor eax, eax
	mov ecx, (4096 * 6) / 4
	rep stosd
	pop edi
	mov dword [boot_pml4], boot_pdpt + 3
	mov ecx, 0
.pdpt:
	mov eax, ecx
	shl eax, 12
	add eax, boot_pd + 3
	mov [boot_pdpt + ecx * 8], eax
	inc ecx
	cmp ecx, 4
	jb .pdpt
	xor ecx, ecx
.pd:
	mov eax, ecx
	shl eax, 21
	or eax, 0x83                   ; present, writable, 2 MiB
	mov [boot_pd + ecx * 8], eax
	mov eax, ecx
	shr eax, 11                    ; high dword of (ecx << 21)
	mov [boot_pd + ecx * 8 + 4], eax
	inc ecx
	cmp ecx, 2048
	jb .pd
	mov eax, cr4
	or eax, 1 << 5                 ; PAE
	mov cr4, eax
	mov eax, boot_pml4
	mov cr3, eax
	mov ecx, 0xC0000080            ; EFER
	rdmsr
	or eax, (1 << 8) | (1 << 11)   ; LME, NXE
	wrmsr
	mov eax, cr0
	or eax, 0x80010001             ; PG, WP, PE
	mov cr0, eax
	lgdt [boot_gdt_desc]
	jmp 0x08:.long_mode

.no_long_mode:
	mov ebx, no_lm_msg
.msg:
	mov al, [ebx]
	test al, al
	jz .halt
	mov dx, 0x3F8
	out dx, al
	inc ebx
	jmp .msg
.halt:
	hlt
	jmp .halt

bits 64
.long_mode:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rsp, boot_stack_top
	mov edi, edi
	mov esi, esi
	call mb2_main
.dead:
	cli
	hlt
	jmp .dead
