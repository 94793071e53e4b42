// SPDX-License-Identifier: BSD-2-Clause
// Linux test guest: runs on every CPU it may use, in turn (sched_setaffinity), and says where it ran.
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>

int main(void)
{
	cpu_set_t all, one;
	int ok = 0, bad = 0;
	if (sched_getaffinity(0, sizeof(all), &all) != 0) {
		perror("oncpu: sched_getaffinity");
		return 1;
	}
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		if (!CPU_ISSET(cpu, &all))
			continue;
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		if (sched_setaffinity(0, sizeof(one), &one) != 0) {
			perror("oncpu: sched_setaffinity");
			return 1;
		}
		int ran = sched_getcpu();
		printf("oncpu: asked for CPU %d, ran on CPU %d\n", cpu, ran);
		if (ran == cpu)
			ok++;
		else
			bad++;
	}
	printf("oncpu: %d CPUs ok, %d wrong\n", ok, bad);
	return bad ? 1 : 0;
}
