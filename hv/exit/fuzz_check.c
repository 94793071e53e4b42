/* SPDX-License-Identifier: BSD-2-Clause */
/* Consistency checks of a fuzz build (HV_FUZZ_CHECKS): placeholder until the checks land. */
#include "hv/exit/fuzz_check.h"
#ifdef HV_FUZZ_CHECKS
void fuzz_check_entry(struct vcpu *v) { (void)v; }
#endif
