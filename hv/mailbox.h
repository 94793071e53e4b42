/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-guest-core mailbox: one request slot and one reply slot for synchronous
 * requests, plus a small ring for asynchronous ones; single producer, single
 * consumer, sequence numbers, no lock. */
#ifndef HV_MAILBOX_H
#define HV_MAILBOX_H

#include "hv/lib/types.h"

struct mbox_msg {
	uint32_t type;
	uint32_t flags;
	uint64_t arg[6];
};

struct mbox_slot {
	volatile uint64_t seq;
	struct mbox_msg msg;
} CACHE_ALIGNED;

#define MBOX_RING 256 /* asynchronous requests in flight per guest core */

struct mailbox {
	struct mbox_slot request;   /* written by the guest core only */
	struct mbox_slot reply;     /* written by the hypervisor core only */
	struct {
		uint64_t posted;    /* producer's private count */
		volatile uint64_t ring_head; /* asynchronous requests written */
	} CACHE_ALIGNED producer;
	struct {
		uint64_t seen;      /* consumer's private count */
		volatile uint64_t ring_tail; /* asynchronous requests taken */
	} CACHE_ALIGNED consumer;
	struct mbox_msg ring[MBOX_RING] CACHE_ALIGNED;
};

_Static_assert(sizeof(struct mbox_slot) == CACHELINE, "a slot is one cache line");

void mailbox_init(struct mailbox *m);
/* Producer: waits until the previous request was answered, then posts; returns its seq. */
uint64_t mailbox_post(struct mailbox *m, const struct mbox_msg *msg);
/* Producer: true once the reply to seq is there (copied to reply if non-NULL). */
bool mailbox_reply_ready(struct mailbox *m, uint64_t seq, struct mbox_msg *reply);
/* Producer: waits until every request it posted was answered or taken. */
void mailbox_wait_idle(struct mailbox *m);
/* Producer: post and spin for the reply (a synchronous exit). */
void mailbox_call(struct mailbox *m, const struct mbox_msg *msg, struct mbox_msg *reply);
/* Producer: an asynchronous request (no reply), written in place: the slot to fill (waits only
 * while the ring is full), then commit. */
struct mbox_msg *mailbox_async_slot(struct mailbox *m);
void mailbox_async_commit(struct mailbox *m);
/* Consumer: takes the oldest asynchronous request, if any. */
bool mailbox_poll_async(struct mailbox *m, struct mbox_msg *req);
/* Consumer: true when a new request is waiting; copies it out. */
bool mailbox_poll(struct mailbox *m, struct mbox_msg *req);
/* Consumer: answers the request last returned by mailbox_poll. */
void mailbox_reply(struct mailbox *m, const struct mbox_msg *reply);

#endif
