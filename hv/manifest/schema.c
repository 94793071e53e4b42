/* SPDX-License-Identifier: BSD-2-Clause */
/* Manifest schema: maps the TOML events onto struct manifest and applies defaults. */
#include "hv/manifest/priv.h"
#include "hv/lib/fmt.h"
#include "hv/lib/size.h"
#include "hv/lib/string.h"
#include "hv/manifest/toml.h"

#define HALT_POLL_NS_DEFAULT 200000
#define HALT_POLL_NS_MAX 1000000000ULL /* one second */

const char *const manifest_console_names[] = { "com1", "none", NULL };
const char *const manifest_log_names[] = { "error", "warn", "info", "debug", NULL };
const char *const manifest_hv_exit_names[] = { "continue", "shutdown", NULL };
const char *const manifest_mode_names[] = { "dedicated", "shared", NULL };
const char *const manifest_format_names[] = { "detect", "multiboot", "multiboot2", "linux",
					      "raw", NULL };
const char *const manifest_exits_names[] = { "split", "local", NULL };
const char *const manifest_interrupts_names[] = { "exitless", "emulated", NULL };
const char *const manifest_tlb_names[] = { "vmm", "ipi", NULL };
const char *const manifest_on_exit_names[] = { "stop", "restart", NULL };
const char *const manifest_switch_flush_names[] = { "all", "ibpb", "off", NULL };
const char *const manifest_smt_names[] = { "warn", "refuse", NULL };

/* "detect" is what an absent `format` means; it cannot be written. */
static const char *const format_choices[] = { "multiboot", "multiboot2", "linux", "raw", NULL };

enum kind {
	K_NAME, K_ENUM, K_BOOL, K_UINT, K_SIZE, K_STRING, K_IMAGE, K_CPU,
	K_CORES, K_IMAGES, K_DEVICES, K_COUNT
};

struct key_def {
	const char *name;          /* first member: mdiag_suggest relies on it */
	uint8_t kind;
	uint8_t id;                /* index into the table's key[] positions */
	uint16_t offset;           /* field offset in the table's struct */
	const char *const *choices; /* K_ENUM */
	uint64_t min, max;         /* K_UINT range; K_STRING/K_NAME buffer size */
	const char *example;       /* for "add e.g. ..." */
};

enum table { T_ROOT, T_HV, T_PART, T_IGNORED };

struct pctx {
	struct manifest *m;
	struct manifest_diags *d;
	enum table table;
	struct manifest_partition *part;
	uint8_t *base;                 /* the current table's struct */
	struct manifest_pos *keypos;   /* its key positions */
	uint32_t *bad_keys;            /* its keys whose value had an error */
	const struct key_def *keys;
	size_t nkeys;
	const struct key_def *key;     /* key waiting for its value; NULL = skip */
	bool in_array;
};

struct kind_ops {
	const char *expect;            /* "must be ..." */
	bool array;
	void (*apply)(struct pctx *c, const struct key_def *k, const struct toml_event *v);
};

static const struct kind_ops kinds[K_COUNT];

#define HV_KEY(n, k, id, field, ...) \
	{ n, k, id, (uint16_t)offsetof(struct manifest_hv, field), __VA_ARGS__ }
#define P_KEY(n, k, id, field, ...) \
	{ n, k, id, (uint16_t)offsetof(struct manifest_partition, field), __VA_ARGS__ }

