/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-guest-core mailbox: one request slot and one reply slot, single producer,
 * single consumer, sequence numbers, no lock. */
#include "hv/mailbox.h"
#include "hv/lib/string.h"

static inline void relax(void)
{
#if defined(__x86_64__)
	__asm__ volatile("pause" ::: "memory");
#endif
}

void mailbox_init(struct mailbox *m) { memset(m, 0, sizeof(*m)); }

uint64_t mailbox_post(struct mailbox *m, const struct mbox_msg *msg)
{
	uint64_t prev = m->producer.posted;
	while (__atomic_load_n(&m->reply.seq, __ATOMIC_ACQUIRE) != prev)
		relax(); /* the slot is still owned by the consumer */
	m->request.msg = *msg;
	uint64_t seq = prev + 1;
	m->producer.posted = seq;
	__atomic_store_n(&m->request.seq, seq, __ATOMIC_RELEASE);
	return seq;
}

bool mailbox_reply_ready(struct mailbox *m, uint64_t seq, struct mbox_msg *reply)
{
	if (__atomic_load_n(&m->reply.seq, __ATOMIC_ACQUIRE) != seq)
		return false;
	if (reply)
		*reply = m->reply.msg;
	return true;
}

void mailbox_wait_idle(struct mailbox *m)
{
	while (__atomic_load_n(&m->reply.seq, __ATOMIC_ACQUIRE) != m->producer.posted ||
	       __atomic_load_n(&m->consumer.ring_tail, __ATOMIC_ACQUIRE) != m->producer.ring_head)
		relax();
}

struct mbox_msg *mailbox_async_slot(struct mailbox *m)
{
	uint64_t head = m->producer.ring_head;
	while (head - __atomic_load_n(&m->consumer.ring_tail, __ATOMIC_ACQUIRE) >= MBOX_RING)
		relax(); /* full: the consumer is behind */
	return &m->ring[head % MBOX_RING];
}

void mailbox_async_commit(struct mailbox *m)
{
	__atomic_store_n(&m->producer.ring_head, m->producer.ring_head + 1, __ATOMIC_RELEASE);
}


bool mailbox_poll_async(struct mailbox *m, struct mbox_msg *req)
{
	uint64_t tail = m->consumer.ring_tail;
	if (tail == __atomic_load_n(&m->producer.ring_head, __ATOMIC_ACQUIRE))
		return false;
	*req = m->ring[tail % MBOX_RING];
	__atomic_store_n(&m->consumer.ring_tail, tail + 1, __ATOMIC_RELEASE);
	return true;
}

void mailbox_call(struct mailbox *m, const struct mbox_msg *msg, struct mbox_msg *reply)
{
	uint64_t seq = mailbox_post(m, msg);
	while (!mailbox_reply_ready(m, seq, reply))
		relax();
}

bool mailbox_poll(struct mailbox *m, struct mbox_msg *req)
{
	uint64_t seq = __atomic_load_n(&m->request.seq, __ATOMIC_ACQUIRE);
	if (seq == m->consumer.seen)
		return false;
	*req = m->request.msg;
	m->consumer.seen = seq;
	return true;
}

void mailbox_reply(struct mailbox *m, const struct mbox_msg *reply)
{
	m->reply.msg = *reply;
	__atomic_store_n(&m->reply.seq, m->consumer.seen, __ATOMIC_RELEASE);
}
