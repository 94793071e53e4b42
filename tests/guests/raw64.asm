; SPDX-License-Identifier: BSD-2-Clause
; Test guest "raw64": a flat 64-bit image entered at 1 MiB in long mode; prints and exits.
bits 64
org 0x100000
start:
	lea rsi, [rel message]
.next:
	mov al, [rsi]
	test al, al
	jz .done
	mov dx, 0x3F8
	out dx, al
	inc rsi
	jmp .next
.done:
	mov rax, cr0
	bt rax, 31                      ; paging must be on in long mode
	jnc .bad
	mov eax, 0x10
	jmp .exit
.bad:
	mov eax, 0x11
.exit:
	mov dx, 0xF4
	out dx, eax
	hlt
message: db "raw64: hello from 64-bit long mode", 13, 10, 0
