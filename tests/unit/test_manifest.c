/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests of the manifest: good manifests, a table of bad ones, limits, the plan. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hv/lib/fmt.h"
#include "hv/manifest/manifest.h"
#include "hv/lib/size.h"

static struct manifest m;
static struct manifest_diags d;
static struct manifest_plan plan;

/* Every image exists except those whose name starts with "missing". */
static bool fake_image_exists(void *ctx, const char *name)
{
	(void)ctx;
	return strncmp(name, "missing", 7) != 0;
}

static struct manifest_machine machine = { 4, 2ULL << 30, fake_image_exists, NULL };

static int check(const char *text, const struct manifest_machine *mach)
{
	manifest_diags_init(&d, "t.toml");
	int e = manifest_parse(text, strlen(text), &m, &d);
	e += manifest_validate(&m, mach, &d);
	return e;
}

static void dump_diags(void)
{
	char line[300];
	for (uint32_t i = 0; i < d.count; i++) {
		manifest_diag_format(&d, i, line, sizeof(line));
		print_message("  %s\n", line);
	}
}

static void assert_ok(const char *text, const struct manifest_machine *mach)
{
	int e = check(text, mach);
	if (e) {
		dump_diags();
		fail_msg("expected no errors, got %d", e);
	}
}

/* Parses without errors (validation may refuse what this build cannot run). */
static void assert_parses(const char *text, const struct manifest_machine *mach)
{
	(void)mach;
	manifest_diags_init(&d, "t.toml");
	if (manifest_parse(text, strlen(text), &m, &d)) {
		dump_diags();
		fail_msg("expected no parse errors");
	}
}

static bool has_diag(uint32_t line, uint32_t col, const char *substr, bool warning)
{
	for (uint32_t i = 0; i < d.count; i++)
		if (d.d[i].line == line && d.d[i].col == col && d.d[i].warning == warning &&
		    strstr(d.d[i].msg, substr))
			return true;
	return false;
}

static void assert_diag(uint32_t line, uint32_t col, const char *substr)
{
	if (!has_diag(line, col, substr, false)) {
		dump_diags();
		fail_msg("no error at %u:%u containing \"%s\"", line, col, substr);
	}
}

/* ---- good manifests ---- */

static const char default_toml[] =
	"# the make run manifest\n"
	"[hypervisor]\n"
	"cores = [0]\n"
	"console = \"com1\"\n"
	"\n"
	"[[partition]]\n"
	"name = \"demo\"\n"
	"cores = [\"1-3\"]\n"
	"memory = \"64M\"\n"
	"kernel = \"hello.elf\"\n"
	"exits = \"split\"\n";

static void test_default_example(void **state)
{
	(void)state;
	assert_ok(default_toml, &machine);
	assert_int_equal(m.hv.cores.count, 1);
	assert_int_equal(manifest_core(&m, m.hv.cores, 0), 0);
	assert_int_equal(m.npartitions, 1);
	const struct manifest_partition *p = &m.part[0];
	assert_string_equal(p->name, "demo");
	assert_int_equal(p->cores.count, 3);
	for (uint32_t i = 0; i < 3; i++)
		assert_int_equal(manifest_core(&m, p->cores, i), i + 1);
	assert_int_equal(p->memory, 64ULL << 20);
	assert_string_equal(p->kernel.name, "hello.elf");
	assert_int_equal(p->kernel.pos.line, 10);
	assert_int_equal(p->kernel.pos.col, 10);
	assert_int_equal(p->vcpus, 3);
	assert_int_equal(manifest_plan(&m, &machine, &plan), 0);
	assert_int_equal(plan.role[0], MANIFEST_ROLE_HV);
	for (int cpu = 1; cpu < 4; cpu++) {
		assert_int_equal(plan.role[cpu], MANIFEST_ROLE_GUEST);
		assert_int_equal(plan.partition[cpu], 0);
		assert_int_equal(plan.served_by[cpu], 0);
	}
	assert_int_equal(plan.mem_total, 64ULL << 20);
}

