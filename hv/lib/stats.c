/* SPDX-License-Identifier: BSD-2-Clause */
/* Small statistics helpers: min, median and max of a sample. */
#include "hv/lib/stats.h"

void stats_min_median_max(uint64_t *v, uint32_t n, uint64_t *min, uint64_t *med, uint64_t *max)
{
	for (uint32_t i = 1; i < n; i++) {
		uint64_t x = v[i];
		uint32_t j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	*min = n ? v[0] : 0;
	*max = n ? v[n - 1] : 0;
	*med = n ? (n % 2 ? v[n / 2] : v[n / 2 - 1] + (v[n / 2] - v[n / 2 - 1]) / 2) : 0;
}
