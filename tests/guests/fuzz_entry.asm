; SPDX-License-Identifier: BSD-2-Clause
; The fuzzer guest's entry and traps: multiboot v1 (ELF64), its own identity page tables over
; 4 GiB (2 MiB pages: memory, the IOAPIC and xAPIC pages, what lies beyond), long mode,
; an IDT whose exceptions end the current operation (fuzz_exec) and whose interrupts call
; fuzz_irq(vector), and fuzz_exec: runs generated code with given registers and returns the
; vector that ended it (0xFFFFFFFF: none). An INIT of this vCPU (the BSP) restarts it in real
; mode at the reset vector F000:FFF0, where fuzz_install_reset put a jump to reset16: back to
; long mode and into fuzz_resumed, which goes on with the next operation.
MB1_MAGIC equ 0x1BADB002
RESET16_GPA equ 0x5000                  ; where fuzz_install_reset copies reset16
MB1_FLAGS equ 0x00000003

section .multiboot progbits alloc noexec nowrite align=4
	dd MB1_MAGIC
	dd MB1_FLAGS
	dd -(MB1_MAGIC + MB1_FLAGS)

section .bss nobits alloc noexec write align=4096
global fuzz_pml4
fuzz_pml4: resb 4096
pdpt: resb 4096
pds: resb 4 * 4096
idt: resb 256 * 16
stack: resb 65536
stack_top:

section .data
align 8
gdt:
	dq 0
	dq 0x00AF9A000000FFFF          ; 0x08: 64-bit code
	dq 0x00CF92000000FFFF          ; 0x10: data
	dq 0x00CF9A000000FFFF          ; 0x18: 32-bit code (back from real mode after an INIT)
gdt_desc:
	dw gdt_desc - gdt - 1
	dq gdt
idt_desc:
	dw 256 * 16 - 1
	dq idt
global exec_rsp, fuzz_trap_vector, fuzz_trap_error, fuzz_trap_rip
exec_rsp: dq 0                          ; non-zero while fuzz_exec runs generated code
exec_regs: dq 0
exec_code: dq 0
exec_tmp: dq 0
in_window: db 0
fuzz_trap_vector: dq 0
fuzz_trap_error: dq 0
fuzz_trap_rip: dq 0

section .text
bits 32
global _start
extern guest_main, fuzz_irq, fuzz_fatal, fuzz_resumed
_start:
	cli
	mov esp, stack_top
	mov edi, eax                    ; multiboot magic and information, for guest_main
	mov esi, ebx
	xor ebp, ebp                    ; not resumed after an INIT
	mov dword [fuzz_pml4], pdpt + 3
	xor ecx, ecx
.pdpt:                                  ; four page directories: 0-4 GiB
	mov eax, ecx
	shl eax, 12
	add eax, pds + 3
	mov [pdpt + ecx * 8], eax
	inc ecx
	cmp ecx, 4
	jb .pdpt
	xor ecx, ecx
.pd:
	mov eax, ecx
	shl eax, 21
	or eax, 0x83                    ; present, writable, 2 MiB
	mov [pds + ecx * 8], eax
	inc ecx
	cmp ecx, 2048
	jb .pd
enter_long:                             ; the page tables are built: long mode
	mov eax, cr4
	or eax, 0x20                    ; PAE
	mov cr4, eax
	mov eax, fuzz_pml4
	mov cr3, eax
	mov ecx, 0xC0000080
	rdmsr
	or eax, 0x100                   ; EFER.LME
	wrmsr
	mov eax, cr0
	or eax, 0x80000001
	mov cr0, eax
	lgdt [gdt_desc]
	jmp 0x08:long_mode

resume32:                               ; from reset16, in protected mode without paging
	mov eax, 0x10
	mov ds, eax
	mov es, eax
	mov ss, eax
	mov esp, stack_top
	mov ebp, 1
	jmp enter_long

; Copied to RESET16_GPA (real-mode code must lie below 1 MiB): protected mode, then resume32.
bits 16
global reset16, reset16_end
reset16:
	cli
	xor ax, ax
	mov ds, ax
	o32 lgdt [RESET16_GPA + reset16_gdt - reset16]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	jmp dword 0x18:resume32
global reset16_iret
reset16_iret:                           ; the real-mode IVT's NMI entry points here
	iret
reset16_gdt:
	dw gdt_desc - gdt - 1
	dd gdt
reset16_end:

bits 64
long_mode:
	test ebp, ebp
	jz .segments
	lidt [rel idt_desc]             ; resumed: the IDT is filled already (an NMI may come)
.segments:
	mov eax, 0x10
	mov ds, eax
	mov es, eax
	mov ss, eax
	xor eax, eax
	mov fs, eax
	mov gs, eax
	mov rsp, stack_top
	test ebp, ebp
	jnz .resumed
	mov edi, edi
	mov esi, esi
	call idt_fill
	lidt [rel idt_desc]
	call guest_main
.resumed:
	mov qword [rel exec_rsp], 0     ; whatever ran when the INIT came is over
	mov byte [rel in_window], 0
	call fuzz_resumed
