/* SPDX-License-Identifier: BSD-2-Clause */
/* I/O instruction exits: decode, find the device model, or treat the port as unassigned. */
#include "hv/exit/handlers.h"
#include "hv/exit/exit.h"
#include "hv/partition/partition.h"
#include "hv/dev/ports.h"
#include "hv/exit/emulate.h"

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

void handle_io(struct exit_ctx *x)
{
	struct io_access a = decode(x);
	if (a.string) {
		exit_emulate(x, "string I/O");
		return;
	}
	uint32_t v = (uint32_t)x->regs.rax;
	ports_access(x, a.port, a.size, !a.in, &v);
	if (a.in) {
		uint64_t mask = (1ULL << (8 * a.size)) - 1;
		/* a 32-bit IN writes EAX, which zero-extends into RAX (SDM 3.4.1.1) */
		x->regs.rax = a.size == 4 ? v : (x->regs.rax & ~mask) | (v & mask);
		x->actions |= ACT_WRITE_REGS;
	}
	if (!(x->actions & ACT_STOP))
		x->actions |= ACT_ADVANCE_RIP;
}
