# SPDX-License-Identifier: BSD-2-Clause
# Manifest parser: sources for the hypervisor, offline checker, unit tests, fuzzing, bench.
# Included by the root Makefile; also usable alone: make -f tests/manifest.mk TARGET

# Keep whatever default goal the including Makefile chooses.
manifest_saved_goal := $(.DEFAULT_GOAL)

CC ?= gcc
BUILD ?= build
MANIFEST_CLANG ?= clang
FUZZ_SECONDS ?= 300

# Freestanding sources the hypervisor links (fmt.c and string.c come from the root build).
# The manifest's sources are every file of hv/manifest/ but the hypervisor-only loader.
MANIFEST_SRCS := $(filter-out hv/manifest/load.c,$(wildcard hv/manifest/*.c)) hv/lib/size.c
MANIFEST_HDRS := $(wildcard hv/manifest/*.h) $(wildcard hv/lib/*.h)
MANIFEST_HOST_SRCS := $(MANIFEST_SRCS) hv/lib/fmt.c hv/lib/string.c
MANIFEST_HOST_CFLAGS := -std=c11 -DHV_HOSTED -I. -Wall -Wextra -Werror -O2 -g

.PHONY: unit-manifest fuzz-manifest-short fuzz-manifest bench-manifest

CHECK_SRCS := hv/manifest/check/splitvisor_check.c hv/manifest/check/image_check.c hv/loader/linux_params.c

$(BUILD)/splitvisor-check: $(CHECK_SRCS) hv/manifest/check/image_check.h hv/loader/linux_params.h $(MANIFEST_HOST_SRCS) $(MANIFEST_HDRS)
	@mkdir -p $(@D)
	$(CC) $(MANIFEST_HOST_CFLAGS) -o $@ $(CHECK_SRCS) $(MANIFEST_HOST_SRCS)

$(BUILD)/tests/test_manifest: tests/unit/test_manifest.c $(MANIFEST_HOST_SRCS) $(MANIFEST_HDRS)
	@mkdir -p $(@D)
	$(CC) $(MANIFEST_HOST_CFLAGS) -o $@ tests/unit/test_manifest.c $(MANIFEST_HOST_SRCS) -lcmocka

unit-manifest: $(BUILD)/tests/test_manifest
	$(BUILD)/tests/test_manifest

$(BUILD)/fuzz/fuzz_manifest: tests/fuzz/fuzz_manifest.c $(MANIFEST_HOST_SRCS) $(MANIFEST_HDRS)
	@mkdir -p $(@D)
	$(MANIFEST_CLANG) -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -DHV_HOSTED -I. -Wall -Wextra -Werror \
		-o $@ tests/fuzz/fuzz_manifest.c $(MANIFEST_HOST_SRCS)

# The shipped corpus is copied so that fuzzing never writes into the repository.
define manifest_fuzz_run
	@rm -rf $(BUILD)/fuzz/corpus_manifest && mkdir -p $(BUILD)/fuzz/corpus_manifest
	cp tests/fuzz/corpus_manifest/* docs/examples/*.toml tests/manifests/*.toml \
		$(BUILD)/fuzz/corpus_manifest/
	cd $(BUILD)/fuzz && ./fuzz_manifest -max_total_time=$(1) -max_len=65536 \
		-print_final_stats=1 corpus_manifest
endef

fuzz-manifest-short: $(BUILD)/fuzz/fuzz_manifest
	$(call manifest_fuzz_run,20)

fuzz-manifest: $(BUILD)/fuzz/fuzz_manifest
	$(call manifest_fuzz_run,$(FUZZ_SECONDS))

$(BUILD)/bench/bench_manifest: tests/bench/bench_manifest.c $(MANIFEST_HOST_SRCS) $(MANIFEST_HDRS)
	@mkdir -p $(@D)
	$(CC) $(MANIFEST_HOST_CFLAGS) -o $@ tests/bench/bench_manifest.c $(MANIFEST_HOST_SRCS)

bench-manifest: $(BUILD)/bench/bench_manifest
	$(BUILD)/bench/bench_manifest

.DEFAULT_GOAL := $(manifest_saved_goal)