.halt:
	cli
	hlt
	jmp .halt

idt_fill:
	xor ecx, ecx
.next:
	lea rax, [rel stubs]
	imul rdx, rcx, STUB_SIZE
	add rax, rdx
	mov rdx, rcx
	shl rdx, 4
	lea r8, [rel idt]
	add r8, rdx
	mov [r8], ax
	mov word [r8 + 2], 0x08
	mov word [r8 + 4], 0x8E00       ; interrupt gate
	shr rax, 16
	mov [r8 + 6], ax
	shr rax, 16
	mov [r8 + 8], eax
	mov dword [r8 + 12], 0
	inc ecx
	cmp ecx, 256
	jb .next
	ret

; Each stub: the CPU's error code or a 0 in its place, then the vector, then common code. A
; vector below 32 in the interrupt window is an interrupt (an IPI or a device can send one):
; no error code there.
STUB_SIZE equ 32
align 32
stubs:
%assign v 0
%rep 256
	align 32
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30
	cmp byte [rel in_window], 0
	je stub_ %+ v %+ _err
	push 0
stub_ %+ v %+ _err:
%else
	push 0
%endif
	push v
	jmp trap_common
%assign v v + 1
%endrep

; void fuzz_window(void): interrupts on for a moment; what is pending arrives here.
global fuzz_window
fuzz_window:
	mov byte [rel in_window], 1
	sti
	nop
	nop
	cli
	mov byte [rel in_window], 0
	ret

; [rsp] = vector, [rsp+8] = error code, [rsp+16] = RIP, CS, RFLAGS, RSP, SS
trap_common:
	cmp byte [rel in_window], 0
	jne .interrupt
	cmp qword [rsp], 32
	jae .interrupt
	cmp qword [rsp], 2              ; NMI: an interrupt too
	je .interrupt
	cmp qword [rel exec_rsp], 0
	jne .abort
	cmp qword [rsp], 1              ; #DB outside an operation: a breakpoint left behind
	je .debug
	mov rdi, [rsp]
	mov rsi, [rsp + 8]
	mov rdx, [rsp + 16]
	call fuzz_fatal                 ; does not return
.debug:
	push rax
	xor eax, eax
	mov dr7, rax
	pop rax
	add rsp, 16
	iretq
.abort:                                 ; the operation ends here
	mov rax, [rsp]
	mov [rel fuzz_trap_vector], rax
	mov rax, [rsp + 8]
	mov [rel fuzz_trap_error], rax
	mov rax, [rsp + 16]
	mov [rel fuzz_trap_rip], rax
	mov rax, [rsp]
	jmp exec_out
.interrupt:
	push rax
	push rcx
	push rdx
	push rsi
	push rdi
	push r8
	push r9
	push r10
	push r11
	mov rdi, [rsp + 72]
	cld
	call fuzz_irq
	pop r11
	pop r10
	pop r9
	pop r8
	pop rdi
	pop rsi
	pop rdx
	pop rcx
	pop rax
	add rsp, 16
	iretq

; uint64_t fuzz_exec(const void *code, uint64_t regs[16]): regs in the order rax rcx rdx rbx
; (rsp: unused) rbp rsi rdi r8-r15; the code ends with a jump to fuzz_exec_done.
global fuzz_exec, fuzz_exec_done
fuzz_exec:
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
	pushfq
	mov [rel exec_rsp], rsp
	mov [rel exec_regs], rsi
	mov [rel exec_code], rdi
	mov rax, [rsi + 0]
	mov rcx, [rsi + 8]
	mov rdx, [rsi + 16]
	mov rbx, [rsi + 24]
	mov rbp, [rsi + 40]
	mov rdi, [rsi + 56]
	mov r8, [rsi + 64]
	mov r9, [rsi + 72]
	mov r10, [rsi + 80]
	mov r11, [rsi + 88]
	mov r12, [rsi + 96]
	mov r13, [rsi + 104]
	mov r14, [rsi + 112]
	mov r15, [rsi + 120]
	mov rsi, [rsi + 48]
	jmp [rel exec_code]
fuzz_exec_done:
	mov [rel exec_tmp], rsi
	mov rsi, [rel exec_regs]
	mov [rsi + 0], rax
	mov [rsi + 8], rcx
	mov [rsi + 16], rdx
	mov [rsi + 24], rbx
	mov [rsi + 40], rbp
	mov [rsi + 56], rdi
	mov [rsi + 64], r8
	mov [rsi + 72], r9
	mov [rsi + 80], r10
	mov [rsi + 88], r11
	mov [rsi + 96], r12
	mov [rsi + 104], r13
	mov [rsi + 112], r14
	mov [rsi + 120], r15
	mov rax, [rel exec_tmp]
	mov [rsi + 48], rax
	mov eax, 0xFFFFFFFF
exec_out:
	mov rsp, [rel exec_rsp]
	xor edx, edx
	mov dr7, rdx                    ; a breakpoint the operation set stays inside it
	mov qword [rel exec_rsp], 0
	popfq
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	ret
