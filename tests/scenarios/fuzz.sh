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

fuzz_scenario() { # MANIFEST TIMEOUT [CMDLINE] [CPUS]
	local hv=$B/splitvisor.elf
	[[ -f $B/fuzz_hv/splitvisor.elf ]] && hv=$B/fuzz_hv/splitvisor.elf
	./boot/mkiso.sh "$DIR/sv.iso" "$hv" "$1" ${3:+CMDLINE=$3} "$GUESTS_DIR/fuzz.elf" "$GUESTS_DIR/checksum.elf"
	run_vmx_iso "$2" "$DIR/sv.iso" "${4:-4}"
}

scenario_bochs_fuzz_exitless_split_emulated_local() {
	fuzz_scenario tests/manifests/fuzz-a.toml 240
	expect_status 0
	fuzz_expect fuzz-exitless-split fuzz-emulated-local
}

scenario_bochs_fuzz_exitless_local_emulated_split() {
	fuzz_scenario tests/manifests/fuzz-b.toml 240
	expect_status 0
	fuzz_expect fuzz-exitless-local fuzz-emulated-split
	expect 'stat \{"partition":"fuzz-emulated-split","exits":"split","vcpu":0,"reason":48,"name":"EPT violation"'
}

# The wide streams (campaigns use them): HLT with interrupts on, PAUSE loops, INITs of itself.
scenario_bochs_fuzz_wide() {
	fuzz_scenario tests/manifests/fuzz-wide.toml 240
	expect_status 0
	fuzz_expect fuzz-wide-emulated fuzz-wide-exitless
	expect "\[fuzz-wide-emulated\] .*fuzz: kind halt [1-9][0-9]* ops" \
		'stat \{"partition":"fuzz-wide-emulated","exits":"split","vcpu":0,"reason":12,"name":"HLT"'
}

# Shared cores under attack: two fuzzers time-sliced on one core, scheduler and Shoot4U included.
scenario_bochs_fuzz_shared() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/fuzz-shared.toml \
		"$GUESTS_DIR/fuzz.elf" "$GUESTS_DIR/checksum.elf"
	run_vmx_iso 300 "$DIR/sv.iso" 3
	expect_status 0
	fuzz_expect fuzz-shared-split fuzz-shared-local
}

# Random instruction bytes and odd sizes on the device pages: the hypervisor may stop the
# partition, but only with a named reason (an unsupported instruction, an access it refuses,
# the read beyond memory at the end), never "unexpected" or a failed VM entry.
scenario_bochs_fuzz_raw_bytes() {
	fuzz_scenario tests/manifests/fuzz-raw.toml 240
	expect_status 1 # the fuzzers end by a fault stop
	local p
	for p in fuzz-raw-emulated fuzz-raw-exitless; do
		expect "\[$p\] fuzz: seed [56], 40000 operations" \
			"partition '$p' stopped \(fault, status 0x[0-9a-f]+\): [A-Za-z]"
	done
	expect "\[neighbour\] checksum: [0-9]+ rounds, all sums right"
	expect_not "PANIC" "EXCEPTION" "fuzz: FAIL" "CORRUPTED" "unexpected VM exit" "VM entry failed" \
		"fuzz check failed"
}


# Found by the campaign (seed 6006, exitless, split exits, operation 39449): a random instruction
# wrote an IOAPIC redirection entry with delivery mode INIT, the pin fired, and the partition's
# only vCPU then waited for a STARTUP IPI that nobody would send: the partition hung. The BSP does
# not wait for one (SDM 8.4.1): it starts at the reset vector F000:FFF0. Here an INIT of itself at
# operation 300 (init_at=300), in both interrupt modes, comes back through the fuzzer's own reset
# code and the stream goes on; without that code (noresume=1) the loader's reset code, which every
# partition gets at 0xFFFF0, resets the partition: a named stop. The whole stream: 
#   tests/fuzz_guest.sh --replay exitless-split 6006 40000
scenario_bochs_fuzz_init_self() {
	{ printf '[hypervisor]\ncores = [0]\n'
	  printf '[[partition]]\nname = "init-exitless"\ncores = [1]\nmemory = "16M"\nkernel = "fuzz.elf"\nexits = "split"\ninterrupts = "exitless"\ncmdline = "seed=11 ops=2000 init_at=300 fast=1 wide=1"\n'
	  printf '[[partition]]\nname = "init-emulated"\ncores = [2]\nmemory = "16M"\nkernel = "fuzz.elf"\nexits = "local"\ninterrupts = "emulated"\ncmdline = "seed=12 ops=2000 init_at=300 xapic=1 fast=1 wide=1"\n'
	  printf '[[partition]]\nname = "init-reset"\ncores = [3]\nmemory = "16M"\nkernel = "fuzz.elf"\nexits = "local"\ninterrupts = "exitless"\ncmdline = "seed=13 ops=2000 init_at=300 noresume=1 fast=1"\n'
	  printf '[[partition]]\nname = "init-no-bsp"\ncores = [4]\nmemory = "16M"\nkernel = "fuzz.elf"\nexits = "split"\ninterrupts = "emulated"\ncmdline = "seed=14 ops=2000 init_at=300 nobsp=1 xapic=1 fast=1"\n'
	} > "$DIR/init.toml"
	fuzz_scenario "$DIR/init.toml" 200 "" 5
	expect_status 1 # init-reset ends with a reset
	local p
	for p in init-exitless init-emulated; do
		expect "\[$p\] .*fuzz: op 300: an INIT restarted this vCPU at the reset vector; going on" \
			"\[$p\] fuzz: done 2000 operations" "INITs survived [1-9]" \
			"partition '$p' stopped \(debug exit, status 0x10\)"
	done
	expect "partition 'init-reset' stopped \(reset, status 0x6\): the guest reset itself \(0x6 written to port 0xcf9\)" \
		"partition 'init-no-bsp' stopped \(fault, status 0x0\): every vCPU waits for a STARTUP IPI after an INIT, so none can send one \(vCPU 0 had cleared the BSP flag"
	expect_not "\[init-reset\] fuzz: done" "\[init-no-bsp\] fuzz: done" "PANIC" "EXCEPTION" "fuzz: FAIL" "unexpected VM exit" "VM entry failed" \
		"fuzz check failed"
}

