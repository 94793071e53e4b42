; SPDX-License-Identifier: BSD-2-Clause
; The boot CPU's stack, with a guard page below it that paging_init unmaps.
section .bss nobits alloc noexec write align=4096
global boot_stack_guard, boot_stack_top
boot_stack_guard:
	resb 4096
	resb 32768
boot_stack_top:
