/* SPDX-License-Identifier: BSD-2-Clause */
/* Freestanding memory and string routines (the hypervisor has no libc). */
#ifndef HV_STRING_H
#define HV_STRING_H

#include "hv/lib/types.h"

#ifdef HV_HOSTED
#include <string.h>
#else
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
#endif

/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t str_copy(char *dst, const char *src, size_t size);
/* True when s begins with prefix. */
bool str_starts_with(const char *s, const char *prefix);
/* True when needle occurs in s. */
bool str_contains(const char *s, const char *needle);
/* Finds "key=value" in a space-separated command line; copies value. */
bool cmdline_get(const char *cmdline, const char *key, char *val, size_t size);

#endif
