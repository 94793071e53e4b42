/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: parse, validate and plan arbitrary bytes as a manifest. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hv/manifest/manifest.h"

static bool fuzz_image_exists(void *ctx, const char *name)
{
	(void)ctx;
	return strlen(name) % 3 != 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct manifest m;
	static struct manifest_diags d;
	static struct manifest_plan plan;
	static const char *names[64];
	char line[512];
	/* The first byte picks the machine, so that both fitting and
	 * non-fitting CPU counts are explored. */
	uint32_t ncpus = size ? (uint32_t)data[0] + 1 : 4;
	struct manifest_machine mach = { ncpus, (uint64_t)ncpus << 26, fuzz_image_exists, NULL };
	manifest_diags_init(&d, "fuzz.toml");
	int errors = manifest_parse((const char *)data, size, &m, &d);
	errors += manifest_validate(&m, &mach, &d);
	manifest_diags_sort(&d);
	for (uint32_t i = 0; i < d.count; i++)
		manifest_diag_format(&d, i, line, sizeof(line));
	int rc = manifest_plan(&m, &mach, &plan);
	if (errors == 0 && rc != 0)
		__builtin_trap(); /* a manifest that validates must have a plan */
	manifest_images(&m, names, 64);
	return 0;
}
