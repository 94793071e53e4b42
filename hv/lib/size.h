/* SPDX-License-Identifier: BSD-2-Clause */
/* Byte sizes written as "512K", "64M", "2G": parse and format. */
#ifndef HV_SIZE_H
#define HV_SIZE_H

#include "hv/lib/types.h"

/* Parses digits with an optional suffix K, M, G or T (any case; powers of
 * 1024); plain digits are bytes. Returns NULL, or why s is not a size. */
const char *size_parse(const char *s, uint64_t *out);
/* Writes bytes with the largest suffix that keeps it exact ("1536K", "2G", "100").
 * Returns the length as fmt_snprintf does. */
int size_format(uint64_t bytes, char *buf, size_t size);

#endif