static void test_defaults(void **state)
{
	(void)state;
	assert_ok("[[partition]]\nname = \"a\"\ncores = [2, 1]\nmemory = \"2M\"\nkernel = \"k\"\n",
		  &machine);
	assert_int_equal(m.hv.cores.count, 1);
	assert_int_equal(manifest_core(&m, m.hv.cores, 0), 0);
	assert_int_equal(m.hv.console, MANIFEST_CONSOLE_COM1);
	assert_int_equal(m.hv.log, MANIFEST_LOG_INFO);
	assert_false(m.hv.stats);
	assert_int_equal(m.hv.on_partition_exit, MANIFEST_HV_SHUTDOWN);
	const struct manifest_partition *p = &m.part[0];
	assert_int_equal(p->mode, MANIFEST_MODE_DEDICATED);
	assert_int_equal(p->vcpus, 2);
	assert_int_equal(p->format, MANIFEST_FORMAT_DETECT);
	assert_int_equal(p->exits, MANIFEST_EXITS_SPLIT);
	assert_int_equal(p->interrupts, MANIFEST_IRQ_EXITLESS);
	assert_int_equal(p->halt_poll_ns, 200000);
	assert_int_equal(p->tlb, MANIFEST_TLB_VMM);
	assert_int_equal(p->on_exit, MANIFEST_ON_EXIT_STOP);
	assert_int_equal(p->served_by, -1);
	assert_int_equal(p->nmodules, 0);
	assert_int_equal(p->ndevices, 0);
	assert_string_equal(p->initrd.name, "");
	assert_string_equal(p->cmdline, "");
	assert_int_equal(manifest_core(&m, p->cores, 0), 2);
}

static void test_shared_defaults(void **state)
{
	(void)state;
	assert_ok("[[partition]]\nname = \"s\"\nmode = \"shared\"\ncores = [1, 2]\n"
		  "memory = \"8M\"\nkernel = \"k\"\n", &machine);
	assert_int_equal(m.part[0].interrupts, MANIFEST_IRQ_EMULATED);
	assert_int_equal(m.part[0].vcpus, 2);
	assert_ok("[[partition]]\nname = \"s\"\nmode = \"shared\"\ncores = [1]\nvcpus = 6\n"
		  "memory = \"8M\"\nkernel = \"k\"\nhalt_poll_ns = 0\n", &machine);
	assert_int_equal(m.part[0].vcpus, 6);
	assert_int_equal(m.part[0].halt_poll_ns, 0);
	assert_int_equal(d.count, 0);
}

static void test_shared_cores(void **state)
{
	(void)state;
	struct manifest_plan plan;
	assert_ok("[[partition]]\nname = \"a\"\nmode = \"shared\"\ncores = [1, 2]\nvcpus = 4\n"
		  "memory = \"64M\"\nkernel = \"k\"\n"
		  "[[partition]]\nname = \"b\"\nmode = \"shared\"\ncores = [2]\nvcpus = 2\n"
		  "memory = \"64M\"\nkernel = \"k\"\n"
		  "[[partition]]\nname = \"c\"\ncores = [3]\nmemory = \"64M\"\nkernel = \"k\"\n", &machine);
	assert_int_equal(manifest_plan(&m, &machine, &plan), 0);
	assert_true(plan.shared[1] && plan.shared[2] && !plan.shared[3]);
	assert_int_equal(plan.partition[2], 0); /* the first partition that lists it */
	assert_int_equal(plan.role[3], MANIFEST_ROLE_GUEST);
}

static void test_every_key(void **state)
{
	(void)state;
	assert_parses("[hypervisor]\n"
		  "cores = [0, 3]\nconsole = \"none\"\nlog = \"debug\"\nstats = true\n"
		  "on_partition_exit = \"continue\"\n"
		  "[[partition]]\n"
		  "name = \"web_1-x\"\ncores = [1, 2]\nmode = \"shared\"\nvcpus = 3\n"
		  "memory = \"1G\"\nkernel = \"vmlinuz\"\nformat = \"linux\"\ninitrd = \"initrd.img\"\n"
		  "modules = [\"a.bin\", \"sub/b.bin\",]\ncmdline = \"console=ttyS0 \\\"q\\\"\\t\\\\\"\n"
		  "exits = \"local\"\ninterrupts = \"emulated\"\nhalt_poll_ns = 0x1_0\n"
		  "tlb = \"ipi\"\non_exit = \"restart\"\n"
		  "devices = [\"com1\", \"pci:0A:1f.7\", \"com4\"]\nserved_by = 3\nslice_us = 500\n"
		  "[[partition]]\nname = \"b\"\ncores = [1]\nmode = \"shared\"\nmemory = \"2M\"\n"
		  "kernel = \"k\"\n", &machine);
	assert_int_equal(m.part[0].slice_us, 500);
	assert_int_equal(m.part[1].slice_us, MANIFEST_SLICE_US_DEFAULT);
	assert_int_equal(m.hv.console, MANIFEST_CONSOLE_NONE);
	assert_int_equal(m.hv.log, MANIFEST_LOG_DEBUG);
	assert_true(m.hv.stats);
	assert_int_equal(m.hv.on_partition_exit, MANIFEST_HV_CONTINUE);
	const struct manifest_partition *p = &m.part[0];
	assert_string_equal(p->name, "web_1-x");
	assert_int_equal(p->mode, MANIFEST_MODE_SHARED);
	assert_int_equal(p->vcpus, 3);
	assert_int_equal(p->memory, 1ULL << 30);
	assert_int_equal(p->format, MANIFEST_FORMAT_LINUX);
	assert_string_equal(p->initrd.name, "initrd.img");
	assert_int_equal(p->nmodules, 2);
	assert_string_equal(p->module[1].name, "sub/b.bin");
	assert_string_equal(p->cmdline, "console=ttyS0 \"q\"\t\\");
	assert_int_equal(p->exits, MANIFEST_EXITS_LOCAL);
	assert_int_equal(p->interrupts, MANIFEST_IRQ_EMULATED);
	assert_int_equal(p->halt_poll_ns, 16);
	assert_int_equal(p->tlb, MANIFEST_TLB_IPI);
	assert_int_equal(p->on_exit, MANIFEST_ON_EXIT_RESTART);
	assert_int_equal(p->ndevices, 3);
	assert_string_equal(p->device[1].name, "pci:0a:1f.7");
	assert_int_equal(p->device[1].kind, MANIFEST_DEV_PCI);
	assert_int_equal(p->device[1].bus, 0x0a);
	assert_int_equal(p->device[1].dev, 0x1f);
	assert_int_equal(p->device[1].fn, 7);
	assert_int_equal(p->device[2].com, 4);
	assert_int_equal(p->served_by, 3);
	const char *names[8];
	assert_int_equal(manifest_images(&m, names, 8), 5);
	assert_string_equal(names[0], "vmlinuz");
	assert_string_equal(names[3], "sub/b.bin");
}

