/* SPDX-License-Identifier: BSD-2-Clause */
/* I/O instruction exits: decode, find the device model, or treat the port as unassigned. */
#include "hv/exit/handlers.h"
#include "hv/exit/exit.h"
#include "hv/partition/partition.h"
#include "hv/dev/ports.h"
#include "hv/lib/spinlock.h"

struct io_access {
	uint16_t port;
	unsigned size;
	bool in, string;
};

static struct io_access decode(const struct exit_ctx *x)
{
	return (struct io_access){
		.port = (uint16_t)(x->qual >> 16),
		.size = (unsigned)(x->qual & 7) + 1,
		.in = (x->qual >> 3) & 1,
		.string = (x->qual >> 4) & 1,
	};
}

static uint64_t size_mask(unsigned size)
{
	return size >= 4 ? 0xFFFFFFFFULL : (1ULL << (8 * size)) - 1;
}

void handle_io(struct exit_ctx *x)
{
	struct io_access a = decode(x);
	struct partition *p = x->vcpu->part;
	if (a.string) {
		exit_stop(x, STOP_FAULT, a.port, "string I/O (INS/OUTS) on port 0x%x at RIP 0x%llx is not "
			  "emulated yet", a.port, (unsigned long long)x->rip);
		return;
	}
	const struct port_model *m = ports_find_model(a.port);
	uint64_t mask = size_mask(a.size);
	spin_lock(&p->dev_lock);
	if (a.in) {
		uint32_t v = m ? m->in(x, a.port, a.size) : 0xFFFFFFFFu;
		if (!m)
			p->unassigned_reads++;
		x->regs.rax = (x->regs.rax & ~mask) | (v & mask);
		x->actions |= ACT_WRITE_REGS;
	} else if (m) {
		m->out(x, a.port, a.size, (uint32_t)(x->regs.rax & mask));
	} else {
		p->unassigned_writes++;
	}
	spin_unlock(&p->dev_lock);
	if (!(x->actions & ACT_STOP))
		x->actions |= ACT_ADVANCE_RIP;
}
