/* SPDX-License-Identifier: BSD-2-Clause */
/* The one C entry both boot paths converge on. */
#ifndef HV_MAIN_H
#define HV_MAIN_H

#include "boot/boot_info.h"

NORETURN void hv_main(struct boot_info *bi);
extern struct boot_info *hv_boot_info;

#endif