static const struct key_def hv_keys[] = {
	HV_KEY("cores", K_CORES, MANIFEST_HK_CORES, cores, NULL, 0, 0, "cores = [0]"),
	HV_KEY("console", K_ENUM, MANIFEST_HK_CONSOLE, console, manifest_console_names, 0, 0, ""),
	HV_KEY("log", K_ENUM, MANIFEST_HK_LOG, log, manifest_log_names, 0, 0, ""),
	HV_KEY("stats", K_BOOL, MANIFEST_HK_STATS, stats, NULL, 0, 0, ""),
	HV_KEY("on_partition_exit", K_ENUM, MANIFEST_HK_ON_PARTITION_EXIT, on_partition_exit,
	       manifest_hv_exit_names, 0, 0, ""),
	HV_KEY("switch_flush", K_ENUM, MANIFEST_HK_SWITCH_FLUSH, switch_flush,
	       manifest_switch_flush_names, 0, 0, ""),
	HV_KEY("smt_siblings", K_ENUM, MANIFEST_HK_SMT, smt, manifest_smt_names, 0, 0, ""),
};

static const struct key_def part_keys[] = {
	P_KEY("name", K_NAME, MANIFEST_PK_NAME, name, NULL, 0, MANIFEST_NAME_MAX,
	      "name = \"demo\""),
	P_KEY("cores", K_CORES, MANIFEST_PK_CORES, cores, NULL, 0, 0, "cores = [1]"),
	P_KEY("mode", K_ENUM, MANIFEST_PK_MODE, mode, manifest_mode_names, 0, 0, ""),
	P_KEY("vcpus", K_UINT, MANIFEST_PK_VCPUS, vcpus, NULL, 1, MANIFEST_MAX_VCPUS, ""),
	P_KEY("memory", K_SIZE, MANIFEST_PK_MEMORY, memory, NULL, 0, 0, "memory = \"64M\""),
	P_KEY("kernel", K_IMAGE, MANIFEST_PK_KERNEL, kernel, NULL, 0, 0,
	      "kernel = \"hello.elf\""),
	P_KEY("format", K_ENUM, MANIFEST_PK_FORMAT, format, format_choices, 0, 0, ""),
	P_KEY("initrd", K_IMAGE, MANIFEST_PK_INITRD, initrd, NULL, 0, 0, ""),
	P_KEY("modules", K_IMAGES, MANIFEST_PK_MODULES, module, NULL, 0, 0, ""),
	P_KEY("cmdline", K_STRING, MANIFEST_PK_CMDLINE, cmdline, NULL, 0, MANIFEST_CMDLINE_MAX, ""),
	P_KEY("exits", K_ENUM, MANIFEST_PK_EXITS, exits, manifest_exits_names, 0, 0, ""),
	P_KEY("interrupts", K_ENUM, MANIFEST_PK_INTERRUPTS, interrupts,
	      manifest_interrupts_names, 0, 0, ""),
	P_KEY("halt_poll_ns", K_UINT, MANIFEST_PK_HALT_POLL_NS, halt_poll_ns, NULL, 0,
	      HALT_POLL_NS_MAX, ""),
	P_KEY("tlb", K_ENUM, MANIFEST_PK_TLB, tlb, manifest_tlb_names, 0, 0, ""),
	P_KEY("on_exit", K_ENUM, MANIFEST_PK_ON_EXIT, on_exit, manifest_on_exit_names, 0, 0, ""),
	P_KEY("devices", K_DEVICES, MANIFEST_PK_DEVICES, device, NULL, 0, 0, ""),
	P_KEY("served_by", K_CPU, MANIFEST_PK_SERVED_BY, served_by, NULL, 0, 0, ""),
	P_KEY("slice_us", K_UINT, MANIFEST_PK_SLICE_US, slice_us, NULL, 100, 1000000, ""),
};

/* Required keys of a partition, checked when the manifest ends. */
static const uint8_t part_required[] = {
	MANIFEST_PK_NAME, MANIFEST_PK_CORES, MANIFEST_PK_MEMORY, MANIFEST_PK_KERNEL
};

static const char *const table_names[] = { "hypervisor", "partition" };

static void *field(struct pctx *c, const struct key_def *k)
{
	return c->base + k->offset;
}

static void value_error(struct pctx *c, const struct key_def *k, const struct toml_event *v,
			const char *fmt, ...) PRINTF_LIKE(4, 5);

/* An error about the value of key k; marks the key bad so that the
 * validator does not pile more errors on it. */
