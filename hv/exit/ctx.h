/* SPDX-License-Identifier: BSD-2-Clause */
/* What handlers ask of an exit: inject an exception, stop the partition with a reason. */
#ifndef HV_EXIT_CTX_H
#define HV_EXIT_CTX_H

#include "hv/partition/vcpu.h"

void exit_inject_gp(struct exit_ctx *x);
void exit_inject_ud(struct exit_ctx *x);
/* A hardware exception with its error code (if it has one). */
void exit_inject_exception(struct exit_ctx *x, uint8_t vector, bool has_error, uint32_t error);
void exit_stop(struct exit_ctx *x, uint32_t kind, uint64_t status, const char *fmt, ...) PRINTF_LIKE(4, 5);

#endif
