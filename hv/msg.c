/* SPDX-License-Identifier: BSD-2-Clause */
/* Mailbox message handler table on hypervisor cores, indexed by message type. */
#include "hv/msg.h"
#include "hv/cpu.h"
#include "hv/exit.h"
#include "hv/percpu.h"
#include "hv/string.h"

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

static const msg_handler_fn msg_handlers[MSG_MAX] = {
	[MSG_PING] = msg_ping,
	[MSG_EXIT] = msg_exit,
};

void msg_dispatch(uint32_t from_cpu, const struct mbox_msg *req, struct mbox_msg *reply)
{
	memset(reply, 0, sizeof(*reply));
	if (req->type < MSG_MAX && msg_handlers[req->type])
		msg_handlers[req->type](from_cpu, req, reply);
}