static void test_round_robin(void **state)
{
	(void)state;
	struct manifest_machine mach8 = { 8, 1ULL << 30, NULL, NULL };
	assert_ok("[hypervisor]\ncores = [0, 4]\n"
		  "[[partition]]\nname = \"a\"\ncores = [\"1-3\"]\nmemory = \"4M\"\nkernel = \"k\"\n"
		  "[[partition]]\nname = \"b\"\ncores = [5, 6]\nmemory = \"2M\"\nkernel = \"k\"\n",
		  &mach8);
	assert_int_equal(manifest_plan(&m, &mach8, &plan), 0);
	assert_int_equal(plan.ncpus, 8);
	assert_int_equal(plan.role[4], MANIFEST_ROLE_HV);
	assert_int_equal(plan.served_by[1], 0);
	assert_int_equal(plan.served_by[2], 4);
	assert_int_equal(plan.served_by[3], 0);
	assert_int_equal(plan.served_by[5], 4);
	assert_int_equal(plan.served_by[6], 0);
	assert_int_equal(plan.partition[6], 1);
	assert_int_equal(plan.role[7], MANIFEST_ROLE_UNUSED);
	assert_int_equal(plan.partition[7], -1);
	assert_int_equal(plan.served_by[7], -1);
	assert_int_equal(plan.mem_offset[1], 4ULL << 20);
	assert_int_equal(plan.mem_total, 6ULL << 20);
}

static void test_explicit_served_by(void **state)
{
	(void)state;
	struct manifest_machine mach8 = { 8, 1ULL << 30, NULL, NULL };
	assert_ok("[hypervisor]\ncores = [\"0-1\"]\n"
		  "[[partition]]\nname = \"a\"\ncores = [2, 3]\nmemory = \"4M\"\nkernel = \"k\"\n"
		  "served_by = 1\n"
		  "[[partition]]\nname = \"b\"\ncores = [4, 5]\nmemory = \"2M\"\nkernel = \"k\"\n",
		  &mach8);
	assert_int_equal(manifest_plan(&m, &mach8, &plan), 0);
	assert_int_equal(plan.served_by[2], 1);
	assert_int_equal(plan.served_by[3], 1);
	assert_int_equal(plan.served_by[4], 0);
	assert_int_equal(plan.served_by[5], 1);
}

static void test_default_manifest(void **state)
{
	(void)state;
	manifest_default(&m);
	manifest_diags_init(&d, "none");
	assert_int_equal(manifest_validate(&m, &machine, &d), 0);
	assert_int_equal(manifest_plan(&m, &machine, &plan), 0);
	assert_int_equal(plan.role[0], MANIFEST_ROLE_HV);
	for (int cpu = 1; cpu < 4; cpu++) {
		assert_int_equal(plan.role[cpu], MANIFEST_ROLE_GUEST);
		assert_int_equal(plan.partition[cpu], -1);
		assert_int_equal(plan.served_by[cpu], 0);
	}
	assert_int_equal(m.npartitions, 0);
}

