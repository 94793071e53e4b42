/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot-time mailbox self-test: every guest core pings its hypervisor core. */
#ifndef HV_SELFTEST_H
#define HV_SELFTEST_H

#include "hv/lib/types.h"

#define SELFTEST_ROUNDS 64

/* Runs on the boot CPU (a hypervisor core); true when every reply was right. */
bool selftest_mailbox(void);

#endif
