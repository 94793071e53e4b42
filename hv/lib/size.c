/* SPDX-License-Identifier: BSD-2-Clause */
/* Byte sizes written as "512K", "64M", "2G": parse and format. */
#include "hv/lib/size.h"
#include "hv/lib/fmt.h"

static const char suffixes[] = "KMGT";

static int suffix_shift(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	for (int i = 0; suffixes[i]; i++)
		if (suffixes[i] == c)
			return 10 * (i + 1);
	return -1;
}

const char *size_parse(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	if (!s[0])
		return "it is empty";
	if (s[0] < '0' || s[0] > '9')
		return "it must start with a digit";
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return "it is too large";
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (s[i]) {
		int shift = suffix_shift(s[i]);
		if (shift < 0 || s[i + 1])
			return "the suffix must be one of K, M, G, T (or none for bytes)";
		if (v > (UINT64_MAX >> shift))
			return "it is too large";
		v <<= shift;
	}
	*out = v;
	return NULL;
}

int size_format(uint64_t bytes, char *buf, size_t size)
{
	int i = 0;
	while (i < 4 && bytes && (bytes & 1023) == 0) {
		bytes >>= 10;
		i++;
	}
	if (i == 0)
		return fmt_snprintf(buf, size, "%llu", (unsigned long long)bytes);
	return fmt_snprintf(buf, size, "%llu%c", (unsigned long long)bytes, suffixes[i - 1]);
}
