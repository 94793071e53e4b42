/* SPDX-License-Identifier: BSD-2-Clause */
/* Linux bzImage loader: the x86 boot protocol's 64-bit entry for a partition. */
#ifndef HV_LOADER_LINUX_H
#define HV_LOADER_LINUX_H

#include "hv/lib/types.h"

struct loader;
struct load_result;
struct bi_module;

/* true when the image carries the boot protocol's "HdrS" magic at offset 0x202 */
bool loader_is_bzimage(const struct bi_module *k);
/* Loads a bzImage, its initrd (the manifest's initrd), command line, zero page and ACPI tables;
 * the first vCPU starts in long mode at a trampoline that enters the kernel's 64-bit entry. */
bool loader_linux(struct loader *l, struct load_result *out);

#endif
