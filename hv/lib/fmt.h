/* SPDX-License-Identifier: BSD-2-Clause */
/* printf-style formatting into a bounded buffer (no libc). */
#ifndef HV_FMT_H
#define HV_FMT_H

#include <stdarg.h>
#include "hv/lib/types.h"

/* Supports %d %i %u %x %X %o %s %c %p %%, flags '-' '0', width, .precision
 * (also '*'), and the length modifiers hh h l ll z. Always terminates;
 * returns the length the full output would have had. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...) PRINTF_LIKE(3, 4);

#endif
