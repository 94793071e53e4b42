# SPDX-License-Identifier: BSD-2-Clause
# The hostile-guest fuzzer's scenarios (issue 12): fixed seeds, every mode, a checksum neighbour.
# The rule: no panic, no hang, every fuzzer partition ends its stream (or is stopped with a
# named reason), the neighbour's sums stay right.

# fuzz_expect PARTITION...: each ran its whole stream and ended by itself.
fuzz_expect() {
	local p
	for p in "$@"; do
		expect "\[$p\] fuzz: done [0-9]+ operations" "partition '$p' stopped \(debug exit, status 0x10\)"
	done
	expect "\[neighbour\] checksum: [0-9]+ rounds, all sums right" \
		"partition 'neighbour' stopped \(debug exit, status 0x10\)"
	expect_not "PANIC" "EXCEPTION" "fuzz: FAIL" "CORRUPTED" "unexpected VM exit" "VM entry failed" \
		"fuzz check failed"
}

fuzz_scenario() { # MANIFEST TIMEOUT [CMDLINE]
	local hv=$B/splitvisor.elf
	[[ -f $B/fuzz_hv/splitvisor.elf ]] && hv=$B/fuzz_hv/splitvisor.elf
	./boot/mkiso.sh "$DIR/sv.iso" "$hv" "$1" ${3:+CMDLINE=$3} "$GUESTS_DIR/fuzz.elf" "$GUESTS_DIR/checksum.elf"
	run_vmx_iso "$2" "$DIR/sv.iso" 4
}

scenario_bochs_fuzz_exitless_split_emulated_local() {
	fuzz_scenario tests/manifests/fuzz-a.toml 240
	expect_status 0
	fuzz_expect fuzz-exitless-split fuzz-emulated-local
}