static void test_syntax_variants(void **state)
{
	(void)state;
	/* CRLF, comments everywhere, multi-line arrays, trailing commas, blank keys spacing */
	assert_ok("# top\r\n[ hypervisor ] # c\r\ncores = [ # c\r\n  0, # zero\r\n\r\n]\r\n"
		  "[[partition]]\r\nname=\"a\"\r\ncores=[1,2,]\r\nmemory = \"20M\"\r\nkernel=\"k\"\r\n", &machine);
	assert_ok("[[partition]]\nname = \"a\"\ncores = [+1]\nmemory = \"4m\"\nkernel = \"k\"\n"
		  "halt_poll_ns = 1_000\n", &machine);
	assert_int_equal(m.part[0].memory, 4ULL << 20);
	assert_int_equal(m.part[0].halt_poll_ns, 1000);
	assert_true(has_diag(6, 1, "no effect in dedicated mode", true));
}

static void test_plan_refuses_bad(void **state)
{
	(void)state;
	assert_int_not_equal(check("[[partition]]\nname = \"a\"\ncores = [0]\nmemory = \"2M\"\n"
				   "kernel = \"k\"\n", &machine), 0);
	assert_int_equal(manifest_plan(&m, &machine, &plan), -1);
	assert_int_equal(plan.ncpus, 0);
}

static void test_size(void **state)
{
	(void)state;
	uint64_t v;
	char buf[32];
	assert_null(size_parse("512K", &v));
	assert_int_equal(v, 512ULL << 10);
	assert_null(size_parse("2g", &v));
	assert_int_equal(v, 2ULL << 30);
	assert_null(size_parse("123", &v));
	assert_int_equal(v, 123);
	assert_non_null(size_parse("1.5G", &v));
	assert_non_null(size_parse("G", &v));
	assert_non_null(size_parse("99999999999999999999", &v));
	assert_non_null(size_parse("20000000T", &v));
	size_format(3ULL << 29, buf, sizeof(buf));
	assert_string_equal(buf, "1536M");
	size_format(100, buf, sizeof(buf));
	assert_string_equal(buf, "100");
	size_format(2ULL << 40, buf, sizeof(buf));
	assert_string_equal(buf, "2T");
}

static void test_diag_format(void **state)
{
	(void)state;
	char buf[300];
	check("[hypervisor]\nlog = \"loud\"\n", &machine);
	assert_int_equal(d.count, 1);
	manifest_diag_format(&d, 0, buf, sizeof(buf));
	assert_string_equal(buf, "t.toml:2:7: error: bad log \"loud\"; the allowed values are "
			    "\"error\", \"warn\", \"info\", \"debug\"");
	assert_int_equal(manifest_diag_format(&d, 1, buf, sizeof(buf)), -1);
}

static void test_many_errors(void **state)
{
	(void)state;
	int e = check("[hypervisor]\ncores = [0]\nlog = \"verbose\"\n"
		      "[[partition]]\nname = \"alpha\"\ncores = [1, 9]\nmemroy = \"64M\"\n"
		      "kernel = \"hello.elf\"\n"
		      "[[partition]]\nname = \"alpha\"\nmode = \"shared\"\ncores = [1]\n"
		      "memory = \"3M\"\nkernel = \"missing.elf\"\ninterrupts = \"exitless\"\n"
		      "served_by = 2\n", &machine);
	assert_int_equal(e, 10);
	assert_diag(3, 7, "bad log");
	assert_diag(7, 1, "did you mean `memory`");
	assert_diag(4, 1, "has no `memory`");
	assert_diag(6, 13, "CPU 9 does not exist");
	assert_diag(10, 1, "already used");
	assert_diag(12, 10, "CPU 1 is already a core of partition `alpha` (line 6)");
	assert_diag(13, 10, "not a multiple of 2M");
	assert_diag(14, 10, "\"missing.elf\" was not found");
	assert_diag(15, 1, "needs dedicated cores");
	assert_diag(16, 1, "not a hypervisor core");
	manifest_diags_sort(&d);
	for (uint32_t i = 1; i < d.count; i++)
		assert_true(d.d[i - 1].line <= d.d[i].line);
}

static void test_too_many_errors(void **state)
{
	(void)state;
	char text[4096];
	size_t n = fmt_snprintf(text, sizeof(text), "[hypervisor]\n");
	for (int i = 0; i < 100; i++)
		n += fmt_snprintf(text + n, sizeof(text) - n, "bogus%d = 1\n", i);
	assert_int_equal(check(text, &machine), 100);
	assert_int_equal(d.count, MANIFEST_MAX_DIAGS);
	assert_true(d.truncated);
	assert_non_null(strstr(d.d[MANIFEST_MAX_DIAGS - 1].msg, "too many"));
	assert_int_equal(d.d[MANIFEST_MAX_DIAGS - 2].line, 64);
}