static void value_error(struct pctx *c, const struct key_def *k, const struct toml_event *v,
			const char *fmt, ...)
{
	char msg[MANIFEST_DIAG_MSG];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	*c->bad_keys |= 1u << k->id;
	mdiag_add(c->d, false, v->line, v->col, "%s", msg);
}

static const char *type_name(const struct toml_event *v)
{
	switch (v->vtype) {
	case TOML_STRING: return "a string";
	case TOML_INTEGER: return "an integer";
	default: return "a boolean";
	}
}

/* Checks the value's type; reports "`key` must be ..." if it is wrong. */
static bool want(struct pctx *c, const struct key_def *k, const struct toml_event *v,
		 enum toml_value_type t)
{
	if (v->vtype == t)
		return true;
	value_error(c, k, v, "`%s` must be %s, not %s", k->name, kinds[k->kind].expect,
		    type_name(v));
	return false;
}

static void apply_name(struct pctx *c, const struct key_def *k, const struct toml_event *v)
{
	if (!want(c, k, v, TOML_STRING))
		return;
	if (v->len == 0 || v->len >= k->max)
		{ value_error(c, k, v, "partition name must be 1 to %u characters long; "
				   "this one has %u", (unsigned)k->max - 1, (unsigned)v->len); return; }
	for (size_t i = 0; i < v->len; i++) {
		char ch = v->str[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
			{ value_error(c, k, v, "partition name \"%.40s\" may only use a-z, "
					   "0-9, _ and -; rename it", v->str); return; }
	}
	str_copy(field(c, k), v->str, k->max);
}

static int find_choice(const char *const *choices, const char *s)
{
	for (int i = 0; choices[i]; i++)
		if (strcmp(choices[i], s) == 0)
			return i;
	return -1;
}

static void apply_enum(struct pctx *c, const struct key_def *k, const struct toml_event *v)
{
	if (!want(c, k, v, TOML_STRING))
		return;
	int i = find_choice(k->choices, v->str);
	if (i < 0) {
		char list[100];
		size_t n = 0;
		while (k->choices[n])
			n++;
		mdiag_list(list, sizeof(list), k->choices);
		const char *near = mdiag_suggest(v->str, k->choices, n, sizeof(k->choices[0]));
		{ value_error(c, k, v, "bad %s \"%.40s\"; the allowed values are %s%s%s%s",
				   k->name, v->str, list, near ? " (did you mean \"" : "",
				   near ? near : "", near ? "\"?)" : ""); return; }
	}
	if (k->choices == format_choices)
		i++; /* skip MANIFEST_FORMAT_DETECT */
	*(uint32_t *)field(c, k) = (uint32_t)i;
}

static void apply_bool(struct pctx *c, const struct key_def *k, const struct toml_event *v)
{
	if (want(c, k, v, TOML_BOOLEAN))
		*(bool *)field(c, k) = v->bval;
}

static void apply_uint(struct pctx *c, const struct key_def *k, const struct toml_event *v)
{
	if (!want(c, k, v, TOML_INTEGER))
		return;
	if (v->ival < (int64_t)k->min || (uint64_t)v->ival > k->max)
		{ value_error(c, k, v, "`%s` must be between %llu and %llu; it is %lld",
				   k->name, (unsigned long long)k->min,
				   (unsigned long long)k->max, (long long)v->ival); return; }
	if (k->id == MANIFEST_PK_VCPUS)
		*(uint32_t *)field(c, k) = (uint32_t)v->ival;
	else
		*(uint64_t *)field(c, k) = (uint64_t)v->ival;
}

static void apply_size(struct pctx *c, const struct key_def *k, const struct toml_event *v)
{
	uint64_t bytes = 0;
	char fix[24];
	if (!want(c, k, v, TOML_STRING))
		return;
	const char *why = size_parse(v->str, &bytes);
	if (why)
		{ value_error(c, k, v, "bad size \"%.40s\" for `%s`: %s; write e.g. \"64M\"",
				   v->str, k->name, why); return; }
	if (bytes < MANIFEST_MEMORY_ALIGN)
		{ value_error(c, k, v, "`%s` = \"%.40s\" is below the minimum of 2M; use "
				   "\"2M\" or more", k->name, v->str); return; }
	if (bytes % MANIFEST_MEMORY_ALIGN) {
		size_format(ALIGN_UP(bytes, MANIFEST_MEMORY_ALIGN), fix, sizeof(fix));
		{ value_error(c, k, v, "`%s` = \"%.40s\" is not a multiple of 2M (guest "
				   "memory is mapped in 2 MiB pages); use \"%s\"", k->name,
				   v->str, fix); return; }
	}
	*(uint64_t *)field(c, k) = bytes;
}

static void apply_string(struct pctx *c, const struct key_def *k, const struct toml_event *v)
{
	if (!want(c, k, v, TOML_STRING))
		return;
	if (v->len >= k->max)
		{ value_error(c, k, v, "`%s` is %u bytes long; the limit is %u", k->name,
				   (unsigned)v->len, (unsigned)k->max - 1); return; }
	str_copy(field(c, k), v->str, k->max);
}

static bool image_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '.' || ch == '_' || ch == '-' || ch == '+' || ch == '/';
}

