/* SPDX-License-Identifier: BSD-2-Clause */
/* Panic: stop every core (NMI broadcast), say which core and why, end the run. */
#include <stdarg.h>
#include "hv/panic.h"
#include "hv/console.h"
#include "hv/cpu.h"
#include "hv/lib/fmt.h"
#include "hv/percpu.h"
#include "hv/shutdown.h"
#include "hv/time.h"
#include "apic/lapic.h"

static volatile uint32_t panic_owner = UINT32_MAX;
static volatile uint32_t parked_count;

bool panic_on_other_core(void)
{
	uint32_t owner = panic_owner;
	return owner != UINT32_MAX && owner != this_cpu()->index;
}

NORETURN void panic_park_self(void)
{
	this_cpu()->parked = 1;
	__atomic_fetch_add(&parked_count, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		cpu_cli();
		cpu_hlt();
	}
}

static uint32_t others_online(uint32_t me)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < percpu_count(); i++)
		if (i != me && percpu_of(i)->online)
			n++;
	return n;
}

static void stop_other_cores(uint32_t me)
{
	uint32_t expect = others_online(me);
	if (!expect)
		return;
	lapic_send_nmi_all_but_self();
	uint64_t deadline = time_deadline_us(200000);
	while (parked_count < expect && !time_passed(deadline))
		cpu_pause();
	console_break_lock(); /* a core may have been parked holding it since the message above */
	hv_err("panic: %u of %u other cores stopped", parked_count, expect);
	for (uint32_t i = 0; i < percpu_count(); i++) {
		struct percpu *p = percpu_of(i);
		if (i != me && p->online && !p->parked)
			hv_err(" (CPU %u did not stop)", i);
	}
	hv_err("\n");
}

NORETURN void panic(const char *fmt, ...)
{
	cpu_cli();
	uint32_t me = this_cpu()->index;
	uint32_t none = UINT32_MAX;
	if (!__atomic_compare_exchange_n(&panic_owner, &none, me, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		panic_park_self(); /* another core is already panicking */
	/* the console may be held by a core we are about to stop */
	uint64_t spins = 0;
	while (spins++ < 2000000)
		cpu_pause();
	console_break_lock();
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	hv_err("\nPANIC on CPU %u (APIC ID %u): %s\n", me, this_cpu()->apic_id, msg);
	stop_other_cores(me);
	hv_shutdown(SHUTDOWN_FAILURE);
}
