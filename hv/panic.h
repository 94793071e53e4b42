/* SPDX-License-Identifier: BSD-2-Clause */
/* Panic: stop every core (NMI broadcast), say which core and why, end the run. */
#ifndef HV_PANIC_H
#define HV_PANIC_H

#include "hv/lib/types.h"

NORETURN void panic(const char *fmt, ...) PRINTF_LIKE(1, 2);
bool panic_in_progress(void);
/* Called from the NMI handler on the other cores: parks them for good. */
NORETURN void panic_park_self(void);

#endif