/* Checks an image name; stores it into img. */
static void set_image(struct pctx *c, const struct key_def *k, const struct toml_event *v,
		      struct manifest_image *img)
{
	if (!want(c, k, v, TOML_STRING))
		return;
	if (v->len == 0 || v->len >= MANIFEST_IMAGE_MAX)
		{ value_error(c, k, v, "image name must be 1 to %u characters long; this "
				   "one has %u", MANIFEST_IMAGE_MAX - 1, (unsigned)v->len); return; }
	for (size_t i = 0; i < v->len; i++)
		if (!image_char(v->str[i]))
			{ value_error(c, k, v, "image name \"%.40s\" may only use letters, "
					   "digits, . _ - + and /; rename the file", v->str); return; }
	bool dotdot = v->str[0] == '.' && v->str[1] == '.';
	for (size_t i = 0; i + 2 < v->len; i++)
		dotdot |= v->str[i] == '/' && v->str[i + 1] == '.' && v->str[i + 2] == '.';
	if (v->str[0] == '/' || dotdot)
		{ value_error(c, k, v, "image name \"%.40s\" must be relative to the "
				   "manifest, without a leading / or ..", v->str); return; }
	str_copy(img->name, v->str, sizeof(img->name));
	img->pos.line = v->line;
	img->pos.col = v->col;
}

static void apply_image(struct pctx *c, const struct key_def *k, const struct toml_event *v)
{
	set_image(c, k, v, field(c, k));
}

static void apply_images(struct pctx *c, const struct key_def *k, const struct toml_event *v)
{
	struct manifest_partition *p = c->part;
	if (p->nmodules == MANIFEST_MAX_MODULES)
		{ value_error(c, k, v, "too many modules; the limit is %u per partition",
				   MANIFEST_MAX_MODULES); return; }
	struct manifest_image *img = &p->module[p->nmodules];
	set_image(c, k, v, img);
	if (img->name[0])
		p->nmodules++;
}

static void apply_cpu(struct pctx *c, const struct key_def *k, const struct toml_event *v)
{
	if (!want(c, k, v, TOML_INTEGER))
		return;
	if (v->ival < 0 || v->ival >= MANIFEST_MAX_CPUS)
		{ value_error(c, k, v, "`%s` must be a CPU number from 0 to %u; it is %lld",
				   k->name, MANIFEST_MAX_CPUS - 1, (long long)v->ival); return; }
	*(int32_t *)field(c, k) = (int32_t)v->ival;
}

