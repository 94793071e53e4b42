; SPDX-License-Identifier: BSD-2-Clause
; Multiboot2 header and 32-bit entry for the multiboot2 test guest.
MB2_MAGIC equ 0xE85250D6

section .multiboot progbits alloc noexec nowrite align=8
mb2_header:
	dd MB2_MAGIC
	dd 0
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + (mb2_header_end - mb2_header))
	dw 0, 0
	dd 8
mb2_header_end:

%include "entry_common.inc"
