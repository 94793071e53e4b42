/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for adaptive halt-polling (sched/halt_poll.c): KVM's window rules and statistics. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "hv/manifest/manifest.h"
#include "hv/partition/partition.h"
#include "hv/partition/vcpu.h"
#include "hv/time.h"
#include "sched/halt_poll.h"

#define HZ 1000000000ULL /* 1 GHz: a tick is a nanosecond */

static struct manifest_partition cfg;
static struct partition part;
static struct vcpu v;

static int setup(void **state)
{
	(void)state;
	time_set_tsc_hz(HZ);
	memset(&cfg, 0, sizeof(cfg));
	memset(&part, 0, sizeof(part));
	memset(&v, 0, sizeof(v));
	cfg.halt_poll_ns = 200000;
	part.cfg = &cfg;
	part.state = PART_RUNNING;
	v.part = &part;
	v.kvm.poll_control = 1;
	return 0;
}

/* One halt of ns, woken while the core still polled for it (the vCPU stayed loaded). */
static void halt(uint64_t ns, bool valid)
{
	static uint64_t t = 1000;
	v.sched.halted = true;
	halt_begin(&v, t);
	halt_end(&v, t + ns, valid);
	t += ns + 1000;
}

static void test_grows_from_zero_and_doubles(void **state)
{
	(void)state;
	assert_int_equal(v.sched.window_ns, 0);
	halt(50000, true); /* no window yet: not polled; short: grows to 10 us */
	assert_int_equal(v.sched.halt.attempted_poll, 0);
	assert_int_equal(v.sched.halt.wakeup, 1);
	assert_int_equal(v.sched.window_ns, HALT_POLL_GROW_START_NS);
	halt(50000, true); /* missed (50 > 10): doubles */
	assert_int_equal(v.sched.window_ns, 20000);
	halt(50000, true);
	assert_int_equal(v.sched.window_ns, 40000);
	halt(50000, true);
	assert_int_equal(v.sched.window_ns, 80000);
	halt(50000, true); /* caught: it stays */
	assert_int_equal(v.sched.window_ns, 80000);
	assert_int_equal(v.sched.halt.successful_poll, 1);
	assert_int_equal(v.sched.halt.poll_success_ns, 50000);
	assert_int_equal(v.sched.halt.attempted_poll, 4);
	assert_int_equal(v.sched.halt.grow, 4);
	assert_int_equal(v.sched.halt.window_max_seen, 80000);
}

static void test_capped_by_halt_poll_ns(void **state)
{
	(void)state;
	cfg.halt_poll_ns = 30000;
	for (int i = 0; i < 10; i++)
		halt(25000, true);
	assert_int_equal(v.sched.window_ns, 30000); /* 10, 20, then 40 capped to 30: catches 25 */
	assert_int_equal(v.sched.halt.successful_poll, 7);
}

static void test_long_halts_shrink(void **state)
{
	(void)state;
	for (int i = 0; i < 5; i++)
		halt(100000, true); /* grows to 160 us */
	assert_int_equal(v.sched.window_ns, 160000);
	halt(500000, true); /* past halt_poll_ns: halves */
	assert_int_equal(v.sched.window_ns, 80000);
	assert_int_equal(v.sched.halt.poll_fail_ns, 10000 + 20000 + 40000 + 80000 + 160000);
	assert_int_equal(v.sched.halt.wait_ns, 90000 + 80000 + 60000 + 20000 + 340000 + 100000);
	halt(500000, true);
	halt(500000, true);
	halt(500000, true);
	assert_int_equal(v.sched.window_ns, 10000);
	halt(500000, true); /* below 10 us: off until a short halt grows it again */
	assert_int_equal(v.sched.window_ns, 0);
	assert_int_equal(v.sched.halt.shrink, 5);
}

static void test_invalid_wakeup_shrinks(void **state)
{
	(void)state;
	halt(5000, true);
	halt(5000, true);
	assert_int_equal(v.sched.window_ns, 10000);
	halt(5000, false); /* caught, but by a stop: counted invalid, the window shrinks */
	assert_int_equal(v.sched.halt.poll_invalid, 1);
	assert_int_equal(v.sched.window_ns, 0);
}

static void test_polling_off(void **state)
{
	(void)state;
	cfg.halt_poll_ns = 0;
	for (int i = 0; i < 4; i++)
		halt(5000, true);
	assert_int_equal(v.sched.window_ns, 0);
	assert_int_equal(v.sched.halt.attempted_poll, 0);
	cfg.halt_poll_ns = 200000;
	v.kvm.poll_control = 0; /* the guest polls itself (MSR_KVM_POLL_CONTROL) */
	for (int i = 0; i < 4; i++)
		halt(5000, true);
	assert_int_equal(v.sched.window_ns, 0);
	assert_int_equal(v.sched.halt.wakeup, 8);
}

static void test_poll_stopped_early(void **state)
{
	(void)state;
	halt(5000, true);
	halt(5000, true);
	assert_int_equal(v.sched.window_ns, 10000);
	v.sched.halted = true;
	halt_begin(&v, 10000000);
	assert_true(v.sched.polling);
	halt_poll_stop(&v, 10000000 + 2000); /* another vCPU needed the core after 2 us */
	assert_true(v.sched.blocked);
	halt_end(&v, 10000000 + 6000, true); /* woken at 6 us: within the window, but not polled */
	assert_int_equal(v.sched.halt.successful_poll, 1); /* the second halt only */
	assert_int_equal(v.sched.halt.poll_fail_ns, 2000);
	assert_int_equal(v.sched.halt.wait_ns, 5000 + 4000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_grows_from_zero_and_doubles, setup),
		cmocka_unit_test_setup(test_capped_by_halt_poll_ns, setup),
		cmocka_unit_test_setup(test_long_halts_shrink, setup),
		cmocka_unit_test_setup(test_invalid_wakeup_shrinks, setup),
		cmocka_unit_test_setup(test_polling_off, setup),
		cmocka_unit_test_setup(test_poll_stopped_early, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
