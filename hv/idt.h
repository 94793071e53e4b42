/* SPDX-License-Identifier: BSD-2-Clause */
/* The interrupt descriptor table and the exception frame its stubs build. */
#ifndef HV_IDT_H
#define HV_IDT_H

#include "hv/lib/types.h"

struct exc_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

#define VEC_NMI 2
#define VEC_DF 8
#define VEC_MC 18

void idt_init(void);   /* builds the shared IDT once */
void idt_load(void);   /* loads it on the calling CPU */

#endif
