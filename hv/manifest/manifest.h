/* SPDX-License-Identifier: BSD-2-Clause */
/* The boot-time manifest (splitvisor.toml): parsed form, validation, core plan. */
#ifndef HV_MANIFEST_H
#define HV_MANIFEST_H

#include "hv/lib/types.h"

/* Limits. Exceeding any of them is reported as a manifest error. */
#define MANIFEST_MAX_PARTITIONS 32
#define MANIFEST_MAX_CPUS 256          /* CPU numbers 0..255 */
#define MANIFEST_MAX_CORE_REFS 256     /* core entries in all `cores` lists together */
#define MANIFEST_MAX_MODULES 16        /* per partition */
#define MANIFEST_MAX_DEVICES 16        /* per partition */
#define MANIFEST_MAX_VCPUS 256         /* per partition, as the schema reads it */
#define MANIFEST_RUN_MAX_VCPUS 16      /* per partition, what this build runs */
#define MANIFEST_SLICE_US_DEFAULT 2000 /* a shared partition's time slice */
#define MANIFEST_NAME_MAX 32           /* partition name: 1..31 chars + NUL */
#define MANIFEST_IMAGE_MAX 64          /* image name: 1..63 chars + NUL */
#define MANIFEST_CMDLINE_MAX 512       /* command line: 0..511 chars + NUL */
#define MANIFEST_DEVICE_MAX 16         /* device name as written + NUL */
#define MANIFEST_MAX_DIAGS 64          /* the last slot says "too many" */
#define MANIFEST_DIAG_MSG 200
#define MANIFEST_MEMORY_ALIGN MiB(2)

enum manifest_console { MANIFEST_CONSOLE_COM1, MANIFEST_CONSOLE_NONE };
enum manifest_log { MANIFEST_LOG_ERROR, MANIFEST_LOG_WARN, MANIFEST_LOG_INFO, MANIFEST_LOG_DEBUG };
enum manifest_hv_exit { MANIFEST_HV_CONTINUE, MANIFEST_HV_SHUTDOWN };
enum manifest_mode { MANIFEST_MODE_DEDICATED, MANIFEST_MODE_SHARED };
enum manifest_format {
	MANIFEST_FORMAT_DETECT, MANIFEST_FORMAT_MULTIBOOT, MANIFEST_FORMAT_MULTIBOOT2,
	MANIFEST_FORMAT_LINUX, MANIFEST_FORMAT_RAW
};
enum manifest_exits { MANIFEST_EXITS_SPLIT, MANIFEST_EXITS_LOCAL };
enum manifest_interrupts { MANIFEST_IRQ_EXITLESS, MANIFEST_IRQ_EMULATED };
enum manifest_tlb { MANIFEST_TLB_VMM, MANIFEST_TLB_IPI };
/* What a shared core does when it switches between vCPUs of different partitions. */
enum manifest_switch_flush { MANIFEST_FLUSH_ALL, MANIFEST_FLUSH_IBPB, MANIFEST_FLUSH_OFF };
/* Two SMT siblings of one physical core given to different owners. */
enum manifest_smt { MANIFEST_SMT_WARN, MANIFEST_SMT_REFUSE };
enum manifest_on_exit { MANIFEST_ON_EXIT_STOP, MANIFEST_ON_EXIT_RESTART };
enum manifest_device_kind { MANIFEST_DEV_LEGACY, MANIFEST_DEV_PCI };

/* Source position of a key or value; line 0 = not in the file (a default). */
struct manifest_pos {
	uint32_t line, col;
};

/* One CPU named in a `cores` list (a range string gives one per CPU). */
struct manifest_core_ref {
	uint16_t cpu;
	struct manifest_pos pos;
};

/* A slice of manifest.core[]: [first, first + count). */
struct manifest_cores {
	uint16_t first, count;
};

struct manifest_image {
	char name[MANIFEST_IMAGE_MAX]; /* "" = none */
	struct manifest_pos pos;
};

