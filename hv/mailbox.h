/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-guest-core mailbox: one request slot and one reply slot, single producer,
 * single consumer, sequence numbers, no lock. */
#ifndef HV_MAILBOX_H
#define HV_MAILBOX_H

#include "hv/types.h"

struct mbox_msg {
	uint32_t type;
	uint32_t flags;
	uint64_t arg[6];
};

struct mbox_slot {
	volatile uint64_t seq;
	struct mbox_msg msg;
} CACHE_ALIGNED;

struct mailbox {
	struct mbox_slot request;   /* written by the guest core only */
	struct mbox_slot reply;     /* written by the hypervisor core only */
	struct {
		uint64_t posted;    /* producer's private count */
	} CACHE_ALIGNED producer;
	struct {
		uint64_t seen;      /* consumer's private count */
	} CACHE_ALIGNED consumer;
};

_Static_assert(sizeof(struct mbox_slot) == CACHELINE, "a slot is one cache line");

void mailbox_init(struct mailbox *m);
/* Producer: waits until the previous request was answered, then posts; returns its seq. */
uint64_t mailbox_post(struct mailbox *m, const struct mbox_msg *msg);
/* Producer: true once the reply to seq is there (copied to reply if non-NULL). */
bool mailbox_reply_ready(struct mailbox *m, uint64_t seq, struct mbox_msg *reply);
/* Producer: waits until every request it posted has been answered. */
void mailbox_wait_idle(struct mailbox *m);
/* Producer: post and spin for the reply (a synchronous exit). */
void mailbox_call(struct mailbox *m, const struct mbox_msg *msg, struct mbox_msg *reply);
/* Consumer: true when a new request is waiting; copies it out. */
bool mailbox_poll(struct mailbox *m, struct mbox_msg *req);
/* Consumer: answers the request last returned by mailbox_poll. */
void mailbox_reply(struct mailbox *m, const struct mbox_msg *reply);

#endif
