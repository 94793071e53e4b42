/* SPDX-License-Identifier: BSD-2-Clause */
/* KVM's paravirtual clock (kvmclock, Documentation/virt/kvm/x86/msr.rst): the wall clock and
 * per-vCPU time structures a guest registers, filled from the TSC. */
#include "hv/exit/msr_kvm.h"
#include "hv/cpu.h"
#include "hv/lib/muldiv.h"
#include "hv/partition/partition.h"
#include "hv/time.h"

struct pvclock_wall_clock {
	uint32_t version, sec, nsec;
};

struct pvclock_vcpu_time_info {
	uint32_t version, pad0;
	uint64_t tsc_timestamp, system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags, pad[2];
};

/* the layouts the ABI fixes (natural alignment gives them) */
_Static_assert(sizeof(struct pvclock_wall_clock) == 12, "pvclock_wall_clock is 12 bytes");
_Static_assert(sizeof(struct pvclock_vcpu_time_info) == 32, "pvclock_vcpu_time_info is 32 bytes");

#define PVCLOCK_TSC_STABLE_BIT 1u /* every vCPU's clock is the same TSC-based clock */
#define NSEC_PER_SEC 1000000000ULL

/* mul and shift with ns = ((ticks << shift, or >> -shift) * mul) >> 32, as pvclock defines them. */
static void scale_for(uint64_t hz, uint32_t *mul, int8_t *shift)
{
	int s = 0;
	uint64_t base = hz;
	while (base <= NSEC_PER_SEC && s < 31) { /* slow clocks: scale the ticks up first */
		base <<= 1;
		s++;
	}
	while (base > 2 * NSEC_PER_SEC) {
		base >>= 1;
		s--;
	}
	*mul = (uint32_t)((NSEC_PER_SEC << 32) / base);
	*shift = (int8_t)s;
}

/* The partition's nanoseconds since launch at guest TSC value tsc (its clock's zero). */
static uint64_t system_time_at(const struct vcpu *v, uint64_t guest_tsc)
{
	uint64_t launch = v->part->launch_tsc + v->msrs.tsc_offset;
	return guest_tsc > launch ? mul_div_u64(guest_tsc - launch, NSEC_PER_SEC, time_tsc_hz(), false) : 0;
}

static bool fill_time_info(struct vcpu *v, uint64_t gpa)
{
	struct pvclock_vcpu_time_info *t = partition_guest_ptr(v->part, gpa, sizeof(*t));
	if (!t)
		return false;
	uint64_t guest_tsc = rdtsc() + v->msrs.tsc_offset;
	__atomic_store_n(&t->version, t->version | 1, __ATOMIC_RELEASE); /* odd: being updated */
	t->tsc_timestamp = guest_tsc;
	t->system_time = system_time_at(v, guest_tsc);
	scale_for(time_tsc_hz(), &t->tsc_to_system_mul, &t->tsc_shift);
	t->flags = PVCLOCK_TSC_STABLE_BIT;
	__atomic_store_n(&t->version, (t->version | 1) + 1, __ATOMIC_RELEASE);
	return true;
}

bool msr_read_kvm_clock(struct exit_ctx *x, uint32_t msr, uint64_t *value)
{
	*value = msr == MSR_KVM_SYSTEM_TIME_NEW ? x->vcpu->kvm_system_time : x->vcpu->part->kvm_wall_clock;
	return true;
}

/* The wall-clock time at the clock's zero (the partition's launch), written once where asked. */
bool msr_write_kvm_wall_clock(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(msr);
	struct partition *p = x->vcpu->part;
	struct pvclock_wall_clock *w = partition_guest_ptr(p, value, sizeof(*w));
	if (!w)
		return false;
	__atomic_store_n(&w->version, w->version | 1, __ATOMIC_RELEASE);
	w->sec = (uint32_t)p->launch_wall;
	w->nsec = 0;
	__atomic_store_n(&w->version, (w->version | 1) + 1, __ATOMIC_RELEASE);
	p->kvm_wall_clock = value;
	return true;
}

/* Bit 0 enables the vCPU's time structure at the (32-byte aligned) rest of the value. */
bool msr_write_kvm_system_time(struct exit_ctx *x, uint32_t msr, uint64_t value)
{
	UNUSED(msr);
	if ((value & 1) && !fill_time_info(x->vcpu, value & ~0x1FULL))
		return false;
	x->vcpu->kvm_system_time = value;
	return true;
}
