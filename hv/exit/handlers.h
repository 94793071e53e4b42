/* SPDX-License-Identifier: BSD-2-Clause */
/* The VM-exit handlers the dispatch table points at. */
#ifndef HV_EXIT_HANDLERS_H
#define HV_EXIT_HANDLERS_H

#include "hv/partition/vcpu.h"

void handle_cpuid(struct exit_ctx *x);
void handle_rdmsr(struct exit_ctx *x);
void handle_wrmsr(struct exit_ctx *x);
void handle_io(struct exit_ctx *x);
void handle_cr_access(struct exit_ctx *x);
void handle_ept_violation(struct exit_ctx *x);
void handle_triple_fault(struct exit_ctx *x);
void handle_task_switch(struct exit_ctx *x);
void handle_invalid_opcode(struct exit_ctx *x);
void handle_vmcall(struct exit_ctx *x);
void handle_xsetbv(struct exit_ctx *x);
void handle_hlt(struct exit_ctx *x);               /* emulated APIC only */
void handle_interrupt_window(struct exit_ctx *x);  /* emulated APIC only */
void handle_virt_eoi(struct exit_ctx *x);          /* emulated APIC with APIC virtualization */
void handle_apic_write(struct exit_ctx *x);        /* the same: a write the CPU did not virtualize */
void handle_skip(struct exit_ctx *x);      /* ignore the instruction, go on */
void handle_skip_none(struct exit_ctx *x); /* nothing to do (timer ticks) */
void handle_pause(struct exit_ctx *x);     /* shared cores: PAUSE-loop exiting, a yield */

#endif
