#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make fuzz-guest: runs the hostile-guest fuzzer (tests/guests/fuzz.c) in Bochs for about
# SECONDS with fresh seeds (or from SEED on), each run six fuzzer partitions (exitless and
# emulated APIC, split and local exits) beside a checksum neighbour, on the fuzz build of the
# hypervisor (make fuzz-hv). Prints operations per second per mode, the exit reasons and the
# instructions (Bochs: TSC ticks) per exit; on a failure the seed, the last operation index
# reached and a one-line replay command.
#   tests/fuzz_guest.sh SECONDS [SEED] [OPS]        a campaign (OPS per partition and run; the
#       streams are the wide ones, wide=1; FUZZ_ARGS: more fuzzer arguments for every
#       partition, e.g. "fast=1" or "raw=1"; FUZZ_HV_CMDLINE: the hypervisor's command line,
#       e.g. "apicv=off" for emulated APICs that inject through interrupt windows)
#   tests/fuzz_guest.sh --replay MODE SEED OPS [SHOW] [EXTRA]   one partition; SHOW: print
#       every operation from that index on; MODE: exitless-split exitless-local emulated-split
#       emulated-local; EXTRA: more fuzzer arguments (e.g. raw=1)
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
OUT=$B/fuzz-guest
mkdir -p "$OUT"
source tests/scenarios/emulators.sh
HV=$B/fuzz_hv/splitvisor.elf
[[ -f $HV ]] || HV=$B/splitvisor.elf
MODES=(exitless-split exitless-local emulated-split emulated-local shared-split shared-local)
CORE=(1 2 3 4 5 5) # the shared modes share a core

