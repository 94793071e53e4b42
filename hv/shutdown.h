/* SPDX-License-Identifier: BSD-2-Clause */
/* Ending a run with a status: emulator exit ports, ACPI power-off on hardware. */
#ifndef HV_SHUTDOWN_H
#define HV_SHUTDOWN_H

#include "hv/lib/types.h"

enum shutdown_status { SHUTDOWN_SUCCESS = 0, SHUTDOWN_FAILURE = 1 };

/* QEMU isa-debug-exit values: QEMU exits with (v << 1) | 1. */
#define DEBUG_EXIT_PORT 0xF4
#define DEBUG_EXIT_SUCCESS 0x10 /* QEMU exit status 33 */
#define DEBUG_EXIT_FAILURE 0x11 /* QEMU exit status 35 */

NORETURN void hv_shutdown(enum shutdown_status status);

#endif
