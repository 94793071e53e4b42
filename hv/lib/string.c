/* SPDX-License-Identifier: BSD-2-Clause */
/* Freestanding memory and string routines (the hypervisor has no libc). */
#include "hv/lib/string.h"

#ifndef HV_HOSTED
/* weak: gnu-efi's libefi brings its own memset/memcpy into the UEFI build */
__attribute__((weak)) void *memset(void *dst, int c, size_t n)
{
	void *d = dst;
	uint64_t pattern = 0x0101010101010101ULL * (unsigned char)c;
	size_t words = n / 8;
	__asm__ volatile("rep stosq" : "+D"(d), "+c"(words) : "a"(pattern) : "memory");
	n %= 8;
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(pattern) : "memory");
	return dst;
}

__attribute__((weak)) void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;
	const void *s = src;
	size_t words = n / 8;
	__asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(words) : : "memory");
	n %= 8;
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d < s)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}
#endif

size_t str_copy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);
	if (size) {
		size_t c = n < size - 1 ? n : size - 1;
		memcpy(dst, src, c);
		dst[c] = 0;
	}
	return n;
}

bool str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool cmdline_get(const char *cmdline, const char *key, char *val, size_t size)
{
	size_t klen = strlen(key);
	const char *p = cmdline;
	while (p && *p) {
		while (*p == ' ')
			p++;
		const char *end = p;
		while (*end && *end != ' ')
			end++;
		if ((size_t)(end - p) >= klen && strncmp(p, key, klen) == 0 &&
		    (p[klen] == '=' || p + klen == end)) {
			const char *v = p[klen] == '=' ? p + klen + 1 : end;
			size_t n = (size_t)(end - v);
			if (size) {
				if (n > size - 1)
					n = size - 1;
				memcpy(val, v, n);
				val[n] = 0;
			}
			return true;
		}
		p = end;
	}
	return false;
}

bool str_contains(const char *s, const char *needle)
{
	for (; *s; s++)
		if (str_starts_with(s, needle))
			return true;
	return !*needle;
}
