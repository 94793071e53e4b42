/* SPDX-License-Identifier: BSD-2-Clause */
/* Device assignment: a legacy UART's ports and interrupt handed to one partition. */
#ifndef HV_ASSIGN_H
#define HV_ASSIGN_H

#include "hv/lib/types.h"

struct partition;

/* Checks what the manifest assigns can be handed over (legacy COM2-COM4 with interrupts =
 * "exitless"); false with the reason in why. */
bool assign_supported(const struct partition *p, char *why, size_t size);
/* Opens the devices' ports in the partition's own I/O bitmap. */
bool assign_devices(struct partition *p);
/* The guest programmed its IOAPIC pin: mirror it on the host IOAPIC, aimed at the core. */
void assign_route(struct partition *p, uint32_t pin, uint64_t entry);
/* The partition stopped: mask its host pins. */
void assign_release(struct partition *p);

#endif