partition_toml() { # NAME CORE MODE CMDLINE
	local exits=${3#*-} ints=${3%-*}
	printf '[[partition]]\nname = "%s"\ncores = [%s]\nmemory = "16M"\nkernel = "fuzz.elf"\n' "$1" "$2"
	if [[ $ints == shared ]]; then # time-sliced with the other shared mode on one core (one vCPU:
		printf 'mode = "shared"\n' # a second would be started at random vectors by random SIPIs)
		ints=emulated
	fi
	printf 'exits = "%s"\ninterrupts = "%s"\ncmdline = "%s"\n\n' "$exits" "$ints" "$4"
}

neighbour_toml() { # CORE ROUNDS
	printf '[[partition]]\nname = "neighbour"\ncores = [%s]\nmemory = "16M"\nkernel = "checksum.elf"\n' "$1"
	printf 'exits = "local"\ncmdline = "words=262144 rounds=%s"\n\n' "$2"
}

run_bochs() { # DIR MANIFEST CPUS TIMEOUT
	./boot/mkiso.sh "$1/sv.iso" "$HV" "$2" ${FUZZ_HV_CMDLINE:+CMDLINE=$FUZZ_HV_CMDLINE} \
		"$B/guests/fuzz.elf" "$B/guests/checksum.elf" || return 1
	LOG=$1/serial.log
	rm -f "$LOG"
	timeout -s INT --kill-after=20 "$4" bash -c "$(declare -f bochs_run); LOG='$LOG'; bochs_run bios cdrom '$1/sv.iso' $3"
}

# How each fuzzer partition ends: emulated-local ends with a triple fault (triple=1: the exit
# the stream itself cannot make), the others with the debug exit.
TRIPLE_MODE=emulated-local
ending() { # MODE: the stop message's start, a regular expression
	if [[ $1 == "$TRIPLE_MODE" ]]; then echo "(fault, status 0x0): triple fault"; else echo "(debug exit, status 0x10)"; fi
}
triple_arg() { [[ $1 == "$TRIPLE_MODE" ]] && echo " triple=1"; }

xapic_arg() { [[ $1 == emulated-* || $1 == shared-* ]] && echo " xapic=1"; }

replay() { # MODE SEED OPS [SHOW] [EXTRA]
	local dir=$OUT/replay
	mkdir -p "$dir"
	{ printf '[hypervisor]\ncores = [0]\n\n'
	  partition_toml "fuzz-$1" 1 "$1" "seed=$2 ops=$3 progress=${PROGRESS:-1000}${4:+ show=$4}$(xapic_arg "$1")${5:+ $5}"; } > "$dir/replay.toml"
	run_bochs "$dir" "$dir/replay.toml" 2 600
	grep -a -v '^phase ' "$dir/serial.log" | sed -n '/^partition .fuzz-/,$p'
}

# ---- campaign ----
declare -A ops_mode ticks_mode
declare -A exits_n exits_ticks exits_remote exits_hv
declare -A table_name cover_r cover_w cover_dev
total_ops=0 runs=0 failures=0 wall=0

# The fuzzer's and the hypervisor's lines of one run: totals, and a verdict per partition.
account() { # DIR SEED0 OPS
	local log=$1/serial.log k mode seed n t
	for k in "${!MODES[@]}"; do
		mode=${MODES[$k]} seed=$(( $2 + k ))
		if grep -aq "partition 'fuzz-$mode' stopped $(ending "$mode")" "$log"; then
			read -r n t < <(grep -a "^\[fuzz-$mode\] fuzz: done" "$log" | sed -E 's/.*done ([0-9]+) operations in ([0-9]+) PM-timer.*/\1 \2/')
			ops_mode[$mode]=$(( ${ops_mode[$mode]:-0} + n ))
			ticks_mode[$mode]=$(( ${ticks_mode[$mode]:-0} + t ))
			total_ops=$(( total_ops + n ))
		else
			failures=$(( failures + 1 ))
			local last
			last=$(grep -a "^\[fuzz-$mode\] fuzz: [0-9]* operations" "$log" | tail -n 1 | sed -E 's/.*fuzz: ([0-9]+).*/\1/')
			echo "FAIL fuzz-$mode seed $seed: $(grep -a "partition 'fuzz-$mode' stopped\|PANIC\|fuzz check" "$log" | head -n 2 | tr '\n' ' ')"
			echo "     last progress line: ${last:-0} operations; replay: tests/fuzz_guest.sh --replay $mode $seed $3 ${last:-0} wide=1"
			cp "$log" "$OUT/failed-seed$seed.log"
		fi
	done
	grep -aq 'checksum: [0-9]* rounds, all sums right' "$log" || { failures=$((failures + 1)); echo "FAIL neighbour: $(grep -a 'checksum:' "$log" | tail -n 1)"; }
	local r name n rem t h
	while IFS='|' read -r r name n rem t h; do
		exits_n[$r $name]=$(( ${exits_n[$r $name]:-0} + n ))
		exits_remote[$r $name]=$(( ${exits_remote[$r $name]:-0} + rem ))
		exits_ticks[$r $name]=$(( ${exits_ticks[$r $name]:-0} + t ))
		exits_hv[$r $name]=$(( ${exits_hv[$r $name]:-0} + h ))
	done < <(grep -a '^stat {"partition":"fuzz-' "$log" | sed -E 's/.*"reason":([0-9]+),"name":"([^"]*)","count":([0-9]+),"on_hv_core":([0-9]+),"guest_core_ticks":([0-9]+),"hv_core_ticks":([0-9]+).*/\1|\2|\3|\4|\5|\6/')
	account_coverage "$log"
}

# The fuzz build's coverage lines: the handler table's reasons and every device register's
# reads and writes, summed over the fuzzer partitions.
account_coverage() { # LOG
	local item dev reg r w
	while IFS= read -r item; do
		table_name[${item%%=*}]=${item#*=}
	done < <(grep -a '^exit_table {"partition":"fuzz-' "$1" | sed -E 's/.*"reasons":"([^"]*)".*/\1/' | tr ';' '\n')
	while IFS='|' read -r dev reg r w; do
		cover_dev["$dev|$reg"]=1
		cover_r["$dev|$reg"]=$(( ${cover_r["$dev|$reg"]:-0} + r ))
		cover_w["$dev|$reg"]=$(( ${cover_w["$dev|$reg"]:-0} + w ))
	done < <(grep -a '^cover {"partition":"fuzz-' "$1" | sed -E 's/.*"device":"([^"]*)","reg":"([^"]*)","reads":([0-9]+),"writes":([0-9]+).*/\1|\2|\3|\4/')
}

# Why a reason of the handler table is out of a guest's reach (or the stream's).
unreachable_why() { # NAME
	case $1 in
	"external interrupt") echo "host interrupts only; guests' interrupts are virtual" ;;
	"INIT signal"|"startup IPI") echo "physical INIT/SIPI only; guests' are virtual" ;;
	"task switch") echo "needs legacy protected mode, the fuzzer runs in long mode; not emulated, a named stop: bochs_fault_stop_and_restart" ;;
	"VM entry: invalid guest state"|"VM entry: MSR loading") echo "VM-entry failures: a hypervisor bug, never a guest's" ;;
	"VM entry: machine check") echo "hardware errors" ;;
	"EPT misconfiguration") echo "the hypervisor's own EPT entries; the fuzz build checks them" ;;
	"MWAIT"|"MONITOR") echo "not intercepted (the class is none)" ;;
	"WBINVD") echo "WBINVD exiting is off: the guest's WBINVD runs natively" ;;
	"GETSEC") echo "#UD before any exit: SMX is not offered, so CR4.SMXE stays clear" ;;
	"VMFUNC") echo "#UD: VM functions are not enabled" ;;
	"ENCLS") echo "#UD: SGX is not offered and ENCLS exiting is off" ;;
	"interrupt window") echo "reachable with FUZZ_HV_CMDLINE=apicv=off only: APICv delivers without windows" ;;
	"virtualized EOI"|"APIC write") echo "reachable with APICv only (this campaign ran with '${FUZZ_HV_CMDLINE:-}')" ;;
	*) echo "REACHABLE: the campaign should hit it" ;;
	esac
}

