/* SPDX-License-Identifier: BSD-2-Clause */
/* Filling struct insn_outcome: exceptions to inject, bus errors, unsupported instructions. */
#ifndef HV_INSN_OUTCOME_H
#define HV_INSN_OUTCOME_H

#include "hv/insn/insn.h"

#define INSN_VEC_UD 6
#define INSN_VEC_SS 12
#define INSN_VEC_GP 13
#define INSN_VEC_PF 14

/* An exception for the guest; returns INSN_FAULT. */
enum insn_result insn_fault(struct insn_outcome *out, uint8_t vector, bool has_error, uint32_t error);
/* #PF with error code error at linear address la; returns INSN_FAULT. */
enum insn_result insn_page_fault(struct insn_outcome *out, uint64_t la, uint32_t error);
/* An access the guest cannot make: "<size>-byte <what> at guest-physical <gpa> <why>", e.g.
 * "4-byte device read at guest-physical 0xfee00000 found no device register"; returns
 * INSN_BUS_ERROR. */
enum insn_result insn_bus_error(struct insn_outcome *out, const char *what, unsigned size, uint64_t gpa,
				const char *why);
/* An I/O port with nothing behind it; returns INSN_BUS_ERROR. */
enum insn_result insn_port_error(struct insn_outcome *out, uint16_t port, unsigned size, bool write);
/* What to tell the guest's author about instructions the emulator does not run. */
#define INSN_HINT "use MOV (or ALU, XCHG, BT, string ops) to reach device registers"

/* An instruction the emulator does not run: "<kind> instruction <bytes> at RIP <rip>: <hint>";
 * returns INSN_UNSUPPORTED. */
enum insn_result insn_unsupported(struct insn_outcome *out, const char *kind, const uint8_t *bytes,
				  unsigned len, uint64_t rip, const char *hint);

#endif
