/* SPDX-License-Identifier: BSD-2-Clause */
/* Panic: stop every core (NMI broadcast), say which core and why, end the run. */
#ifndef HV_PANIC_H
#define HV_PANIC_H

#include "hv/lib/types.h"

NORETURN void panic(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* True when another core is panicking: an NMI then means "park". The panicking core itself goes
 * on through NMIs (a control NMI aimed at it must not stop the panic half-way). */
bool panic_on_other_core(void);
/* Called from the NMI handler on the other cores: parks them for good. */
NORETURN void panic_park_self(void);

#endif
