# SPDX-License-Identifier: BSD-2-Clause
# Scenario helpers: build media, run an emulator with a timeout, assert on the console and status.

B=${BUILD:-build}
FAILS=()

fail() { FAILS+=("$*"); }

# Console text without ANSI escapes or carriage returns.
console() { sed 's/\x1b\[[0-9;?=]*[a-zA-Z]//g; s/\r//g' "$LOG" 2>/dev/null; }

expect() { # REGEX...: each must appear on the console
	local re
	for re in "$@"; do
		console | grep -Eq -- "$re" || fail "console lacks /$re/"
	done
}

expect_not() { # REGEX...: none may appear
	local re
	for re in "$@"; do
		console | grep -Eq -- "$re" && fail "console has unexpected /$re/"
	done
	return 0
}

expect_count() { # REGEX MIN: at least MIN lines match
	local n
	n=$(console | grep -Ec -- "$1")
	(( n >= $2 )) || fail "console has $n lines matching /$1/, expected at least $2"
}

expect_status() { # CODE
	[[ $STATUS == "$1" ]] || fail "exit status $STATUS, expected $1"
}

# run TIMEOUT COMMAND...: runs an emulator, records its exit status in STATUS.
run() {
	local t=$1
	shift
	timeout --kill-after=5 "$t" bash -c "$(declare -f); LOG='$LOG'; $*"
	STATUS=$?
	[[ $STATUS == 124 || $STATUS == 137 ]] && fail "timed out after ${t}s"
	return 0
}

# An ESP folder for QEMU's vvfat: EFI/BOOT/BOOTX64.EFI, manifest, images.
media_esp() { # DIR EFI MANIFEST|- IMAGES...
	local dir=$1 efi=$2 manifest=$3
	shift 3
	rm -rf "$dir"
	mkdir -p "$dir/EFI/BOOT"
	cp "$efi" "$dir/EFI/BOOT/BOOTX64.EFI"
	[[ $manifest == - ]] || cp "$manifest" "$dir/EFI/BOOT/splitvisor.toml"
	[[ $# -gt 0 ]] && cp "$@" "$dir/EFI/BOOT/"
	return 0
}

# What every good boot prints (issue: CPUs found, role table, self-test).
expect_good_boot() { # NCPUS
	expect "cpus: $1 found in the" "cpus: $1 of $1 online" "core plan:" \
		"CPU +APIC ID +role" "splitvisor: ready"
	if (( $1 > 1 )); then
		expect "mailbox self-test passed" "mailbox round trip: min [0-9]+ median [0-9]+ max [0-9]+ ticks"
	fi
	expect_not "PANIC" "EXCEPTION"
}

# The default manifest's partition under QEMU: TCG has no VT-x, so splitvisor must refuse
# to start it with a message and a failure status; under nested KVM the guest runs.
expect_demo_partition_qemu() {
	if kvm_usable && [[ ${SPLITVISOR_ACCEL:-auto} != tcg ]]; then
		expect_status 33
		expect "\\[demo\\] hello from the splitvisor test guest" "shutdown, status success"
	else
		expect_status 35
		expect "vmx: this CPU has no VT-x" "vmx: no partition can run on this machine" \
			"shutdown, status failure"
		expect_not "\\[demo\\]"
	fi
}

# The VT-x scenarios: nested QEMU/KVM where the host has it, else Bochs. QEMU's
# isa-debug-exit statuses are mapped to Bochs' (33 -> 0 success, 35 -> 1 failure).
run_vmx_iso() { # TIMEOUT ISO NCPUS
	if kvm_usable && [[ ${SPLITVISOR_ACCEL:-auto} != tcg ]]; then
		run "$1" qemu_iso_bios "$2" "$3"
		case $STATUS in 33) STATUS=0 ;; 35) STATUS=1 ;; esac
	else
		run "$1" bochs_run bios cdrom "$2" "$3"
	fi
}
