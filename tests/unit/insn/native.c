/* SPDX-License-Identifier: BSD-2-Clause */
/* Runs one instruction on the host CPU between a prologue and an epilogue in an executable page. */
#include <asm/prctl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tests/unit/insn/harness.h"

extern const uint8_t native_prologue[], native_prologue_end[];
extern const uint8_t native_epilogue[], native_epilogue_end[];

static uint8_t *region;  /* one code page, then the data */
static sigjmp_buf fault_jump;
static uint64_t fs_base, gs_base;

static void on_fault(int sig)
{
	siglongjmp(fault_jump, sig);
}

void native_init(void)
{
	if (region)
		return;
	region = mmap(NULL, 4096 + NATIVE_DATA_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (region == MAP_FAILED) {
		perror("mmap");
		abort();
	}
	syscall(SYS_arch_prctl, ARCH_GET_FS, &fs_base);
	syscall(SYS_arch_prctl, ARCH_GET_GS, &gs_base);
}

uint8_t *native_data(void)
{
	return region + 4096;
}

uint64_t native_insn_address(void)
{
	return (uint64_t)(uintptr_t)region + (uint64_t)(native_prologue_end - native_prologue);
}

uint64_t native_fs_base(void)
{
	return fs_base;
}

uint64_t native_gs_base(void)
{
	return gs_base;
}

bool native_run(const uint8_t *insn, unsigned len, struct native_state *s)
{
	size_t pro = (size_t)(native_prologue_end - native_prologue);
	size_t epi = (size_t)(native_epilogue_end - native_epilogue);
	struct sigaction sa, old[4];
	static const int sigs[4] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
	memcpy(region, native_prologue, pro);
	memcpy(region + pro, insn, len);
	memcpy(region + pro + len, native_epilogue, epi);
	__builtin___clear_cache((char *)region, (char *)region + pro + len + epi);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sa.sa_flags = SA_NODEFER;
	for (int i = 0; i < 4; i++)
		sigaction(sigs[i], &sa, &old[i]);
	volatile bool ok = true;
	if (sigsetjmp(fault_jump, 1) == 0)
		((void (*)(struct native_state *))(void *)region)(s);
	else
		ok = false;
	for (int i = 0; i < 4; i++)
		sigaction(sigs[i], &old[i], NULL);
	return ok;
}