static void test_limits(void **state)
{
	(void)state;
	static char text[70000];
	size_t n = 0;
	/* 33 partitions: the 33rd is refused, cleanly */
	for (int i = 0; i < 33; i++)
		n += fmt_snprintf(text + n, sizeof(text) - n, "[[partition]]\nname = \"p%d\"\n"
				  "cores = [%d]\nmemory = \"2M\"\nkernel = \"k\"\n", i, i + 1);
	struct manifest_machine big = { 64, 1ULL << 30, NULL, NULL };
	check(text, &big);
	assert_int_equal(d.errors, 1);
	assert_diag(32 * 5 + 1, 1, "too many partitions; the limit is 32");
	/* more core entries than fit */
	check("[hypervisor]\ncores = [\"0-255\"]\n[[partition]]\nname = \"a\"\n"
	      "cores = [\"0-3\"]\nmemory = \"2M\"\nkernel = \"k\"\n", &big);
	assert_diag(5, 10, "too many cores listed");
	/* 17 modules */
	n = fmt_snprintf(text, sizeof(text), "[[partition]]\nname = \"a\"\ncores = [1]\n"
			 "memory = \"2M\"\nkernel = \"k\"\nmodules = [");
	for (int i = 0; i < 17; i++)
		n += fmt_snprintf(text + n, sizeof(text) - n, "\"m%02d\",", i);
	fmt_snprintf(text + n, sizeof(text) - n, "]\n");
	check(text, &machine);
	assert_diag(6, 12 + 16 * 6, "too many modules");
	/* a long command line */
	n = fmt_snprintf(text, sizeof(text), "[[partition]]\ncmdline = \"");
	memset(text + n, 'x', 600);
	fmt_snprintf(text + n + 600, sizeof(text) - n - 600, "\"\n");
	check(text, &machine);
	assert_diag(2, 11, "`cmdline` is 600 bytes long; the limit is 511");
	/* a string past the reader's limit */
	memset(text + n, 'x', 2000);
	fmt_snprintf(text + n + 2000, sizeof(text) - n - 2000, "\"\n");
	check(text, &machine);
	assert_diag(2, 11, "string is too long");
}

static void test_64k_manifest(void **state)
{
	(void)state;
	static char text[65536 + 1];
	size_t n = fmt_snprintf(text, sizeof(text), "[hypervisor]\ncores = [0, 1]\n");
	for (int i = 0; i < 32; i++)
		n += fmt_snprintf(text + n, sizeof(text) - n, "[[partition]]\nname = \"part%d\"\n"
				  "cores = [%d]\nmemory = \"16M\"\nkernel = \"k%d.elf\"\n"
				  "modules = [\"a\", \"b\"]\n", i, i + 2, i % 3);
	while (n + 80 < 65536)
		n += fmt_snprintf(text + n, sizeof(text) - n, "# %074d\n", (int)n);
	struct manifest_machine big = { 64, 4ULL << 30, NULL, NULL };
	manifest_diags_init(&d, "big");
	assert_int_equal(manifest_parse(text, n, &m, &d), 0);
	assert_int_equal(manifest_validate(&m, &big, &d), 0);
	assert_int_equal(m.npartitions, 32);
	assert_int_equal(manifest_plan(&m, &big, &plan), 0);
	assert_int_equal(plan.served_by[33], 1);
	const char *names[8];
	assert_int_equal(manifest_images(&m, names, 2), 5);
}

/* ---- bad manifests: one line each in this table ---- */

struct bad_case {
	const char *name;
	const char *text;
	uint32_t line, col;
	const char *msg;
};

/* A complete partition, 5 lines; tests append their line as line 6. */
#define P "[[partition]]\nname = \"a\"\ncores = [1]\nmemory = \"64M\"\nkernel = \"k.elf\"\n"
/* The same without memory, 4 lines; memory goes on line 5. */
#define PNM "[[partition]]\nname = \"a\"\ncores = [1]\nkernel = \"k.elf\"\n"
#define P2 "[[partition]]\nname = \"b\"\ncores = [2]\nmemory = \"64M\"\nkernel = \"k.elf\"\n"
#define NS " not supported by splitvisor's manifest format"

