/* SPDX-License-Identifier: BSD-2-Clause */
/* splitvisor-check: the launch-time checks of the images themselves that need no CPU (Linux bzImages). */
#ifndef HV_MANIFEST_CHECK_IMAGE_CHECK_H
#define HV_MANIFEST_CHECK_IMAGE_CHECK_H

#include "hv/manifest/manifest.h"

/* Adds an error to d for each partition whose Linux kernel the hypervisor would refuse at launch
 * (not a bzImage, too old, no 64-bit entry, truncated, does not fit with its initrd, command line
 * too long), reading the images from dir. */
void image_check(const struct manifest *m, const char *dir, struct manifest_diags *d);

#endif