struct manifest_device {
	char name[MANIFEST_DEVICE_MAX]; /* normalized: "com2", "pci:00:1f.3" */
	uint8_t kind;                   /* enum manifest_device_kind */
	uint8_t com;                    /* legacy: 1..4 */
	uint8_t bus, dev, fn;           /* PCI */
	struct manifest_pos pos;
};

/* Keys of [hypervisor]; the ids index manifest_hv.key[]. */
enum manifest_hv_key {
	MANIFEST_HK_CORES, MANIFEST_HK_CONSOLE, MANIFEST_HK_LOG, MANIFEST_HK_STATS,
	MANIFEST_HK_ON_PARTITION_EXIT, MANIFEST_HK_SWITCH_FLUSH, MANIFEST_HK_SMT, MANIFEST_HK_COUNT
};

/* Keys of [[partition]]; the ids index manifest_partition.key[]. */
enum manifest_part_key {
	MANIFEST_PK_NAME, MANIFEST_PK_CORES, MANIFEST_PK_MODE, MANIFEST_PK_VCPUS,
	MANIFEST_PK_MEMORY, MANIFEST_PK_KERNEL, MANIFEST_PK_FORMAT, MANIFEST_PK_INITRD,
	MANIFEST_PK_MODULES, MANIFEST_PK_CMDLINE, MANIFEST_PK_EXITS, MANIFEST_PK_INTERRUPTS,
	MANIFEST_PK_HALT_POLL_NS, MANIFEST_PK_TLB, MANIFEST_PK_ON_EXIT, MANIFEST_PK_DEVICES,
	MANIFEST_PK_SERVED_BY, MANIFEST_PK_SLICE_US, MANIFEST_PK_COUNT
};

struct manifest_hv {
	struct manifest_cores cores;
	uint32_t console;            /* enum manifest_console, default com1 */
	uint32_t log;                /* enum manifest_log, default info */
	bool stats;                  /* default false */
	uint32_t on_partition_exit;  /* enum manifest_hv_exit, default shutdown */
	uint32_t switch_flush;       /* enum manifest_switch_flush, default all */
	uint32_t smt;                /* enum manifest_smt, default warn */
	struct manifest_pos header;  /* the [hypervisor] line; line 0 = absent */
	struct manifest_pos key[MANIFEST_HK_COUNT]; /* where each key was set */
	uint32_t bad_keys;           /* bit (1 << key id) per key whose value was wrong */
};

struct manifest_partition {
	char name[MANIFEST_NAME_MAX];
	struct manifest_cores cores;
	uint32_t mode;               /* enum manifest_mode, default dedicated */
	uint32_t vcpus;              /* default: number of cores */
	uint64_t memory;             /* bytes, a multiple of 2 MiB */
	struct manifest_image kernel;
	uint32_t format;             /* enum manifest_format, default detect */
	struct manifest_image initrd;
	uint32_t nmodules;
	struct manifest_image module[MANIFEST_MAX_MODULES];
	char cmdline[MANIFEST_CMDLINE_MAX];
	uint32_t exits;              /* enum manifest_exits, default split */
	uint32_t interrupts;         /* enum manifest_interrupts; default by mode */
	uint64_t halt_poll_ns;       /* default 200000; 0 = off */
	uint32_t tlb;                /* enum manifest_tlb, default vmm */
	uint32_t on_exit;            /* enum manifest_on_exit, default stop */
	uint32_t ndevices;
	struct manifest_device device[MANIFEST_MAX_DEVICES];
	int32_t served_by;           /* HV CPU; -1 = automatic */
	uint64_t slice_us;           /* shared mode: time slice, default MANIFEST_SLICE_US_DEFAULT */
	struct manifest_pos header;  /* the [[partition]] line */
	struct manifest_pos key[MANIFEST_PK_COUNT];
	uint32_t bad_keys;           /* bit (1 << key id) per key whose value was wrong */
};

struct manifest {
	struct manifest_hv hv;
	uint32_t npartitions;
	struct manifest_partition part[MANIFEST_MAX_PARTITIONS];
	uint32_t ncore_refs;
	struct manifest_core_ref core[MANIFEST_MAX_CORE_REFS + 1]; /* +1: default HV core */
	bool spare_cpus_are_guest;   /* set by manifest_default() only */
};

