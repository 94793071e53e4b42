/* SPDX-License-Identifier: BSD-2-Clause */
/* The fuzzer guest (tests/guests/fuzz*.c): operations, their generator state, the runtime. */
#ifndef GUEST_FUZZ_H
#define GUEST_FUZZ_H

#include <stdint.h>
#include <stdbool.h>

#define NOTRAP 0xFFFFFFFFu
#define XAPIC_BASE 0xFEE00000u
#define IOAPIC_BASE 0xFEC00000u
#define SCRATCH 0x400000u    /* 64 KiB the string operations read and write */
#define PV_AREA 0x600000u    /* 64 KiB where KVM's paravirtual structures may be put */
#define FUZZ_INFO 0x7000u    /* seed and operation index, for the hypervisor's fuzz checks */
#define FUZZ_INFO_MAGIC 0x5A5A5546u /* "FUZZ" */

/* Registers for fuzz_exec: rax rcx rdx rbx (rsp unused) rbp rsi rdi r8-r15. */
enum { R_AX, R_CX, R_DX, R_BX, R_SP, R_BP, R_SI, R_DI };

/* What the generators know about the run. */
struct fuzz_env {
	uint64_t memory;     /* the partition's memory (from the multiboot map) */
	uint64_t apic_base;  /* IA32_APIC_BASE as last read (page, EN, EXTD) */
	bool xapic;          /* xAPIC MMIO may be used (interrupts = "emulated") */
	bool raw;            /* random instruction bytes on the device pages */
	bool checkpoint;     /* the statistics-checkpoint hypercall is in the mix */
	bool x2apic_only;    /* exitless: IA32_APIC_BASE keeps x2APIC on */
	bool fast;           /* the fast weights, short string counts */
	bool wide;           /* wide=1: the "halt" kind (HLT woken by the APIC timer, PAUSE
	                      * loops) and every local APIC register on the xAPIC page */
};

/* One operation being built: code bytes (fuzz_exec runs them), registers, what it was. */
struct fuzz_op {
	uint8_t *code, *p;
	uint64_t regs[16];
	uint32_t kind;
	uint64_t arg[3];     /* what the ring records: port/MSR/leaf..., value, extra */
	bool apic_write;     /* IA32_APIC_BASE may have changed */
};

struct fuzz_kind {
	const char *name;
	uint32_t weight, fast_weight; /* fast=1: cheap exits first (more operations a second) */
	void (*gen)(struct fuzz_op *op, const struct fuzz_env *env);
};
extern const struct fuzz_kind fuzz_kinds[];
extern const uint32_t fuzz_nkinds;

/* Random numbers: one stream per operation (seed, index), so an index replays alone. */
void rng_seed(uint64_t seed, uint64_t index);
uint64_t rng(void);
static inline uint32_t rnd(uint32_t n) { return n ? (uint32_t)(rng() % n) : 0; }
static inline bool chance(uint32_t percent) { return rnd(100) < percent; }
uint64_t pick64(const uint64_t *v, uint32_t n);
#define PICK(arr) pick64((arr), sizeof(arr) / sizeof((arr)[0]))

/* Code emission; fuzz_end appends the jump back to fuzz_exec_done. */
static inline void emit1(struct fuzz_op *op, uint8_t b) { *op->p++ = b; }
void emitn(struct fuzz_op *op, uint64_t v, unsigned bytes);
void fuzz_end(struct fuzz_op *op);
/* A value for an ICR (or KVM's send-IPI ICR): INIT/SIPI go to others, but in wide streams now
 * and then an INIT to this vCPU itself (it comes back through the reset vector). */
uint64_t fuzz_icr_value(const struct fuzz_env *env);

/* fuzz_entry.asm */
uint64_t fuzz_exec(const void *code, uint64_t regs[16]);
void fuzz_resumed(void); /* fuzz.c: back from an INIT through the reset vector */
void fuzz_window(void); /* STI; NOP; NOP; CLI: pending interrupts arrive */
extern volatile uint64_t fuzz_trap_vector, fuzz_trap_rip, exec_rsp;
extern uint64_t fuzz_pml4[];

/* fuzz_ops.c: the "halt" kind's generator (in the mix with wide=1 only) */
void fuzz_gen_halt_kind(struct fuzz_op *op, const struct fuzz_env *env);
/* fuzz_ops.c: an INIT to this vCPU (init_at=N) */
void fuzz_gen_self_init(struct fuzz_op *op, const struct fuzz_env *env);

/* fuzz_mmio.c: instructions on the device pages */
void gen_mmio(struct fuzz_op *op, const struct fuzz_env *env);
void gen_mmio_raw(struct fuzz_op *op, const struct fuzz_env *env);

/* Output (fuzz_rt.c): the UART brought back to a known state first. */
void out_str(const char *s);
void out_dec(uint64_t v);
void out_hex(uint64_t v);
void out_restore_uart(void);
void fuzz_exit(uint32_t status) __attribute__((noreturn));
static inline void outb(uint16_t p, uint8_t v) { __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(p)); }
static inline uint8_t inb(uint16_t p) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(p)); return v; }
static inline uint64_t rdmsr(uint32_t m) { uint32_t lo, hi; __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(m)); return ((uint64_t)hi << 32) | lo; }
static inline void wrmsr(uint32_t m, uint64_t v) { __asm__ volatile("wrmsr" ::"c"(m), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))); }

#endif
