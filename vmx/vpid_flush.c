/* SPDX-License-Identifier: BSD-2-Clause */
/* Invalidating a vCPU's TLB entries by VPID on the calling core, with the INVVPID types the CPU has. */
#include "vmx/vpid_flush.h"
#include "vmx/caps.h"
#include "vmx/vmx.h"

/* IA32_VMX_EPT_VPID_CAP: the INVVPID types (SDM A.10) */
#define INVVPID_ADDR_OK (1ULL << 40)
#define INVVPID_SINGLE_OK (1ULL << 41)

enum { INVVPID_ADDR = 0, INVVPID_SINGLE = 1, INVVPID_ALL = 2 };

static void invvpid(uint64_t type, uint16_t vpid, uint64_t gla)
{
	struct invvpid_desc d = { vpid, gla };
	__asm__ volatile("invvpid %0, %1" ::"m"(d), "r"(type) : "cc", "memory");
}

void vpid_flush_all(uint16_t vpid)
{
	invvpid(vmx_caps()->ept_vpid & INVVPID_SINGLE_OK ? INVVPID_SINGLE : INVVPID_ALL, vpid, 0);
}

bool vpid_flush_range(uint16_t vpid, uint64_t start, uint64_t end)
{
	start &= ~(PAGE_SIZE - 1);
	uint64_t span = end > start ? end - start : 0;
	uint64_t pages = span > VPID_FLUSH_MAX_PAGES * PAGE_SIZE ? VPID_FLUSH_MAX_PAGES + 1 : (span + PAGE_SIZE - 1) / PAGE_SIZE;
	if (!(vmx_caps()->ept_vpid & INVVPID_ADDR_OK) || pages > VPID_FLUSH_MAX_PAGES) {
		vpid_flush_all(vpid);
		return false;
	}
	for (uint64_t i = 0; i < pages; i++)
		invvpid(INVVPID_ADDR, vpid, start + i * PAGE_SIZE);
	return true;
}