/* Facts about the machine the manifest will run on. */
struct manifest_machine {
	uint32_t ncpus;              /* CPUs 0..ncpus-1 exist (MADT order) */
	uint64_t memory_bytes;       /* memory available to partitions */
	bool (*image_exists)(void *ctx, const char *name); /* NULL = don't check */
	void *ctx;
};

struct manifest_diag {
	uint32_t line, col;          /* 1-based; line 0 = whole file */
	bool warning;
	char msg[MANIFEST_DIAG_MSG];
};

struct manifest_diags {
	const char *file;            /* name used in messages */
	uint32_t count;              /* entries in d[] */
	uint32_t errors, warnings;   /* totals, including ones that did not fit */
	bool truncated;              /* d[count-1] says "too many diagnostics" */
	struct manifest_diag d[MANIFEST_MAX_DIAGS];
};

enum manifest_role { MANIFEST_ROLE_UNUSED, MANIFEST_ROLE_HV, MANIFEST_ROLE_GUEST };

/* The core plan and memory plan. */
struct manifest_plan {
	uint32_t ncpus;
	uint8_t role[MANIFEST_MAX_CPUS];        /* enum manifest_role */
	int16_t partition[MANIFEST_MAX_CPUS];   /* partition index, -1 = none */
	int16_t served_by[MANIFEST_MAX_CPUS];   /* HV CPU serving a guest core, -1 = none */
	bool shared[MANIFEST_MAX_CPUS];         /* a guest core of shared partitions (time-sliced) */
	uint64_t mem_offset[MANIFEST_MAX_PARTITIONS]; /* offset in partition memory */
	uint64_t mem_total;                     /* sum of partition memory */
};

/* Empties d and names the file used in messages. */
void manifest_diags_init(struct manifest_diags *d, const char *file);
/* Parses text (need not be NUL-terminated) into m and applies the defaults.
 * Returns the number of errors added to diags. */
int manifest_parse(const char *text, size_t len, struct manifest *m, struct manifest_diags *diags);
/* Checks m against itself and the machine; appends diagnostics.
 * Returns the number of errors it added. */
int manifest_validate(const struct manifest *m, const struct manifest_machine *mach,
		      struct manifest_diags *diags);
/* Orders the diagnostics by line and column (stable); the "too many" entry
 * stays last. Call it after manifest_validate() to print in file order. */
void manifest_diags_sort(struct manifest_diags *d);
/* Formats diagnostic i as "file:line:col: error: msg" (or "warning:").
 * Returns the length as fmt_snprintf does; -1 if i is out of range. */
int manifest_diag_format(const struct manifest_diags *d, uint32_t i, char *buf, size_t size);
/* Builds the core and memory plan of a manifest that validated without
 * errors. Returns 0, or -1 (plan emptied) if m does not fit the machine. */
int manifest_plan(const struct manifest *m, const struct manifest_machine *mach,
		  struct manifest_plan *plan);
/* Stores the distinct image names (kernels, initrds, modules) into names[0..max)
 * in manifest order; returns how many there are (may exceed max). */
uint32_t manifest_images(const struct manifest *m, const char **names, uint32_t max);
/* The manifest used when none is given: CPU 0 is the hypervisor core, every
 * other CPU is a guest core, no partitions. */
void manifest_default(struct manifest *m);
/* CPU number of the i-th entry of a cores slice. */
static inline uint16_t manifest_core(const struct manifest *m, struct manifest_cores c, uint32_t i)
{
	return m->core[c.first + i].cpu;
}

/* Names of the enum values, for printing (index = enum value). */
extern const char *const manifest_console_names[];
extern const char *const manifest_log_names[];
extern const char *const manifest_hv_exit_names[];
extern const char *const manifest_mode_names[];
extern const char *const manifest_format_names[];
extern const char *const manifest_exits_names[];
extern const char *const manifest_interrupts_names[];
extern const char *const manifest_tlb_names[];
extern const char *const manifest_on_exit_names[];
extern const char *const manifest_switch_flush_names[];
extern const char *const manifest_smt_names[];

#endif
