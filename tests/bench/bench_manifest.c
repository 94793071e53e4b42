/* SPDX-License-Identifier: BSD-2-Clause */
/* Bench: mean time to parse and validate a 64 KiB manifest, against a 1 ms target. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hv/lib/fmt.h"
#include "hv/manifest/manifest.h"

#define TEXT_SIZE 65536
#define ROUNDS 2000
#define TARGET_US 1000.0

static char text[TEXT_SIZE + 1];
static struct manifest m;
static struct manifest_diags d;

/* 32 partitions using every kind of key, then comments up to 64 KiB. */
static size_t make_manifest(void)
{
	size_t n = (size_t)fmt_snprintf(text, sizeof(text), "[hypervisor]\ncores = [0, 1]\n"
					"log = \"info\"\nstats = true\n");
	for (int i = 0; i < 32; i++)
		n += (size_t)fmt_snprintf(text + n, sizeof(text) - n,
			"\n[[partition]]  # partition %d\nname = \"part%d\"\ncores = [\"%d-%d\"]\n"
			"mode = \"%s\"\nmemory = \"64M\"\nkernel = \"hello.elf\"\n"
			"modules = [\"m1.bin\", \"m2.bin\"]\ncmdline = \"console=ttyS0 quiet\\tx\"\n"
			"exits = \"split\"\ntlb = \"vmm\"\nhalt_poll_ns = 200_000\n"
			"devices = [\"pci:%02x:00.0\"]\n",
			i, i, 2 + 2 * i, 3 + 2 * i, i % 2 ? "shared" : "dedicated", i);
	while (n + 80 < TEXT_SIZE)
		n += (size_t)fmt_snprintf(text + n, sizeof(text) - n, "# %074zu\n", n);
	return n;
}

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int main(void)
{
	size_t len = make_manifest();
	struct manifest_machine mach = { 66, 4ULL << 30, NULL, NULL };
	int errors = 0;
	double t0 = now_us();
	for (int i = 0; i < ROUNDS; i++) {
		manifest_diags_init(&d, "bench.toml");
		errors += manifest_parse(text, len, &m, &d);
		errors += manifest_validate(&m, &mach, &d);
	}
	double mean = (now_us() - t0) / ROUNDS;
	if (errors || m.npartitions != 32) {
		char line[300];
		for (unsigned i = 0; i < d.count; i++) {
			manifest_diag_format(&d, i, line, sizeof(line));
			printf("%s\n", line);
		}
		printf("bench-manifest: the generated manifest did not validate\n");
		return 1;
	}
	printf("%-34s %10s %10s %s\n", "benchmark", "mean", "target", "result");
	printf("%-34s %8.1fus %8.0fus %s\n", "manifest parse+validate (64 KiB)", mean, TARGET_US,
	       mean < TARGET_US ? "PASS" : "MISS");
	return 0;
}
