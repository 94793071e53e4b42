/* SPDX-License-Identifier: BSD-2-Clause */
/* The vCPU and partition lifecycle seen from below the runner: INIT, SIPI, stop requests. */
#ifndef HV_PARTITION_LIFECYCLE_H
#define HV_PARTITION_LIFECYCLE_H

#include "hv/lib/types.h"

struct partition;
struct vcpu;

/* The runner's way of starting a vCPU on its guest core (installed once, before any guest
 * runs), so that a SIPI from below can start a vCPU without calling up into the runner. */
typedef void (*vcpu_starter_fn)(struct vcpu *v);
void vcpu_set_starter(vcpu_starter_fn start);

/* Something changed for v (an interrupt or NMI posted, a kick, INIT, SIPI, a stop, a TLB flush
 * request): a shared core's scheduler is told to look, and v's core gets an NMI unless it is
 * the caller's, so that a vCPU in guest mode exits and takes it. */
void vcpu_notify(struct vcpu *v);

/* INIT and STARTUP IPIs from the partition's own vCPUs (apic/vicr.c). */
void vcpu_receive_init(struct vcpu *v);
void vcpu_receive_sipi(struct vcpu *v, uint8_t vector);
/* Any core: asks the partition to stop (the first request wins); its other cores get an NMI. */
void partition_request_stop(struct partition *p, uint32_t kind, uint64_t status, const char *why);

#endif
