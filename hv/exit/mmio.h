/* SPDX-License-Identifier: BSD-2-Clause */
/* Emulated MMIO: decodes the guest's MOV that touched an emulated page. */
#ifndef HV_MMIO_H
#define HV_MMIO_H

#include "hv/partition/vcpu.h"

struct mmio_access {
	bool write;
	unsigned size;   /* 1, 4 or 8 bytes */
	uint64_t value;  /* what a write stores */
	int reg;         /* a load's destination register (index in struct guest_regs), -1 none */
	unsigned len;    /* instruction length */
};

/* Fetches and decodes the instruction at the guest's RIP: MOV to or from memory (88, 89, 8A,
 * 8B) and MOV immediate to memory (C6, C7), with REX in 64-bit mode. */
bool mmio_decode(const struct exit_ctx *x, struct mmio_access *a, char *why, size_t size);
/* Completes a load: writes value into the destination register. */
void mmio_complete_load(struct exit_ctx *x, const struct mmio_access *a, uint64_t value);

#endif
