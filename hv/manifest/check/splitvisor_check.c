/* SPDX-License-Identifier: BSD-2-Clause */
/* splitvisor-check: validates a manifest offline and prints the plan the hypervisor would use. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hv/manifest/manifest.h"
#include "hv/manifest/check/image_check.h"
#include "hv/lib/size.h"

#define MAX_MANIFEST_BYTES (1u << 20)

struct options {
	const char *manifest;
	const char *images;    /* NULL = the manifest's directory */
	uint32_t ncpus;
	uint64_t memory;
};

static char image_dir[4096];

static void usage(FILE *f)
{
	fprintf(f, "usage: splitvisor-check MANIFEST [--cpus N] [--memory SIZE] [--images DIR]\n"
		   "  --cpus N       CPUs on the target machine (default 4)\n"
		   "  --memory SIZE  memory available to partitions, e.g. 2G (default 2G)\n"
		   "  --images DIR   where kernel/initrd/module images are looked up\n"
		   "                 (default: the manifest's directory)\n");
}

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "splitvisor-check: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	usage(stderr);
	return 2;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	o->ncpus = 4;
	o->memory = 2ULL << 30;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		}
		if (a[0] == '-' && a[1]) {
			if (i + 1 >= argc)
				return bad_usage("option %s needs a value", a);
			const char *val = argv[++i];
			if (!strcmp(a, "--cpus")) {
				char *end;
				unsigned long n = strtoul(val, &end, 10);
				if (*end || !*val || n == 0 || n > 4096)
					return bad_usage("--cpus wants a number from 1 to 4096, not '%s'", val);
				o->ncpus = (uint32_t)n;
			} else if (!strcmp(a, "--memory")) {
				if (size_parse(val, &o->memory))
					return bad_usage("--memory wants a size such as 2G, not '%s'", val);
			} else if (!strcmp(a, "--images")) {
				o->images = val;
			} else {
				return bad_usage("unknown option %s", a);
			}
		} else if (!o->manifest) {
			o->manifest = a;
		} else {
			return bad_usage("only one manifest can be checked, '%s' is extra", a);
		}
	}
	if (!o->manifest)
		return bad_usage("%s", "no manifest given");
	return 0;
}

static bool image_exists(void *ctx, const char *name)
{
	char path[8192];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", (const char *)ctx, name);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(MAX_MANIFEST_BYTES + 1);
	if (!buf) {
		fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, MAX_MANIFEST_BYTES + 1, f);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	if (*len > MAX_MANIFEST_BYTES) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	return buf;
}

static void print_policies(const struct manifest_partition *p)
{
	char mem[24];
	size_format(p->memory, mem, sizeof(mem));
	printf("  partition %-12s memory %-6s mode %-9s vcpus %-3u exits %-5s interrupts %s",
	       p->name, mem, manifest_mode_names[p->mode], p->vcpus,
	       manifest_exits_names[p->exits], manifest_interrupts_names[p->interrupts]);
	printf(" tlb %s on_exit %s", manifest_tlb_names[p->tlb], manifest_on_exit_names[p->on_exit]);
	if (p->mode == MANIFEST_MODE_SHARED)
		printf(" halt_poll_ns %llu slice_us %llu", (unsigned long long)p->halt_poll_ns,
		       (unsigned long long)p->slice_us);
	printf("\n    kernel %s (format %s)", p->kernel.name, manifest_format_names[p->format]);
	if (p->initrd.name[0])
		printf(" initrd %s", p->initrd.name);
	for (uint32_t i = 0; i < p->nmodules; i++)
		printf(" module %s", p->module[i].name);
	for (uint32_t i = 0; i < p->ndevices; i++)
		printf(" device %s", p->device[i].name);
	printf("\n");
}

static void print_plan(const struct manifest *m, const struct manifest_plan *plan)
{
	static const char *const roles[] = { "unused", "hypervisor", "guest" };
	printf("core plan (%u CPUs):\n", plan->ncpus);
	for (uint32_t cpu = 0; cpu < plan->ncpus; cpu++) {
		printf("  cpu %-3u %-10s", cpu, roles[plan->role[cpu]]);
		if (plan->role[cpu] == MANIFEST_ROLE_GUEST && plan->shared[cpu]) {
			printf(" shared by");
			for (uint32_t i = 0; i < m->npartitions; i++)
				for (uint32_t k = 0; k < m->part[i].cores.count; k++)
					if (manifest_core(m, m->part[i].cores, k) == cpu) {
						printf(" %s", m->part[i].name);
						break;
					}
			printf(" served_by %d", plan->served_by[cpu]);
		} else if (plan->role[cpu] == MANIFEST_ROLE_GUEST) {
			int16_t pi = plan->partition[cpu];
			printf(" partition %-12s served_by %d", pi >= 0 ? m->part[pi].name : "-",
			       plan->served_by[cpu]);
		}
		printf("\n");
	}
	char total[24];
	size_format(plan->mem_total, total, sizeof(total));
	printf("partitions (%u, %s of memory):\n", m->npartitions, total);
	for (uint32_t i = 0; i < m->npartitions; i++)
		print_policies(&m->part[i]);
}

static void dir_of(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, size, ".");
	else if (slash == path)
		snprintf(dir, size, "/");
	else
		snprintf(dir, size, "%.*s", (int)(slash - path), path);
}

int main(int argc, char **argv)
{
	static struct manifest m;
	static struct manifest_diags diags;
	static struct manifest_plan plan;
	struct options o = { 0 };
	int rc = parse_args(argc, argv, &o);
	if (rc)
		return rc;
	size_t len = 0;
	char *text = read_file(o.manifest, &len);
	if (!text) {
		fprintf(stderr, "splitvisor-check: %s: %s\n", o.manifest, strerror(errno));
		return 2;
	}
	if (o.images)
		snprintf(image_dir, sizeof(image_dir), "%s", o.images);
	else
		dir_of(o.manifest, image_dir, sizeof(image_dir));
	struct manifest_machine mach = { o.ncpus, o.memory, image_exists, image_dir };
	manifest_diags_init(&diags, o.manifest);
	manifest_parse(text, len, &m, &diags);
	manifest_validate(&m, &mach, &diags);
	if (!diags.errors)
		image_check(&m, image_dir, &diags); /* what the loader would refuse at launch */
	free(text);
	manifest_diags_sort(&diags);
	for (uint32_t i = 0; i < diags.count; i++) {
		char line[512];
		manifest_diag_format(&diags, i, line, sizeof(line));
		printf("%s\n", line);
	}
	if (diags.errors) {
		printf("%u error%s, %u warning%s\n", diags.errors, diags.errors == 1 ? "" : "s",
		       diags.warnings, diags.warnings == 1 ? "" : "s");
		return 1;
	}
	if (manifest_plan(&m, &mach, &plan) != 0) {
		printf("%s: error: the manifest does not fit this machine\n", o.manifest);
		return 1;
	}
	print_plan(&m, &plan);
	printf("manifest OK\n");
	return 0;
}
