/* SPDX-License-Identifier: BSD-2-Clause */
/* Partitions: what the manifest asked for, and the host memory that backs each one. */
#ifndef HV_PARTITION_H
#define HV_PARTITION_H

#include "hv/lib/types.h"
#include "hv/lib/spinlock.h"
#include "hv/mm/frame.h"
#include "hv/partition/console_quota.h"
#include "hv/partition/dev_cover.h"
#include "hv/dev/pic.h"
#include "hv/dev/pit.h"
#include "hv/dev/pmtimer.h"
#include "hv/dev/rtc.h"
#include "apic/vstate.h"

#define PARTITION_MAX_RANGES 16
#define PARTITION_MAX_VCPUS 16
#define PARTITION_MAX_RESTARTS 3

struct vcpu;

struct uart_state {
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	bool thre_pending;        /* the transmitter-empty interrupt is pending (until IIR shows it) */
	uint32_t len;
	char line[160];
	uint8_t rx[256];          /* received bytes not read yet */
	const char *wait_for;     /* test input waits until a line holding this was printed */
	volatile bool waited;     /* ... and one was */
	volatile uint32_t rx_head, rx_tail;
};

enum partition_state { PART_PLANNED = 0, PART_RUNNING, PART_STOPPING, PART_ENDED };

struct manifest_partition;

struct partition {
	uint32_t index;
	const struct manifest_partition *cfg;
	uint64_t memory;                 /* guest-physical 0..memory */
	uint32_t nranges;
	struct host_range range[PARTITION_MAX_RANGES]; /* in guest-physical order */
	uint64_t eptp;
	uint32_t nvcpus;
	struct vcpu *vcpu[PARTITION_MAX_VCPUS];
	volatile uint32_t state;         /* enum partition_state */
	volatile uint32_t running_vcpus;
	uint32_t restarts;
	uint64_t launch_tsc, launch_wall;  /* host TSC and wall-clock seconds when it was (re)loaded */
	uint64_t kvm_wall_clock;           /* MSR_KVM_WALL_CLOCK_NEW as the guest wrote it */
	/* why it stopped (the first stop request wins) */
	uint32_t stop_kind;
	uint64_t stop_status;
	char stop_why[256];
	struct console_quota quota;      /* what it may make the hypervisor print */
	/* device models */
	struct spinlock dev_lock;
	struct uart_state uart;
	uint32_t pci_address;
	uint32_t shutdown_match;
	uint64_t unassigned_reads, unassigned_writes;
	uint64_t dropped_ipis;
	uint64_t dropped_irqs;          /* device interrupts raised while masked or unrouted */
	struct dev_cover cover;         /* registers reached (counted in fuzz builds) */
	struct vioapic ioapic;
	struct legacy_devices {            /* hv/dev/legacy_ports.c */
		struct pit pit;
		struct rtc rtc;
		struct pic pic;
		struct pmtimer pm;
		volatile uint64_t next_event; /* TSC when a timer interrupt is next due */
	} legacy;
	uint64_t io_bitmap_a;             /* own I/O bitmap (assigned ports), 0 = the default */
	uint32_t assigned_irq_mask;        /* host IOAPIC pins of assigned devices */
	uint32_t core_apic_id[PARTITION_MAX_VCPUS]; /* vCPU i's core: where its IPIs go */
	/* CPUID/MSR state */
	struct msr_unknown {
		struct spinlock lock;
		uint32_t used;               /* slots taken */
		uint32_t msr[16];            /* MSRs splitvisor does not implement, in the order first seen */
		uint64_t reads[16], writes[16];
		uint64_t others;             /* accesses to further MSRs once every slot is taken */
	} msr_unknown;
};

/* Backs every partition's memory with 2 MiB-aligned host ranges from the frame
 * allocator; false (and everything given back) when memory runs out. */
bool partitions_allocate(void);
uint32_t partition_count(void);
struct partition *partition_get(uint32_t index);
/* Prints per partition: memory, host ranges, mode and policies. */
void partitions_print(void);
/* Copies len bytes into guest-physical memory; false if it does not fit. */
bool partition_write(struct partition *p, uint64_t gpa, const void *src, uint64_t len);
/* Host-physical address backing a guest-physical one (0 outside the partition). */
uint64_t partition_gpa_to_hpa(const struct partition *p, uint64_t gpa);
/* Where the hypervisor reaches n bytes of the guest's RAM at gpa (within one page, for
 * structures a guest registers); NULL when they are not all its RAM. */
void *partition_guest_ptr(const struct partition *p, uint64_t gpa, uint64_t n);
/* Zeroes all guest memory. */
void partition_clear(struct partition *p);

#endif
