/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot-time mailbox self-test: every guest core pings its hypervisor core. */
#include "hv/selftest.h"
#include "hv/lib/stats.h"
#include "hv/console.h"
#include "hv/cpu.h"
#include "hv/mailbox.h"
#include "hv/exit/msg.h"
#include "hv/percpu.h"
#include "hv/time.h"
#include "sched/role.h"

#define SELFTEST_TIMEOUT_US 20000000ULL

struct selftest_result {
	volatile uint32_t done;
	uint32_t errors;
	uint64_t min, median, max;
	uint64_t samples[SELFTEST_ROUNDS];
};

static struct selftest_result results[MAX_CPUS];

static void selftest_guest_work(void)
{
	struct percpu *me = this_cpu();
	struct selftest_result *r = &results[me->index];
	for (uint32_t i = 0; i < SELFTEST_ROUNDS; i++) {
		struct mbox_msg req = { .type = MSG_PING }, reply;
		req.arg[0] = ((uint64_t)me->index << 32) | i;
		uint64_t t0 = rdtsc();
		mailbox_call(me->mbox, &req, &reply);
		r->samples[i] = rdtsc() - t0;
		if (reply.type != MSG_PING || reply.arg[0] != req.arg[0] + 1 ||
		    reply.arg[1] != (uint64_t)me->served_by)
			r->errors++;
	}
	stats_min_median_max(r->samples, SELFTEST_ROUNDS, &r->min, &r->median, &r->max);
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
}

static bool wait_all_done(void)
{
	uint64_t deadline = time_deadline_us(SELFTEST_TIMEOUT_US);
	for (;;) {
		bool all = true;
		for (uint32_t i = 0; i < percpu_count(); i++)
			if (percpu_of(i)->role == ROLE_GUEST && percpu_of(i)->online && !results[i].done)
				all = false;
		if (all)
			return true;
		if (time_passed(deadline))
			return false;
		hv_service_once();
	}
}

static bool report(void)
{
	bool ok = true;
	static uint64_t all[MAX_CPUS * SELFTEST_ROUNDS];
	uint32_t n = 0;
	hv_info("mailbox self-test: %u round trips per guest core (TSC ticks)\n", SELFTEST_ROUNDS);
	hv_info("  CPU  served by      min   median      max  errors\n");
	for (uint32_t i = 0; i < percpu_count(); i++) {
		struct percpu *p = percpu_of(i);
		if (p->role != ROLE_GUEST || !p->online)
			continue;
		struct selftest_result *r = &results[i];
		if (!r->done) {
			hv_err("  %3u  CPU %-5d  no answer within %llu s\n", i, p->served_by,
			       (unsigned long long)(SELFTEST_TIMEOUT_US / 1000000));
			ok = false;
			continue;
		}
		hv_info("  %3u  CPU %-5d %8llu %8llu %8llu  %6u\n", i, p->served_by,
			(unsigned long long)r->min, (unsigned long long)r->median,
			(unsigned long long)r->max, r->errors);
		if (r->errors)
			ok = false;
		for (uint32_t k = 0; k < SELFTEST_ROUNDS; k++)
			all[n++] = r->samples[k];
	}
	uint64_t mn, md, mx;
	stats_min_median_max(all, n, &mn, &md, &mx);
	if (n)
		hv_info("mailbox round trip: min %llu median %llu max %llu ticks\n",
			(unsigned long long)mn, (unsigned long long)md, (unsigned long long)mx);
	return ok;
}

bool selftest_mailbox(void)
{
	uint32_t guests = 0;
	for (uint32_t i = 0; i < percpu_count(); i++) {
		struct percpu *p = percpu_of(i);
		if (p->role == ROLE_GUEST && p->online) {
			guest_core_run(i, selftest_guest_work);
			guests++;
		}
	}
	if (!guests) {
		hv_info("mailbox self-test: no guest cores, nothing to test\n");
		return true;
	}
	wait_all_done();
	bool ok = report();
	if (ok)
		hv_info("mailbox self-test passed\n");
	else
		hv_err("mailbox self-test FAILED: a guest core got a wrong reply or none; "
		       "this machine cannot run partitions safely\n");
	return ok;
}