static const struct bad_case bad_cases[] = {
	{ "unclosed array", "[hypervisor]\ncores = [0\nlog = \"info\"\n", 2, 9,
	  "this array is not closed; add `]`" },
	{ "unclosed array at eof", "[hypervisor]\ncores = [0,\n", 2, 9, "this array is not closed" },
	{ "bare string", P "mode = dedicated\n", 6, 8,
	  "invalid value `dedicated`; strings need double quotes: \"dedicated\"" },
	{ "missing equals", "[hypervisor]\nlog \"info\"\n", 2, 5, "expected `=` after key `log`" },
	{ "missing value", "[hypervisor]\nlog =\n", 2, 6, "missing value after `=`" },
	{ "junk after value", "[hypervisor]\nlog = \"info\" x\n", 2, 14,
	  "expected the end of the line after the value" },
	{ "junk line", "[hypervisor]\n= 3\n", 2, 1, "expected a key or a [table] header" },
	{ "unterminated string", P "cmdline = \"abc\n", 6, 11, "unterminated string" },
	{ "bad escape", P "cmdline = \"a\\qb\"\n", 6, 13, "unsupported escape in string" },
	{ "single quotes", P "cmdline = 'x'\n", 6, 11, "single-quoted strings are" NS },
	{ "multi-line string", P "cmdline = \"\"\"a\nb\"\"\"\n", 6, 11, "multi-line strings are" NS },
	{ "inline table", "[hypervisor]\nlog = { a = 1 }\n", 2, 7, "inline tables are" NS },
	{ "float", P "halt_poll_ns = 1.5\n", 6, 16, "floating-point numbers are" NS },
	{ "date", P "cmdline = 1979-05-27\n", 6, 11, "dates and times are" NS },
	{ "dotted key", "[hypervisor]\nlog.level = \"x\"\n", 2, 1, "dotted keys such as `log.x` are" NS },
	{ "dotted table", "[hypervisor.x]\n", 1, 12, "dotted table names are" NS },
	{ "quoted key", "[hypervisor]\n\"log\" = \"info\"\n", 2, 1, "quoted keys are" NS },
	{ "nested array", "[hypervisor]\ncores = [[0]]\n", 2, 10, "nested arrays are" NS },
	{ "octal", "[hypervisor]\ncores = [0o7]\n", 2, 10,
	  "only decimal and 0x hexadecimal integers are supported" },
	{ "leading zero", "[hypervisor]\ncores = [01]\n", 2, 10, "integer `01` has a leading zero" },
	{ "huge integer", P "halt_poll_ns = 99999999999999999999\n", 6, 16, "is too large" },
	{ "bad underscore", P "halt_poll_ns = 1__0\n", 6, 16, "underscore that is not between" },
	{ "missing comma", "[hypervisor]\ncores = [0 1]\n", 2, 12, "expected `,` or `]`" },
	{ "unknown hv key", "[hypervisor]\ncors = [0]\n", 2, 1,
	  "unknown key `cors` in [hypervisor]; did you mean `cores`?" },
	{ "unknown part key", P "kernal = \"x\"\n", 6, 1,
	  "unknown key `kernal` in [[partition]]; did you mean `kernel`?" },
	{ "unknown key far", P "colour = 3\n", 6, 1, "unknown key `colour` in [[partition]]; the keys are: name cores" },
	{ "unknown table", "[hypervisr]\n", 1, 1, "unknown table `hypervisr`; did you mean `hypervisor`?" },
	{ "unknown table far", "[xyzzy]\n", 1, 1, "the known tables are [hypervisor] and [[partition]]" },
	{ "single partition brackets", "[partition]\n", 1, 1, "must be written [[partition]]" },
	{ "hv array table", "[[hypervisor]]\n", 1, 1, "write [hypervisor]" },
	{ "duplicate hv table", "[hypervisor]\n[hypervisor]\n", 2, 1, "duplicate [hypervisor] table (the first is at line 1)" },
	{ "key outside table", "log = \"info\"\n", 1, 1, "key `log` is outside any table" },
	{ "duplicate key", P "memory = \"32M\"\n", 6, 1,
	  "duplicate key `memory` (first set at line 4); keep only one" },
	{ "log type", "[hypervisor]\nlog = 3\n", 2, 7, "`log` must be a string, not an integer" },
	{ "vcpus type", P "vcpus = \"2\"\n", 6, 9, "`vcpus` must be an integer, not a string" },
	{ "stats type", "[hypervisor]\nstats = \"yes\"\n", 2, 9, "`stats` must be true or false, not a string" },
	{ "memory type", PNM "memory = 64\n", 5, 10,
	  "`memory` must be a size string such as \"64M\", not an integer" },
	{ "cores scalar", "[hypervisor]\ncores = 1\n", 2, 9, "`cores` must be an array such as [1, 2]" },
	{ "memory array", PNM "memory = [1]\n", 5, 10, "`memory` must be a size string such as \"64M\", not an array" },
	{ "cores item type", "[hypervisor]\ncores = [true]\n", 2, 10, "`cores` items must be CPU numbers or ranges" },
	{ "bad size suffix", PNM "memory = \"64Q\"\n", 5, 10,
	  "bad size \"64Q\" for `memory`: the suffix must be one of K, M, G, T" },
	{ "empty size", PNM "memory = \"\"\n", 5, 10, "bad size \"\" for `memory`: it is empty" },
	{ "size not 2M multiple", PNM "memory = \"3M\"\n", 5, 10, "is not a multiple of 2M" },
	{ "size too small", PNM "memory = \"1M\"\n", 5, 10, "is below the minimum of 2M" },
	{ "bad mode", P "mode = \"dedicted\"\n", 6, 8,
	  "bad mode \"dedicted\"; the allowed values are \"dedicated\", \"shared\" (did you mean \"dedicated\"?)" },
	{ "bad format", P "format = \"elf\"\n", 6, 10,
	  "the allowed values are \"multiboot\", \"multiboot2\", \"linux\", \"raw\"" },
	{ "format detect", P "format = \"detect\"\n", 6, 10, "bad format \"detect\"" },
	{ "bad console", "[hypervisor]\nconsole = \"com2\"\n", 2, 11,
	  "bad console \"com2\"; the allowed values are \"com1\", \"none\"" },
	{ "bad exits", P "exits = \"remote\"\n", 6, 9, "\"split\", \"local\"" },
	{ "bad tlb", P "tlb = \"flush\"\n", 6, 7, "\"vmm\", \"ipi\"" },
	{ "bad on_exit", P "on_exit = \"reboot\"\n", 6, 11, "\"stop\", \"restart\"" },
	{ "bad on_partition_exit", "[hypervisor]\non_partition_exit = \"halt\"\n", 2, 21, "\"continue\", \"shutdown\"" },
	{ "duplicate name", P P2 "[[partition]]\nname = \"a\"\ncores = [3]\nmemory = \"2M\"\nkernel = \"k\"\n",
	  12, 1, "partition name `a` is already used (line 2)" },
	{ "name chars", "[[partition]]\nname = \"Web\"\n", 2, 8, "may only use a-z, 0-9, _ and -" },
	{ "name too long", "[[partition]]\nname = \"abcdefghijabcdefghijabcdefghijab\"\n", 2, 8,
	  "partition name must be 1 to 31 characters long; this one has 32" },
	{ "empty name", "[[partition]]\nname = \"\"\n", 2, 8, "partition name must be 1 to 31" },
	{ "cpu twice hv+part", "[hypervisor]\ncores = [0, 1]\n" P, 5, 10,
	  "CPU 1 is already a hypervisor core (line 2)" },
	{ "cpu twice in list", "[[partition]]\nname = \"a\"\ncores = [1, 1]\n", 3, 13,
	  "CPU 1 is listed twice in this `cores` list" },
	{ "cpu twice across parts", P "[[partition]]\nname = \"b\"\ncores = [2, 1]\n", 8, 13,
	  "CPU 1 is already a core of partition `a` (line 3)" },
	{ "range overlap", "[[partition]]\nname = \"a\"\ncores = [\"1-2\", 2]\n", 3, 17, "listed twice" },
	{ "default hv core taken", "[[partition]]\nname = \"a\"\ncores = [0]\n", 3, 10,
	  "CPU 0 is already the hypervisor core (by default" },
	{ "cpu missing", "[[partition]]\nname = \"a\"\ncores = [7]\n", 3, 10,
	  "CPU 7 does not exist: this machine has 4 CPUs (0..3)" },
	{ "cpu out of range", "[hypervisor]\ncores = [256]\n", 2, 10, "CPU 256 is out of range" },
	{ "range reversed", "[[partition]]\ncores = [\"3-1\"]\n", 2, 10, "bad core range \"3-1\": 3 is above 1" },
	{ "range syntax", "[[partition]]\ncores = [\"1..3\"]\n", 2, 10, "bad core range \"1..3\"" },
	{ "no hv core", "[hypervisor]\ncores = []\n", 2, 1, "no hypervisor core; list at least one CPU" },
	{ "partition no cores", "[[partition]]\nname = \"a\"\ncores = []\n", 3, 1, "partition `a` has no cores" },
	{ "vcpus over cores", P "vcpus = 2\n", 6, 1, "partition `a` has 2 vCPUs but 1 cores" },
	{ "vcpus zero", P "vcpus = 0\n", 6, 9, "`vcpus` must be between 1 and 256; it is 0" },
	{ "exitless shared", P "mode = \"shared\"\ninterrupts = \"exitless\"\n", 7, 1,
	  "interrupts = \"exitless\" needs dedicated cores" },
	{ "memory over", PNM "memory = \"4G\"\n", 5, 1,
	  "need 4G of memory, but this machine has 2G for partitions" },
	{ "memory over sum", P "[[partition]]\nname = \"b\"\ncores = [2]\nkernel = \"k\"\nmemory = \"2G\"\n", 10, 1, "the partitions up to `b` need 2112M" },
	{ "kernel missing", "[[partition]]\nkernel = \"missing.elf\"\n", 2, 10, "image \"missing.elf\" was not found" },
	{ "initrd missing", P "initrd = \"missing.img\"\n", 6, 10, "image \"missing.img\" was not found" },
	{ "module missing", P "modules = [\"a.bin\", \"missing.bin\"]\n", 6, 21, "image \"missing.bin\" was not found" },
	{ "image chars", "[[partition]]\nkernel = \"a b\"\n", 2, 10, "may only use letters, digits" },
	{ "image dotdot", "[[partition]]\nkernel = \"../k\"\n", 2, 10, "must be relative to the manifest" },
	{ "served_by not hv", P "served_by = 2\n", 6, 1,
	  "served_by = 2 is not a hypervisor core; pick one of the [hypervisor] cores (0)" },
	{ "served_by range", P "served_by = 300\n", 6, 13, "`served_by` must be a CPU number from 0 to 255" },
	{ "device twice", P "devices = [\"com2\"]\n" P2 "devices = [\"com2\"]\n", 12, 12,
	  "device \"com2\" is already assigned to partition `a` (line 6)" },
	{ "device twice in list", P "devices = [\"pci:00:02.0\", \"pci:00:02.0\"]\n", 6, 27,
	  "device \"pci:00:02.0\" is listed twice" },
	{ "bad device", P "devices = [\"com9\"]\n", 6, 12, "unknown device \"com9\"" },
	{ "bad pci device", P "devices = [\"pci:00:20.0\"]\n", 6, 12, "unknown device \"pci:00:20.0\"" },
	{ "console device", P "devices = [\"com1\"]\n", 6, 12, "com1 is the hypervisor console" },
	{ "pci device", P "devices = [\"pci:00:02.0\"]\n", 6, 12, "only the legacy UARTs (com1 to com4)" },
	{ "device emulated", P "interrupts = \"emulated\"\ndevices = [\"com2\"]\n", 7, 12,
	  "needs interrupts = \"exitless\"" },
	{ "too many vcpus", P "mode = \"shared\"\nvcpus = 17\n", 7, 1, "this build runs at most 16 vCPUs" },
	{ "shared on dedicated", P "[[partition]]\nname = \"b\"\nmode = \"shared\"\ncores = [1]\n"
	  "kernel = \"k\"\nmemory = \"2M\"\n", 9, 10,
	  "only partitions with mode = \"shared\" may share a core" },
	{ "slice range", P "mode = \"shared\"\nslice_us = 5\n", 7, 12, "`slice_us` must be between 100 and 1000000" },
	{ "missing kernel", "[[partition]]\nname = \"a\"\ncores = [1]\nmemory = \"64M\"\n", 1, 1,
	  "partition `a` has no `kernel`; add e.g. kernel = \"hello.elf\"" },
	{ "missing name", "\n[[partition]]\ncores = [1]\nmemory = \"64M\"\nkernel = \"k\"\n", 2, 1,
	  "partition has no `name`; add e.g. name = \"demo\"" },
	{ "missing cores", "[[partition]]\nname = \"a\"\n", 1, 1, "partition `a` has no `cores`" },
	{ "negative halt poll", P "halt_poll_ns = -5\n", 6, 16,
	  "`halt_poll_ns` must be between 0 and 1000000000; it is -5" },
	{ "cmdline type", P "cmdline = [\"a\"]\n", 6, 11, "`cmdline` must be a string, not an array" },
	{ "modules type", P "modules = \"a\"\n", 6, 11, "`modules` must be an array of image names" },
	{ "control char", P "cmdline = \"a\x01\"\n", 6, 13, "control character in string" },
};

