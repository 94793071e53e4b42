/* SPDX-License-Identifier: BSD-2-Clause */
/* x86 instruction emulator for emulated MMIO and string I/O: the interface for the hypervisor. */
#ifndef HV_INSN_INSN_H
#define HV_INSN_INSN_H

#include "hv/lib/types.h"
#include "hv/insn/decode.h"

/* One segment register as the VMCS holds it. */
struct insn_segment {
	uint64_t base;
	uint32_t limit;  /* in bytes (already scaled by the G bit) */
	uint32_t ar;     /* VMX access-rights format: type, S, DPL, P, L, D/B, G, unusable (bit 16) */
};

/* The guest state the emulator reads and updates. */
struct insn_cpu {
	uint64_t gpr[16];  /* RAX RCX RDX RBX RSP RBP RSI RDI R8..R15, architectural order */
	uint64_t rip, rflags;
	uint64_t cr0, cr2, cr3, cr4, efer;
	struct insn_segment seg[6];  /* indexed by enum insn_seg */
	uint8_t phys_bits;  /* the guest's MAXPHYADDR (CPUID 0x80000008 EAX[7:0]); 0 means 52 */
};

/* Callbacks into the hypervisor; ctx is passed back unchanged. */
struct insn_ops {
	void *ctx;
	/* Guest-physical RAM (page-table walks, instruction fetch, the RAM side of MOVS, A/D bit
	 * updates); false: not RAM. */
	bool (*ram_read)(void *ctx, uint64_t gpa, void *dst, unsigned len);
	bool (*ram_write)(void *ctx, uint64_t gpa, const void *src, unsigned len);
	/* An emulated device register: size 1, 2, 4 or 8; false: nothing there. */
	bool (*mmio)(void *ctx, uint64_t gpa, unsigned size, bool write, uint64_t *value);
	/* An I/O port (INS, OUTS): size 1, 2 or 4; false: nothing there. */
	bool (*port)(void *ctx, uint16_t port, unsigned size, bool write, uint32_t *value);
	/* Decides device (true) or RAM (false) for each data access. */
	bool (*is_mmio)(void *ctx, uint64_t gpa);
};

enum insn_result {
	INSN_OK,          /* done: cpu (rip, gprs, rflags) updated */
	INSN_FAULT,       /* inject outcome.vector (with error code, cr2 for #PF); rip unchanged */
	INSN_UNSUPPORTED, /* outcome.why says which instruction and what to use instead */
	INSN_BUS_ERROR,   /* an access outside RAM and devices; outcome.why says where */
};

/* What went wrong, for INSN_FAULT, INSN_UNSUPPORTED and INSN_BUS_ERROR. */
struct insn_outcome {
	uint8_t vector;     /* INSN_FAULT: the exception (6 #UD, 12 #SS, 13 #GP, 14 #PF) */
	bool has_error;     /* INSN_FAULT: the exception pushes error */
	uint32_t error;
	uint64_t cr2;       /* INSN_FAULT with vector 14: the faulting linear address */
	char why[160];      /* a one-line explanation (also set for faults) */
};

/* At most this many iterations of a REP string instruction run per call; when more remain, RIP
 * stays on the instruction and the guest runs it again (as hardware lets interrupts in). */
#define INSN_REP_BATCH 64

/* Decodes and executes the instruction at cpu->rip. On INSN_OK, cpu (rip, gprs, rflags) is
 * updated and RFLAGS.RF cleared; otherwise rip is unchanged (a REP instruction keeps the
 * RCX/RSI/RDI of the iterations it completed before the fault, as hardware does). */
enum insn_result insn_emulate(struct insn_cpu *cpu, const struct insn_ops *ops, struct insn_outcome *out);

#endif
