/* SPDX-License-Identifier: BSD-2-Clause */
/* What handlers ask of an exit: inject an exception, stop the partition with a reason. */
#include <stdarg.h>
#include "hv/exit/ctx.h"
#include "hv/lib/fmt.h"
#include "hv/exit/fuzz_check.h"

static void inject_exception(struct exit_ctx *x, uint8_t vector, bool has_error)
{
	x->actions |= ACT_INJECT;
	x->actions &= ~ACT_ADVANCE_RIP;
	x->inject_vector = vector;
	x->inject_type = 3; /* hardware exception */
	x->inject_has_error = has_error;
	x->inject_error = 0;
}

void exit_inject_gp(struct exit_ctx *x) { inject_exception(x, 13, true); }

void exit_inject_exception(struct exit_ctx *x, uint8_t vector, bool has_error, uint32_t error)
{
	inject_exception(x, vector, has_error);
	x->inject_error = error;
}
void exit_inject_ud(struct exit_ctx *x) { inject_exception(x, 6, false); }

void exit_stop(struct exit_ctx *x, uint32_t kind, uint64_t status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(x->stop_why, sizeof(x->stop_why), fmt, ap);
	va_end(ap);
	x->actions |= ACT_STOP;
	x->stop_kind = kind;
	x->stop_status = status;
	fuzz_note_stop(x); /* fuzz builds: the seed and operation */
}
