/* SPDX-License-Identifier: BSD-2-Clause */
/* VM-exit dispatch: one handler table indexed by exit reason, SplitX routing classes. */
#ifndef HV_EXIT_H
#define HV_EXIT_H

#include "hv/exit/ctx.h"

/* How an exit is routed under exits = "split" (under "local" all run on the guest core). */
enum exit_class {
	EXIT_CLASS_NONE = 0, /* not expected: the control is off (HLT, MWAIT, PAUSE ...) */
	EXIT_CLASS_SYNC,     /* posted to the hypervisor core; the guest core waits for the reply */
	EXIT_CLASS_ASYNC,    /* posted; the guest core re-enters at once */
	EXIT_CLASS_GUEST,    /* needs the guest core itself (its VMCS, its NMI state) */
};

typedef void (*exit_handler_fn)(struct exit_ctx *x);

struct exit_desc {
	uint8_t cls;
	exit_handler_fn handle;
};

/* Whether reason has an entry in the handler table (its own handler or a named refusal). */
bool exit_handled(uint32_t reason);
const struct exit_desc *exit_describe(uint32_t reason);
/* The class of this particular exit (I/O writes to some ports are asynchronous). */
enum exit_class exit_classify(const struct exit_ctx *x);
/* Runs the handler for x->reason wherever it is called. */
void exit_run_handler(struct exit_ctx *x);

#endif
