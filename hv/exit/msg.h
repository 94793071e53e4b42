/* SPDX-License-Identifier: BSD-2-Clause */
/* Mailbox message types and their handler table on hypervisor cores. */
#ifndef HV_MSG_H
#define HV_MSG_H

#include "hv/mailbox.h"

enum msg_type {
	MSG_PING = 1, /* self-test: reply arg0+1 and the serving core */
	MSG_EXIT,     /* a VM exit: arg0 = struct exit_ctx *; reply arg0 = handler ticks */
	MSG_EXIT_ASYNC, /* an asynchronous exit: arg0 vcpu, arg1 reason, arg2 qual, arg3 rax, arg4 rip */
	MSG_MAX,
};

typedef void (*msg_handler_fn)(uint32_t from_cpu, const struct mbox_msg *req, struct mbox_msg *reply);

/* Runs the handler for req->type; unknown types get reply.type = 0. */
void msg_dispatch(uint32_t from_cpu, const struct mbox_msg *req, struct mbox_msg *reply);

#endif
