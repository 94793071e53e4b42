/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared pieces of the instruction emulator's host test: random numbers, native runs, flat memory. */
#ifndef TESTS_INSN_HARNESS_H
#define TESTS_INSN_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "hv/insn/insn.h"

/* ---- deterministic random numbers ---- */
void rnd_seed(uint64_t seed);
uint64_t rnd(void);
/* Uniform in [0, n). */
uint64_t rnd_below(uint64_t n);
/* True with probability percent/100. */
bool rnd_chance(unsigned percent);

/* ---- running one instruction on the host CPU (64-bit mode) ---- */
struct native_state {
	uint64_t gpr[16];  /* RSP is neither loaded nor stored */
	uint64_t rflags;
};

#define NATIVE_DATA_SIZE 8192
/* The code page and NATIVE_DATA_SIZE bytes of data right after it, all below 2 GiB so that
 * disp32 absolute and 32-bit addresses reach them. */
void native_init(void);
uint8_t *native_data(void);
/* Where the instruction lies when it runs (the emulator gets the same RIP). */
uint64_t native_insn_address(void);
/* Runs the len bytes between the prologue and epilogue; false if the CPU faulted. */
bool native_run(const uint8_t *insn, unsigned len, struct native_state *s);
/* The host's FS and GS bases (for segment-override forms). */
uint64_t native_fs_base(void);
uint64_t native_gs_base(void);

/* ---- the emulator on the same memory: the data area is a device, the rest RAM ---- */
struct flat_env {
	unsigned mmio_calls;
	unsigned ram_calls;
};
/* Callbacks over host memory at gpa == host address; the data area answers through mmio. */
void flat_ops(struct insn_ops *ops, struct flat_env *env);
/* 64-bit mode, paging off (the walker is bypassed), flat segments with the host's FS/GS bases. */
void flat_cpu(struct insn_cpu *cpu, const struct native_state *s, uint64_t rip);

#endif