# Found by the campaign (seed 10006, wide, exitless, split exits): operation 9585 INITs the fuzzer
# itself while a virtual NMI it had sent was still pending; the NMI was injected right after the
# INIT, before the fuzzer had an IDT again, and it triple-faulted. An INIT now drops a pending NMI
# (as KVM does), and the fuzzer's way back from the reset vector takes NMIs. Replays the stream.
scenario_bochs_fuzz_init_nmi() {
	printf '[hypervisor]\ncores = [0]\n[[partition]]\nname = "fuzz"\ncores = [1]\nmemory = "16M"\nkernel = "fuzz.elf"\nexits = "split"\ninterrupts = "exitless"\ncmdline = "seed=10006 ops=9600 progress=1000 wide=1"\n' > "$DIR/nmi.toml"
	fuzz_scenario "$DIR/nmi.toml" 300
	expect_status 0
	expect "\[fuzz\] .*fuzz: op 9585: an INIT restarted this vCPU at the reset vector; going on" \
		"\[fuzz\] fuzz: done 9600 operations" "partition 'fuzz' stopped \(debug exit, status 0x10\)"
	expect_not "PANIC" "EXCEPTION" "fuzz: FAIL" "stopped \\(fault" "fuzz check failed"
}

# The fuzz build's checks can fail: the fuzzer asks for a failed check (selftest=1) and the
# hypervisor must panic on that guest core, naming the check, the partition, the seed and the
# operation, stop every other core and end the run (it once hung: the hypervisor core was parked
# holding the console lock, and the next line of the panic waited for it forever).
scenario_bochs_fuzz_check_fires() {
	printf '[hypervisor]\ncores = [0]\n[[partition]]\nname = "fuzz"\ncores = [1]\nmemory = "16M"\nkernel = "fuzz.elf"\ncmdline = "seed=7 ops=3000 selftest=1"\n' > "$DIR/selftest.toml"
	fuzz_scenario "$DIR/selftest.toml" 150
	expect_status 1
	expect "PANIC on CPU 1" \
		"fuzz check failed: selftest-asked-for-by-the-fuzzer \(0x[0-9a-f]+, 0x0\) in partition 'fuzz' vCPU 0; fuzz seed 7, operation 10[0-9][0-9]" \
		"panic: 3 of 3 other cores stopped" "shutdown, status failure"
	expect_not "fuzz: done"
}

# Found by the campaign (seed 5021, exitless, local exits): at operation 3878 a CR8 write lowered
# the TPR below a timer that had been armed at its shortest period; in exitless mode the guest
# owns that timer, and each interrupt came as soon as the last handler returned, so the fuzzer
# never left its interrupt window (a guest livelock: the hypervisor's watchdog exits went on, the
# stream did not). The handler now calms a storm itself. Replays the stream past that operation.
scenario_bochs_fuzz_storm_calmed_in_handler() {
	printf '[hypervisor]\ncores = [0]\n[[partition]]\nname = "fuzz"\ncores = [1]\nmemory = "16M"\nkernel = "fuzz.elf"\nexits = "local"\ninterrupts = "exitless"\ncmdline = "seed=5021 ops=4000 fast=1"\n' > "$DIR/storm.toml"
	fuzz_scenario "$DIR/storm.toml" 150
	expect_status 0
	expect "\[fuzz\] fuzz: done 4000 operations" "\[fuzz\] fuzz: interrupts [0-9]+ \(NMIs [0-9]+\), storms calmed [1-9]" \
		"partition 'fuzz' stopped \(debug exit, status 0x10\)"
	expect_not "PANIC" "EXCEPTION" "fuzz: FAIL" "fuzz check failed"
}
