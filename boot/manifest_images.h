/* SPDX-License-Identifier: BSD-2-Clause */
/* Which image files a manifest names, for boot stages that must load them. */
#ifndef BOOT_MANIFEST_IMAGES_H
#define BOOT_MANIFEST_IMAGES_H

#include "hv/lib/types.h"

/* Fills names with pointers into static storage; returns the count. A manifest
 * that does not parse names no images (the hypervisor reports its errors). */
uint32_t manifest_image_names(const char *text, size_t len, const char **names, uint32_t max);

#endif
