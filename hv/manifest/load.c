/* SPDX-License-Identifier: BSD-2-Clause */
/* Loads the boot manifest in the hypervisor: parse, validate, report, plan. */
#include "hv/manifest/load.h"
#include "boot/boot_info.h"
#include "hv/console.h"
#include "hv/mm/frame.h"
#include "hv/manifest/manifest.h"
#include "hv/percpu.h"

/* memory the hypervisor keeps for itself (stacks, tables, VMCS, device models) */
#define HV_RESERVED_MEMORY MiB(32)

static struct manifest manifest;
static struct manifest_diags diags;
static struct manifest_plan plan;

const struct manifest *manifest_active(void) { return &manifest; }
const struct manifest_plan *manifest_active_plan(void) { return &plan; }

static bool module_exists(void *ctx, const char *name)
{
	return bi_find_module(ctx, name) != 0;
}

static void print_diags(void)
{
	manifest_diags_sort(&diags);
	for (uint32_t i = 0; i < diags.count; i++) {
		char line[320];
		manifest_diag_format(&diags, i, line, sizeof(line));
		log_printf(diags.d[i].warning ? LOG_WARN : LOG_ERROR, "%s\n", line);
	}
}

/* Checks the hypervisor can keep its promises: the boot CPU serves, used cores are online. */
static int check_runtime(uint32_t boot_cpu)
{
	int errors = 0;
	if (plan.role[boot_cpu] != MANIFEST_ROLE_HV) {
		hv_err("%s: error: CPU %u is the boot CPU and must be a hypervisor core; "
		       "add %u to [hypervisor] cores\n", diags.file, boot_cpu, boot_cpu);
		errors++;
	}
	for (uint32_t i = 0; i < plan.ncpus && i < percpu_count(); i++) {
		if (plan.role[i] != MANIFEST_ROLE_UNUSED && !percpu_of(i)->online) {
			hv_err("%s: error: CPU %u is in the plan but did not come online at boot; "
			       "remove it from the manifest or check the firmware's CPU settings\n", diags.file, i);
			errors++;
		}
	}
	return errors;
}

static bool load_text(const struct boot_info *bi, const struct manifest_machine *mach)
{
	const struct bi_module *mod = &bi->mods[bi->manifest_module];
	manifest_diags_init(&diags, bi->manifest_name);
	hv_info("manifest: %s (%llu bytes)\n", bi->manifest_name, (unsigned long long)mod->len);
	int errors = manifest_parse((const char *)(uintptr_t)mod->base, mod->len, &manifest, &diags);
	errors += manifest_validate(&manifest, mach, &diags); /* report everything at once */
	print_diags();
	if (errors) {
		hv_err("manifest: %u error(s) in %s; no partition was started. Fix them (splitvisor-check "
		       "finds the same errors offline) and boot again.\n", diags.errors, bi->manifest_name);
		return false;
	}
	return true;
}

bool manifest_load(const struct boot_info *bi, uint32_t boot_cpu)
{
	struct manifest_machine mach = {
		.ncpus = percpu_count(),
		.memory_bytes = frame_free_bytes() > HV_RESERVED_MEMORY ? frame_free_bytes() - HV_RESERVED_MEMORY : 0,
		.image_exists = module_exists,
		.ctx = (void *)bi,
	};
	if (bi->manifest_module >= 0) {
		if (!load_text(bi, &mach))
			return false;
	} else {
		hv_info("manifest: %s not found (%s); using the default plan: CPU 0 is the hypervisor "
			"core, every other CPU is a guest core, no partitions\n", bi->manifest_name,
			bi->manifest_error[0] ? bi->manifest_error : "no module of that name");
		manifest_diags_init(&diags, "(default)");
		manifest_default(&manifest);
	}
	if (manifest_plan(&manifest, &mach, &plan) != 0) {
		hv_err("manifest: the plan does not fit this machine (%u CPUs, %llu MiB for partitions)\n",
		       mach.ncpus, (unsigned long long)(mach.memory_bytes >> 20));
		return false;
	}
	return check_runtime(boot_cpu) == 0;
}
