/* SPDX-License-Identifier: BSD-2-Clause */
/* Mailbox message handler table on hypervisor cores, indexed by message type. */
#include "hv/exit/msg.h"
#include "hv/cpu.h"
#include "hv/exit/exit.h"
#include "hv/percpu.h"
#include "hv/lib/string.h"

static void msg_ping(uint32_t from_cpu, const struct mbox_msg *req, struct mbox_msg *reply)
{
	UNUSED(from_cpu);
	reply->type = MSG_PING;
	reply->arg[0] = req->arg[0] + 1;
	reply->arg[1] = this_cpu()->index;
}

/* Runs a guest core's exit handler here, on the hypervisor core (SplitX). */
static void msg_exit(uint32_t from_cpu, const struct mbox_msg *req, struct mbox_msg *reply)
{
	UNUSED(from_cpu);
	struct exit_ctx *x = (struct exit_ctx *)(uintptr_t)req->arg[0];
	uint64_t t0 = rdtsc();
	exit_run_handler(x);
	uint64_t ticks = rdtsc() - t0;
	if (x->reason < EXIT_REASON_MAX && !x->vcpu->stats_skip)
		x->vcpu->stats[x->reason].hv_ticks += ticks;
	reply->type = MSG_EXIT;
	reply->arg[0] = ticks;
}

/* An asynchronous exit: rebuild a context from the message and run the handler. */
static void msg_exit_async(uint32_t from_cpu, const struct mbox_msg *req, struct mbox_msg *reply)
{
	static struct exit_ctx ctx[MAX_CPUS]; /* one per guest core that posts */
	struct exit_ctx *x = &ctx[from_cpu];
	uint64_t t0 = rdtsc();
	x->actions = 0; /* asynchronous handlers read only what the message carries */
	x->vcpu = (struct vcpu *)(uintptr_t)req->arg[0];
	x->reason = (uint32_t)req->arg[1];
	x->qual = req->arg[2];
	x->regs.rax = req->arg[3];
	x->rip = req->arg[4];
	exit_run_handler(x);
	uint64_t ticks = rdtsc() - t0;
	if (x->reason < EXIT_REASON_MAX)
		x->vcpu->stats[x->reason].hv_ticks += ticks;
	reply->type = MSG_EXIT_ASYNC;
}

static const msg_handler_fn msg_handlers[MSG_MAX] = {
	[MSG_PING] = msg_ping,
	[MSG_EXIT] = msg_exit,
	[MSG_EXIT_ASYNC] = msg_exit_async,
};

void msg_dispatch(uint32_t from_cpu, const struct mbox_msg *req, struct mbox_msg *reply)
{
	reply->type = 0;
	if (req->type < MSG_MAX && msg_handlers[req->type])
		msg_handlers[req->type](from_cpu, req, reply);
}
