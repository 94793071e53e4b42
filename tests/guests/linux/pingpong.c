// SPDX-License-Identifier: BSD-2-Clause
// Linux test guest: a pipe ping-pong between two processes pinned to two CPUs; prints TSC ticks per round trip.
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <x86intrin.h>

static void pin(int cpu)
{
	cpu_set_t s;
	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	if (sched_setaffinity(0, sizeof(s), &s) != 0)
		perror("pingpong: sched_setaffinity");
}

static void echo_loop(int in, int out, long n)
{
	char c;
	for (long i = 0; i < n; i++)
		if (read(in, &c, 1) != 1 || write(out, &c, 1) != 1)
			_exit(1);
	_exit(0);
}

/* usage: pingpong [N [CPU_A CPU_B]] */
int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	int a = argc > 3 ? atoi(argv[2]) : 0, b = argc > 3 ? atoi(argv[3]) : 1;
	int ping[2], pong[2];
	if (n < 1 || pipe(ping) != 0 || pipe(pong) != 0)
		return 1;
	pid_t child = fork();
	if (child == 0) {
		pin(b);
		echo_loop(ping[0], pong[1], n);
	}
	pin(a);
	uint64_t min = UINT64_MAX, max = 0, t0 = __rdtsc();
	for (long i = 0; i < n; i++) {
		char c = 'x';
		uint64_t s = __rdtsc();
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
			return 1;
		uint64_t d = __rdtsc() - s;
		min = d < min ? d : min;
		max = d > max ? d : max;
	}
	uint64_t total = __rdtsc() - t0;
	int st = 0;
	waitpid(child, &st, 0);
	printf("pingpong: CPU %d <-> CPU %d, %ld round trips: %llu TSC ticks each (min %llu, max %llu)\n",
	       a, b, n, (unsigned long long)(total / n), (unsigned long long)min, (unsigned long long)max);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}
