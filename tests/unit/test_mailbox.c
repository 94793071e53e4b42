/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests for the SPSC request/reply mailbox (hv/mailbox.c), with two threads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "hv/mailbox.h"

#define N_CALLS 100000
#define MSG_WORK 1
#define MSG_STOP 2

static struct mailbox mb;

static int setup(void **state)
{
	(void)state;
	mailbox_init(&mb);
	return 0;
}

/* Spin politely: on a loaded two-core host the other thread may need our core. */
static void spin_wait(uint64_t *spins)
{
	if (++*spins % 1024 == 0)
		sched_yield();
	else
		__asm__ volatile("pause");
}

static struct mbox_msg make_request(uint64_t i)
{
	struct mbox_msg m = { .type = MSG_WORK, .flags = (uint32_t)i };
	for (int k = 0; k < 6; k++)
		m.arg[k] = i * 6 + (uint64_t)k;
	return m;
}

/* The consumer's answer: a function of every field, so torn copies show. */
static struct mbox_msg answer(const struct mbox_msg *req)
{
	struct mbox_msg r = { .type = req->type + 100, .flags = ~req->flags };
	for (int k = 0; k < 6; k++)
		r.arg[k] = req->arg[k] * 3 + 1;
	return r;
}

static void assert_answer(const struct mbox_msg *req, const struct mbox_msg *rep)
{
	struct mbox_msg want = answer(req);
	assert_int_equal(rep->type, want.type);
	assert_int_equal(rep->flags, want.flags);
	for (int k = 0; k < 6; k++)
		assert_int_equal(rep->arg[k], want.arg[k]);
}

/* ---- single-threaded behaviour ---- */

static void test_layout_is_one_cache_line_per_slot(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct mbox_slot), CACHELINE);
	assert_int_equal(offsetof(struct mailbox, reply) % CACHELINE, 0);
	assert_int_equal((uintptr_t)&mb % CACHELINE, 0);
}

static void test_poll_on_empty_mailbox_returns_false(void **state)
{
	(void)state;
	struct mbox_msg m;
	assert_false(mailbox_poll(&mb, &m));
}

static void test_post_poll_reply_round_trip(void **state)
{
	(void)state;
	struct mbox_msg req = make_request(7), got, rep;
	uint64_t seq = mailbox_post(&mb, &req);
	assert_int_equal(seq, 1);
	assert_false(mailbox_reply_ready(&mb, seq, &rep));
	assert_true(mailbox_poll(&mb, &got));
	assert_memory_equal(&got, &req, sizeof(req));
	assert_false(mailbox_poll(&mb, &got)); /* seen once only */
	assert_false(mailbox_reply_ready(&mb, seq, &rep));
	struct mbox_msg a = answer(&got);
	mailbox_reply(&mb, &a);
	assert_true(mailbox_reply_ready(&mb, seq, &rep));
	assert_answer(&req, &rep);
	assert_true(mailbox_reply_ready(&mb, seq, NULL));
}

static void test_sequence_numbers_count_up(void **state)
{
	(void)state;
	for (uint64_t i = 1; i <= 5; i++) {
		struct mbox_msg req = make_request(i), got;
		assert_int_equal(mailbox_post(&mb, &req), i);
		assert_true(mailbox_poll(&mb, &got));
		mailbox_reply(&mb, &got);
		assert_true(mailbox_reply_ready(&mb, i, NULL));
		assert_false(mailbox_reply_ready(&mb, i + 1, NULL));
	}
}

/* ---- two threads ---- */

struct consumer_result {
	uint64_t handled;
	uint64_t out_of_order; /* requests whose counter was not the next one */
};

static void *consumer(void *arg)
{
	struct consumer_result *res = arg;
	uint64_t expect = 0, spins = 0;
	for (;;) {
		struct mbox_msg req;
		if (!mailbox_poll(&mb, &req)) {
			spin_wait(&spins);
			continue;
		}
		if (req.type == MSG_STOP) {
			mailbox_reply(&mb, &req);
			return NULL;
		}
		if (req.arg[0] != expect * 6)
			res->out_of_order++;
		expect++;
		struct mbox_msg rep = answer(&req);
		mailbox_reply(&mb, &rep);
		res->handled++;
	}
}

static void stop_consumer(pthread_t t)
{
	struct mbox_msg stop = { .type = MSG_STOP }, rep;
	mailbox_call(&mb, &stop, &rep);
	assert_int_equal(rep.type, MSG_STOP);
	assert_int_equal(pthread_join(t, NULL), 0);
}

static void test_threads_100000_calls_every_reply_right(void **state)
{
	(void)state;
	struct consumer_result res = { 0, 0 };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, consumer, &res), 0);
	uint64_t wrong = 0;
	for (uint64_t i = 0; i < N_CALLS; i++) {
		struct mbox_msg req = make_request(i), rep;
		memset(&rep, 0, sizeof(rep));
		mailbox_call(&mb, &req, &rep);
		struct mbox_msg want = answer(&req);
		if (memcmp(&rep, &want, sizeof(rep)) != 0)
			wrong++;
	}
	stop_consumer(t);
	assert_int_equal(wrong, 0);
	assert_int_equal(res.handled, N_CALLS);
	assert_int_equal(res.out_of_order, 0);
}

/* The producer posts and goes on with other work, checking for the reply
 * only now and then; the next post waits for the slot by itself. */
static void test_threads_async_posts_all_delivered_in_order(void **state)
{
	(void)state;
	struct consumer_result res = { 0, 0 };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, consumer, &res), 0);
	uint64_t last_seq = 0, seen_replies = 0, wrong = 0, work = 0;
	for (uint64_t i = 0; i < N_CALLS; i++) {
		struct mbox_msg req = make_request(i), rep;
		uint64_t seq = mailbox_post(&mb, &req);
		if (seq != last_seq + 1)
			wrong++;
		last_seq = seq;
		for (int k = 0; k < (int)(i % 8); k++)
			work += (uint64_t)k * i; /* "other work" */
		if (i % 3 == 0 && mailbox_reply_ready(&mb, seq, &rep)) {
			struct mbox_msg want = answer(&req);
			if (memcmp(&rep, &want, sizeof(rep)) != 0)
				wrong++;
			seen_replies++;
		}
	}
	/* the last one: wait for it */
	struct mbox_msg last_req = make_request(N_CALLS - 1), rep;
	uint64_t spins = 0;
	while (!mailbox_reply_ready(&mb, last_seq, &rep))
		spin_wait(&spins);
	assert_answer(&last_req, &rep);
	stop_consumer(t);
	assert_int_equal(wrong, 0);
	assert_int_equal(last_seq, N_CALLS);
	assert_int_equal(res.handled, N_CALLS);
	assert_int_equal(res.out_of_order, 0);
	(void)work;
	(void)seen_replies;
}

int main(void)
{
	alarm(120); /* a lost wake-up would hang: fail instead */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_layout_is_one_cache_line_per_slot, setup),
		cmocka_unit_test_setup(test_poll_on_empty_mailbox_returns_false, setup),
		cmocka_unit_test_setup(test_post_poll_reply_round_trip, setup),
		cmocka_unit_test_setup(test_sequence_numbers_count_up, setup),
		cmocka_unit_test_setup(test_threads_100000_calls_every_reply_right, setup),
		cmocka_unit_test_setup(test_threads_async_posts_all_delivered_in_order, setup),
	};
	return cmocka_run_group_tests_name("mailbox", tests, NULL, NULL);
}