report_coverage() {
	local r n key reached=0 regs=0
	for r in $(printf '%s\n' "${!table_name[@]}" | sort -n); do
		n=0
		for key in "${!exits_n[@]}"; do [[ ${key%% *} == "$r" ]] && n=$(( n + exits_n[$key] )); done
		(( n > 0 )) || echo "    never hit: $r ${table_name[$r]} ($(unreachable_why "${table_name[$r]}"))"
	done > "$OUT/never.txt"
	echo "exit reasons of the handler table hit: $(( ${#table_name[@]} - $(wc -l < "$OUT/never.txt") )) of ${#table_name[@]}"
	cat "$OUT/never.txt"
	echo "device registers (reads, writes; summed over the fuzzer partitions; the xAPIC and the IOAPIC by MMIO, x2APIC by MSR):"
	for key in "${!cover_dev[@]}"; do
		printf '  %-38s %-10s %12d %12d\n' "${key%%|*}" "${key#*|}" "${cover_r[$key]}" "${cover_w[$key]}"
	done | sort
	for key in "${!cover_dev[@]}"; do
		regs=$((regs + 1))
		(( cover_r[$key] + cover_w[$key] > 0 )) && reached=$((reached + 1))
	done
	echo "device registers reached: $reached of $regs"
	for key in "${!cover_dev[@]}"; do
		(( cover_r[$key] + cover_w[$key] == 0 )) && echo "    never reached: ${key/|/ }"
	done | sort
	return 0
}

report() {
	local mode hz=3579545
	echo
	echo "fuzz-guest: hypervisor command line: '${FUZZ_HV_CMDLINE:-}'"
	echo "fuzz-guest: $runs runs, $total_ops operations in ${wall}s of wall time ($(( total_ops / (wall > 0 ? wall : 1) )) ops/s, six fuzzer partitions at once), $failures failures"
	echo "operations per second of guest time (ACPI PM timer; Bochs' clock counts instructions):"
	for mode in "${MODES[@]}"; do
		local n=${ops_mode[$mode]:-0} t=${ticks_mode[$mode]:-0}
		(( t > 0 )) && printf '  %-16s %10d ops  %8d ops/s\n' "$mode" "$n" $(( n * hz / t ))
	done
	echo "exit reasons hit by the fuzzer partitions (ticks: Bochs TSC = instructions; guest core: exit to"
	echo "re-entry; HV core: the handler there, split exits only):"
	printf '  %3s %-24s %12s %12s %14s %12s\n' reason name exits "on HV core" "guest core/exit" "HV core/exit"
	local key
	for key in "${!exits_n[@]}"; do
		printf '  %3s %-24s %12d %12d %14d %12d\n' ${key%% *} "${key#* }" "${exits_n[$key]}" "${exits_remote[$key]}" \
			$(( exits_ticks[$key] / exits_n[$key] )) $(( exits_hv[$key] / (exits_remote[$key] > 0 ? exits_remote[$key] : 1) ))
	done | sort -n
	report_coverage
}

campaign() { # SECONDS SEED OPS
	local end=$(( SECONDS + $1 )) seed=$2 dir=$OUT/run
	mkdir -p "$dir"
	while (( SECONDS < end )); do
		{ printf '[hypervisor]\ncores = [0]\n\n'
		  local k
		  for k in "${!MODES[@]}"; do
			partition_toml "fuzz-${MODES[$k]}" "${CORE[$k]}" "${MODES[$k]}" \
				"seed=$(( seed + k )) ops=$3 progress=$(( $3 / 10 ))$(xapic_arg "${MODES[$k]}")$(triple_arg "${MODES[$k]}") wide=1${FUZZ_ARGS:+ $FUZZ_ARGS}"
		  done
		  neighbour_toml 6 "$(( $3 / 2000 + 10 ))"; } > "$dir/campaign.toml"
		echo "fuzz-guest: run $((runs + 1)): seeds $seed-$(( seed + ${#MODES[@]} - 1 )), $3 operations each"
		local t0=$SECONDS
		run_bochs "$dir" "$dir/campaign.toml" 7 $(( $3 / 100 + 300 ))
		echo "   (exit status $?, $(( SECONDS - t0 ))s)"
		wall=$(( wall + SECONDS - t0 ))
		runs=$((runs + 1))
		account "$dir" "$seed" "$3"
		seed=$(( seed + ${#MODES[@]} ))
	done
	report
	(( failures == 0 ))
}

if [[ ${1:-} == --replay ]]; then
	shift
	replay "$@"
	exit
fi
seconds=${1:-300}
seed=${2:-}
[[ -n $seed ]] || seed=$(( $(date +%s) % 100000 * 4 ))
campaign "$seconds" "$seed" "${3:-${FUZZ_OPS:-100000}}"