/* Parses a decimal CPU number at *s; returns -1 if there is none or it is too big. */
static int parse_cpu(const char **s)
{
	int v = 0, n = 0;
	while (**s >= '0' && **s <= '9' && n < 4) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n == 0 || n == 4 || v >= MANIFEST_MAX_CPUS ? -1 : v;
}

/* Appends CPUs first..last of one `cores` item. */
static void add_cores(struct pctx *c, const struct key_def *k, const struct toml_event *v,
		      int first, int last)
{
	struct manifest *m = c->m;
	for (int cpu = first; cpu <= last; cpu++) {
		if (m->ncore_refs == MANIFEST_MAX_CORE_REFS)
			{ value_error(c, k, v, "too many cores listed; all `cores` lists "
					   "together may name at most %u CPUs",
					   MANIFEST_MAX_CORE_REFS); return; }
		struct manifest_core_ref *ref = &m->core[m->ncore_refs++];
		ref->cpu = (uint16_t)cpu;
		ref->pos.line = v->line;
		ref->pos.col = v->col;
		((struct manifest_cores *)field(c, k))->count++;
	}
}

static void apply_cores(struct pctx *c, const struct key_def *k, const struct toml_event *v)
{
	if (v->vtype == TOML_INTEGER) {
		if (v->ival < 0 || v->ival >= MANIFEST_MAX_CPUS)
			{ value_error(c, k, v, "CPU %lld is out of range; CPU numbers go from "
					   "0 to %u", (long long)v->ival, MANIFEST_MAX_CPUS - 1); return; }
		{ add_cores(c, k, v, (int)v->ival, (int)v->ival); return; }
	}
	if (v->vtype != TOML_STRING)
		{ value_error(c, k, v, "`cores` items must be CPU numbers or ranges such as "
				   "\"1-3\", not %s", type_name(v)); return; }
	const char *s = v->str;
	int first = parse_cpu(&s), last = first;
	if (first >= 0 && *s == '-') {
		s++;
		last = parse_cpu(&s);
	}
	if (first < 0 || last < 0 || *s)
		{ value_error(c, k, v, "bad core range \"%.40s\"; write \"FIRST-LAST\" with "
				   "CPU numbers from 0 to %u, e.g. \"1-3\"", v->str,
				   MANIFEST_MAX_CPUS - 1); return; }
	if (first > last)
		{ value_error(c, k, v, "bad core range \"%.40s\": %d is above %d; write "
				   "\"%d-%d\"", v->str, first, last, last, first); return; }
	add_cores(c, k, v, first, last);
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Parses "pci:BB:DD.F" (hex) into dev; false if the syntax is wrong. */
static bool parse_pci(const char *s, size_t len, struct manifest_device *dev)
{
	static const char shape[] = "pci:HH:HH.H";
	int val[3] = { 0, 0, 0 }, f = 0;
	if (len != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (shape[i] != 'H') {
			if (s[i] != shape[i])
				return false;
			if (i > 3)
				f++;
			continue;
		}
		int d = hex_digit(s[i]);
		if (d < 0)
			return false;
		val[f] = val[f] * 16 + d;
	}
	if (val[1] > 0x1f || val[2] > 7)
		return false;
	dev->kind = MANIFEST_DEV_PCI;
	dev->bus = (uint8_t)val[0];
	dev->dev = (uint8_t)val[1];
	dev->fn = (uint8_t)val[2];
	fmt_snprintf(dev->name, sizeof(dev->name), "pci:%02x:%02x.%x", val[0], val[1], val[2]);
	return true;
}

static bool parse_device(const char *s, size_t len, struct manifest_device *dev)
{
	if (len == 4 && memcmp(s, "com", 3) == 0 && s[3] >= '1' && s[3] <= '4') {
		dev->kind = MANIFEST_DEV_LEGACY;
		dev->com = (uint8_t)(s[3] - '0');
		str_copy(dev->name, s, sizeof(dev->name));
		return true;
	}
	return parse_pci(s, len, dev);
}

static void apply_devices(struct pctx *c, const struct key_def *k, const struct toml_event *v)
{
	struct manifest_partition *p = c->part;
	if (!want(c, k, v, TOML_STRING))
		return;
	if (p->ndevices == MANIFEST_MAX_DEVICES)
		{ value_error(c, k, v, "too many devices; the limit is %u per partition",
				   MANIFEST_MAX_DEVICES); return; }
	struct manifest_device *dev = &p->device[p->ndevices];
	memset(dev, 0, sizeof(*dev));
	if (!parse_device(v->str, v->len, dev))
		{ value_error(c, k, v, "unknown device \"%.40s\"; use \"com2\", \"com3\", "
				   "\"com4\" or a PCI function \"pci:BB:DD.F\" in hex, e.g. "
				   "\"pci:00:1f.3\"", v->str); return; }
	dev->pos.line = v->line;
	dev->pos.col = v->col;
	p->ndevices++;
}

static const struct kind_ops kinds[K_COUNT] = {
	[K_NAME] = { "a string such as \"demo\"", false, apply_name },
	[K_ENUM] = { "a string", false, apply_enum },
	[K_BOOL] = { "true or false", false, apply_bool },
	[K_UINT] = { "an integer", false, apply_uint },
	[K_SIZE] = { "a size string such as \"64M\"", false, apply_size },
	[K_STRING] = { "a string", false, apply_string },
	[K_IMAGE] = { "an image name string such as \"hello.elf\"", false, apply_image },
	[K_CPU] = { "a CPU number", false, apply_cpu },
	[K_CORES] = { "an array such as [1, 2] or [\"1-3\"]", true, apply_cores },
	[K_IMAGES] = { "an array of image names such as [\"a.bin\"]", true, apply_images },
	[K_DEVICES] = { "an array such as [\"com2\", \"pci:00:1f.3\"]", true, apply_devices },
};

static void enter_hv(struct pctx *c)
{
	c->table = T_HV;
	c->base = (uint8_t *)&c->m->hv;
	c->keypos = c->m->hv.key;
	c->bad_keys = &c->m->hv.bad_keys;
	c->keys = hv_keys;
	c->nkeys = ARRAY_SIZE(hv_keys);
}

static void enter_partition(struct pctx *c, const struct toml_event *ev)
{
	struct manifest_partition *p = &c->m->part[c->m->npartitions++];
	memset(p, 0, sizeof(*p));
	p->halt_poll_ns = HALT_POLL_NS_DEFAULT;
	p->served_by = -1;
	p->slice_us = MANIFEST_SLICE_US_DEFAULT;
	p->header.line = ev->line;
	p->header.col = ev->col;
	p->cores.first = (uint16_t)c->m->ncore_refs;
	c->part = p;
	c->table = T_PART;
	c->base = (uint8_t *)p;
	c->keypos = p->key;
	c->bad_keys = &p->bad_keys;
	c->keys = part_keys;
	c->nkeys = ARRAY_SIZE(part_keys);
}

static void on_hv_table(struct pctx *c, const struct toml_event *ev, bool array)
{
	struct manifest_hv *hv = &c->m->hv;
	c->table = T_IGNORED;
	if (array)
		{ mdiag_add(c->d, false, ev->line, ev->col, "[[hypervisor]] is not an array "
				 "of tables; write [hypervisor]"); return; }
	if (hv->header.line)
		{ mdiag_add(c->d, false, ev->line, ev->col, "duplicate [hypervisor] table "
				 "(the first is at line %u); merge the two", hv->header.line); return; }
	hv->header.line = ev->line;
	hv->header.col = ev->col;
	enter_hv(c);
}

static void on_partition_table(struct pctx *c, const struct toml_event *ev, bool array)
{
	c->table = T_IGNORED;
	if (!array)
		mdiag_add(c->d, false, ev->line, ev->col, "[partition] must be written "
			  "[[partition]] (double brackets): each partition is one entry of an "
			  "array of tables");
	if (c->m->npartitions == MANIFEST_MAX_PARTITIONS)
		{ mdiag_add(c->d, false, ev->line, ev->col, "too many partitions; the limit "
				 "is %u", MANIFEST_MAX_PARTITIONS); return; }
	enter_partition(c, ev);
}

static void on_table(struct pctx *c, const struct toml_event *ev, bool array)
{
	c->key = NULL;
	if (strcmp(ev->str, "hypervisor") == 0)
		{ on_hv_table(c, ev, array); return; }
	if (strcmp(ev->str, "partition") == 0)
		{ on_partition_table(c, ev, array); return; }
	c->table = T_IGNORED;
	const char *near = mdiag_suggest(ev->str, table_names, ARRAY_SIZE(table_names),
					 sizeof(table_names[0]));
	if (near)
		{ mdiag_add(c->d, false, ev->line, ev->col, "unknown table `%s`; did you "
				 "mean `%s`?", ev->str, near); return; }
	mdiag_add(c->d, false, ev->line, ev->col, "unknown table `%s`; the known tables are "
		  "[hypervisor] and [[partition]]", ev->str);
}

static const struct key_def *find_key(const struct pctx *c, const char *name)
{
	for (size_t i = 0; i < c->nkeys; i++)
		if (strcmp(c->keys[i].name, name) == 0)
			return &c->keys[i];
	return NULL;
}

static void unknown_key(struct pctx *c, const struct toml_event *ev)
{
	const char *table = c->table == T_HV ? "[hypervisor]" : "[[partition]]";
	const char *near = mdiag_suggest(ev->str, c->keys, c->nkeys, sizeof(c->keys[0]));
	if (near)
		{ mdiag_add(c->d, false, ev->line, ev->col, "unknown key `%s` in %s; did "
				 "you mean `%s`?", ev->str, table, near); return; }
	char list[MANIFEST_DIAG_MSG];
	size_t n = 0;
	for (size_t i = 0; i < c->nkeys && n < sizeof(list); i++)
		n += (size_t)fmt_snprintf(list + n, sizeof(list) - n, "%s%s", i ? " " : "",
					  c->keys[i].name);
	mdiag_add(c->d, false, ev->line, ev->col, "unknown key `%s` in %s; the keys are: %s",
		  ev->str, table, list);
}

static void on_key(struct pctx *c, const struct toml_event *ev)
{
	c->key = NULL;
	c->in_array = false;
	if (c->table == T_IGNORED)
		return;
	if (c->table == T_ROOT)
		{ mdiag_add(c->d, false, ev->line, ev->col, "key `%s` is outside any table; "
				 "put it under [hypervisor] or [[partition]]", ev->str); return; }
	const struct key_def *k = find_key(c, ev->str);
	if (!k)
		{ unknown_key(c, ev); return; }
	struct manifest_pos *pos = &c->keypos[k->id];
	if (pos->line)
		{ mdiag_add(c->d, false, ev->line, ev->col, "duplicate key `%s` (first set "
				 "at line %u); keep only one", ev->str, pos->line); return; }
	pos->line = ev->line;
	pos->col = ev->col;
	c->key = k;
}

static void on_value(struct pctx *c, const struct toml_event *ev)
{
	const struct key_def *k = c->key;
	if (!k)
		return;
	if (kinds[k->kind].array != c->in_array) {
		c->key = NULL;
		{ value_error(c, k, ev, "`%s` must be %s, not %s", k->name,
				   kinds[k->kind].expect, type_name(ev)); return; }
	}
	kinds[k->kind].apply(c, k, ev);
	if (!c->in_array)
		c->key = NULL;
}

static void on_array_begin(struct pctx *c, const struct toml_event *ev)
{
	const struct key_def *k = c->key;
	c->in_array = true;
	if (!k)
		return;
	if (!kinds[k->kind].array) {
		c->key = NULL;
		{ value_error(c, k, ev, "`%s` must be %s, not an array", k->name,
				   kinds[k->kind].expect); return; }
	}
	if (k->kind == K_CORES) {
		struct manifest_cores *cores = field(c, k);
		cores->first = (uint16_t)c->m->ncore_refs;
		cores->count = 0;
	}
}

static void on_error(struct pctx *c, const struct toml_event *ev)
{
	mdiag_add(c->d, false, ev->line, ev->col, "%s", ev->msg);
	if (ev->header)
		c->table = T_IGNORED;
	if (c->key && (ev->abandon || c->in_array))
		*c->bad_keys |= 1u << c->key->id;
	if (ev->abandon) {
		c->key = NULL;
		c->in_array = false;
	}
}

static void finish_hv(struct manifest *m)
{
	struct manifest_hv *hv = &m->hv;
	if (hv->key[MANIFEST_HK_CORES].line)
		return;
	/* Default: CPU 0. The spare slot at the end of core[] keeps room for it. */
	hv->cores.first = (uint16_t)m->ncore_refs;
	hv->cores.count = 1;
	memset(&m->core[m->ncore_refs], 0, sizeof(m->core[0]));
	m->ncore_refs++;
}

static void finish_partition(struct manifest_partition *p, struct manifest_diags *d)
{
	for (size_t i = 0; i < ARRAY_SIZE(part_required); i++) {
		const struct key_def *k = &part_keys[part_required[i]];
		if (p->key[k->id].line)
			continue;
		p->bad_keys |= 1u << k->id;
		if (p->name[0])
			mdiag_add(d, false, p->header.line, p->header.col, "partition `%s` has no "
				  "`%s`; add e.g. %s", p->name, k->name, k->example);
		else
			mdiag_add(d, false, p->header.line, p->header.col, "partition has no `%s`; "
				  "add e.g. %s", k->name, k->example);
	}
	if (!p->key[MANIFEST_PK_VCPUS].line)
		p->vcpus = p->cores.count;
	if (!p->key[MANIFEST_PK_INTERRUPTS].line)
		p->interrupts = p->mode == MANIFEST_MODE_SHARED ? MANIFEST_IRQ_EMULATED :
								  MANIFEST_IRQ_EXITLESS;
}

static void manifest_init(struct manifest *m)
{
	memset(m, 0, sizeof(*m));
	m->hv.console = MANIFEST_CONSOLE_COM1;
	m->hv.log = MANIFEST_LOG_INFO;
	m->hv.on_partition_exit = MANIFEST_HV_SHUTDOWN;
}

int manifest_parse(const char *text, size_t len, struct manifest *m, struct manifest_diags *diags)
{
	struct toml_reader r;
	struct toml_event ev;
	struct pctx c = { .m = m, .d = diags, .table = T_ROOT };
	uint32_t errors = diags->errors;
	manifest_init(m);
	toml_init(&r, text, len);
	for (toml_next(&r, &ev); ev.type != TOML_END; toml_next(&r, &ev)) {
		switch (ev.type) {
		case TOML_TABLE: on_table(&c, &ev, false); break;
		case TOML_ARRAY_TABLE: on_table(&c, &ev, true); break;
		case TOML_KEY: on_key(&c, &ev); break;
		case TOML_VALUE: on_value(&c, &ev); break;
		case TOML_ARRAY_BEGIN: on_array_begin(&c, &ev); break;
		case TOML_ARRAY_END: c.key = NULL; c.in_array = false; break;
		case TOML_ERROR: on_error(&c, &ev); break;
		default: break;
		}
	}
	finish_hv(m);
	for (uint32_t i = 0; i < m->npartitions; i++)
		finish_partition(&m->part[i], diags);
	return (int)(diags->errors - errors);
}

void manifest_default(struct manifest *m)
{
	manifest_init(m);
	finish_hv(m);
	m->spare_cpus_are_guest = true;
}
