/* SPDX-License-Identifier: BSD-2-Clause */
/* The hypervisor-core service loop: polls the mailboxes of the guest cores it serves. */
#include "sched/role.h"
#include "hv/console.h"
#include "hv/cpu.h"
#include "hv/mailbox.h"
#include "hv/exit/msg.h"
#include "hv/percpu.h"
#include "apic/vioapic.h"
#include "hv/dev/legacy_ports.h"
#include "hv/partition/vcpu.h"
#include "hv/partition/partition.h"

static void drain_async(uint32_t from, struct mailbox *m)
{
	struct mbox_msg req, ignored;
	while (mailbox_poll_async(m, &req))
		msg_dispatch(from, &req, &ignored);
}

/* A partition's timer devices are polled by the hypervisor core that serves its vCPU 0. */
static void poll_devices(const struct percpu *g)
{
	for (uint32_t i = 0; i < g->nvcpus; i++) {
		const struct vcpu *v = g->vcpus[i];
		if (v->index == 0 && v->part->state == PART_RUNNING) {
			legacy_poll(v->part);
			vioapic_poll(v->part);
		}
	}
}

void hv_service_once(void)
{
	struct percpu *me = this_cpu();
	console_pump();
	for (uint32_t k = 0; k < me->nserved; k++) {
		uint32_t i = me->served[k];
		struct percpu *g = percpu_of(i);
		struct mbox_msg req, reply;
		drain_async(i, g->mbox);
		poll_devices(g);
		if (!mailbox_poll(g->mbox, &req))
			continue;
		drain_async(i, g->mbox); /* posted before this request: handle them first */
		msg_dispatch(i, &req, &reply);
		mailbox_reply(g->mbox, &reply);
	}
}

NORETURN void hv_service_loop(void)
{
	for (;;) {
		hv_service_once();
		cpu_pause();
	}
}