static void test_bad(void **state)
{
	const struct bad_case *c = *state;
	int e = check(c->text, &machine);
	if (e == 0) {
		dump_diags();
		fail_msg("%s: expected an error", c->name);
	}
	assert_diag(c->line, c->col, c->msg);
}

int main(void)
{
	static const struct CMUnitTest good[] = {
		cmocka_unit_test(test_default_example),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_shared_defaults),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_shared_cores),
		cmocka_unit_test(test_round_robin),
		cmocka_unit_test(test_explicit_served_by),
		cmocka_unit_test(test_default_manifest),
		cmocka_unit_test(test_syntax_variants),
		cmocka_unit_test(test_plan_refuses_bad),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_diag_format),
		cmocka_unit_test(test_many_errors),
		cmocka_unit_test(test_too_many_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_64k_manifest),
	};
	enum { NGOOD = sizeof(good) / sizeof(good[0]), NBAD = sizeof(bad_cases) / sizeof(bad_cases[0]) };
	static struct CMUnitTest tests[NGOOD + NBAD];
	static char names[NBAD][80];
	memcpy(tests, good, sizeof(good));
	for (size_t i = 0; i < NBAD; i++) {
		snprintf(names[i], sizeof(names[i]), "bad: %s", bad_cases[i].name);
		tests[NGOOD + i] = (struct CMUnitTest){ .name = names[i], .test_func = test_bad,
			.initial_state = (void *)&bad_cases[i] };
	}
	return _cmocka_run_group_tests("manifest", tests, NGOOD + NBAD, NULL, NULL);
}
