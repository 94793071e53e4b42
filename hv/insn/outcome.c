/* SPDX-License-Identifier: BSD-2-Clause */
/* Filling struct insn_outcome: exceptions to inject, bus errors, unsupported instructions. */
#include "hv/insn/outcome.h"
#include "hv/lib/fmt.h"

enum insn_result insn_fault(struct insn_outcome *out, uint8_t vector, bool has_error, uint32_t error)
{
	out->vector = vector;
	out->has_error = has_error;
	out->error = has_error ? error : 0;
	out->cr2 = 0;
	fmt_snprintf(out->why, sizeof(out->why), "exception %u (error code 0x%x) for the guest",
		     vector, (unsigned)out->error);
	return INSN_FAULT;
}

enum insn_result insn_page_fault(struct insn_outcome *out, uint64_t la, uint32_t error)
{
	insn_fault(out, INSN_VEC_PF, true, error);
	out->cr2 = la;
	fmt_snprintf(out->why, sizeof(out->why), "page fault at linear 0x%llx (error code 0x%x)",
		     (unsigned long long)la, (unsigned)error);
	return INSN_FAULT;
}

enum insn_result insn_bus_error(struct insn_outcome *out, const char *what, unsigned size, uint64_t gpa,
				const char *why)
{
	fmt_snprintf(out->why, sizeof(out->why), "%u-byte %s at guest-physical 0x%llx %s", size, what,
		     (unsigned long long)gpa, why);
	return INSN_BUS_ERROR;
}

enum insn_result insn_port_error(struct insn_outcome *out, uint16_t port, unsigned size, bool write)
{
	fmt_snprintf(out->why, sizeof(out->why), "%u-byte %s of I/O port 0x%x found nothing there", size,
		     write ? "write" : "read", (unsigned)port);
	return INSN_BUS_ERROR;
}

enum insn_result insn_unsupported(struct insn_outcome *out, const char *kind, const uint8_t *bytes,
				  unsigned len, uint64_t rip, const char *hint)
{
	char hex[3 * INSN_MAX_LEN + 1];
	static const char digits[] = "0123456789abcdef";
	unsigned n = 0;
	for (unsigned i = 0; i < len && i < INSN_MAX_LEN; i++) {
		if (i)
			hex[n++] = ' ';
		hex[n++] = digits[bytes[i] >> 4];
		hex[n++] = digits[bytes[i] & 15];
	}
	hex[n] = '\0';
	fmt_snprintf(out->why, sizeof(out->why), "%s instruction %s at RIP 0x%llx: %s", kind, hex,
		     (unsigned long long)rip, hint);
	return INSN_UNSUPPORTED;
}
