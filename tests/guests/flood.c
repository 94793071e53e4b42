/* SPDX-License-Identifier: BSD-2-Clause */
/* Test guest "flood": serial lines and statistics checkpoints in a loop, to show that one
 * partition cannot drown the hypervisor's console (it is rate-limited per partition). */
#include "rt.h"

void guest_main(uint32_t magic, uint32_t info)
{
	(void)magic;
	(void)info;
	int hv = rt_under_splitvisor();
	for (uint32_t n = 0;; n++) {
		rt_puts("flood: line ");
		rt_put_dec(n);
		rt_puts("\n");
		if (hv)
			rt_vmcall(SV_HC_STATS_CHECKPOINT, 0xFFFFFFFFu); /* a statistics checkpoint with the largest label */
	}
}
