/* SPDX-License-Identifier: BSD-2-Clause */
/* Instruction emulation for exits: the guest's state, memory, device pages and ports for hv/insn. */
#ifndef HV_EXIT_EMULATE_H
#define HV_EXIT_EMULATE_H

#include "hv/partition/vcpu.h"

/* Guest core: whether this exit needs the instruction emulated (an EPT violation on a device
 * page, a string I/O instruction), so the exit reads the state for it. */
static inline bool exit_needs_emulation(uint32_t reason, uint64_t qual)
{
	return reason == EXIT_EPT_VIOLATION || (reason == EXIT_IO && (qual & 0x10));
}

/* Emulates the instruction at the guest's RIP: on success registers, RIP and RFLAGS change as
 * the instruction says; a guest fault (#PF with its CR2, #GP, #UD ...) is injected; what cannot
 * be emulated stops the partition with a message naming the instruction (what: the access). */
void exit_emulate(struct exit_ctx *x, const char *what);

#endif
