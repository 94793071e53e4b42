/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-CPU data, reached through one accessor: this_cpu(). */
#ifndef HV_PERCPU_H
#define HV_PERCPU_H

#include "hv/lib/types.h"
#include "hv/gdt.h"

#define MAX_CPUS 64
#define HV_STACK_SIZE (16 * 1024)
#define IST_STACK_SIZE (8 * 1024)
#define PERCPU_MAX_VCPUS 32 /* vCPUs with the same home core */

enum cpu_role { ROLE_NONE = 0, ROLE_HV, ROLE_GUEST };

struct mailbox;
struct vcpu;
struct partition;

struct percpu {
	struct percpu *self;        /* must stay first: this_cpu() reads %gs:0 */
	uint32_t index;             /* CPU number in MADT order */
	uint32_t apic_id;
	uint32_t role;
	int32_t served_by;          /* guest cores: the hypervisor core that serves them */
	int32_t partition;          /* guest cores: partition index, -1 none */
	volatile uint32_t online;   /* set by the CPU itself once it runs C code */
	volatile uint32_t parked;   /* stopped by a panic */
	volatile uint32_t wake;     /* a guest core's pending work flag */
	uint64_t stack_top;
	struct mailbox *mbox;       /* guest cores: the mailbox they post to */
	struct vcpu *vcpu;          /* guest cores: the vCPU they run (dedicated), NULL (shared) */
	bool shared;                /* guest cores: time-sliced between vCPUs (mode = "shared") */
	uint32_t nvcpus;            /* guest cores: the vCPUs whose home it is */
	struct vcpu *vcpus[PERCPU_MAX_VCPUS];
	struct vcpu *current;       /* shared cores: the vCPU in guest mode or loaded, NULL: none */
	volatile uint32_t resched;  /* shared cores: a vCPU on it was woken or asked to flush */
	const struct partition *last_part; /* shared cores: whose vCPU ran here last */
	uint32_t nserved;           /* hypervisor cores: the guest cores whose mailboxes they poll */
	uint8_t served[MAX_CPUS];
	struct cpu_tables tables;   /* GDT and TSS */
};

struct percpu *percpu_of(uint32_t index);
uint32_t percpu_count(void);
void percpu_set_count(uint32_t n);
/* Points GS at p; after this, this_cpu() == p on the calling CPU. */
void percpu_install(struct percpu *p);

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;
	__asm__ volatile("mov %%gs:0, %0" : "=r"(p));
	return p;
}

#endif
