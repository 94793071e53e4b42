; SPDX-License-Identifier: BSD-2-Clause
; Embeds the assembled AP trampoline in the hypervisor image.
section .rodata
global ap_trampoline_start, ap_trampoline_end
align 16
ap_trampoline_start:
	incbin AP_TRAMPOLINE_BIN
ap_trampoline_end:
