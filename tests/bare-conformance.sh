#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Conformance guests (apic, ipis, ioapic, timers, cpuidmsr) on the bare emulators, no hypervisor:
# what real hardware does, as Bochs (and QEMU TCG for the guests where it models enough) shows it.
# Every check these guests keep passes on bare Bochs; a FAIL here means the guest or the emulator
# changed. Prints PASS/FAIL per run with its time and the log's FAIL lines.
#   tests/bare-conformance.sh [RUN...]     runs: apic ipis ipis-x2apic ioapic ioapic-level timers cpuidmsr
#   EMU=bochs (default) | qemu | both      QEMU runs: TCG -cpu max, q35, SeaBIOS (no x2APIC there)
# ioapic-level ("level=1": Remote IRR, EOI broadcast, EOI register) always runs on QEMU only: bare
# Bochs models no Remote IRR. apic runs on Bochs only: QEMU TCG's local APIC departs from the SDM
# (no #GP for reserved IA32_APIC_BASE bits, SVR software disable does not mask LVTs, ESR not set
# and vector 3 delivered for an illegal-vector IPI); so does timers: QEMU's 8254 counts in mode 0
# with the gate low, its RTC never shows UIP to a polling guest, and TCG loses PIT interrupts; and
# cpuidmsr (QEMU TCG takes CR4.VME without advertising VME, and stops answering on a later CR4 bit).
# Not run here: "unmodeled=1" on apic, ipis and cpuidmsr adds the checks of what bare Bochs does not
# model (listed at the top of each guest); they come from the SDM but no emulator here validates them.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
source tests/scenarios/emulators.sh
source tests/bench_lib.sh
out=$B/conformance
mkdir -p "$out"

# run name: guest, CPUs, command line, whether QEMU TCG runs it
declare -A GUEST CPUS CMDLINE QEMU_OK
add() { GUEST[$1]=$2; CPUS[$1]=$3; CMDLINE[$1]=$4; QEMU_OK[$1]=$5; }
add apic apic 1 "" no
add ipis ipis 3 "" yes
add ipis-x2apic ipis 3 "x2apic=1" no
add ioapic ioapic 1 "" yes
add ioapic-level ioapic 1 "level=1" only
add timers timers 1 "" no
add cpuidmsr cpuidmsr 2 "" no
ALL="apic ipis ipis-x2apic ioapic ioapic-level timers cpuidmsr"

runs=${*:-$ALL}
emu=${EMU:-bochs}
for r in $runs; do
	[[ -n ${GUEST[$r]:-} ]] || { echo "unknown run $r (runs: $ALL)"; exit 2; }
done
make -s BUILD="$B" $(for r in $runs; do echo "$B/guests/${GUEST[$r]}.elf"; done | sort -u) || exit 2

# Bochs as bochs_run (tests/scenarios/emulators.sh) starts it, except ignore_bad_msrs=0: Bochs by
# default answers MSRs it does not model instead of raising #GP, which real CPUs do.
conf_bochs() { # ISO LOG CPUS
	local dir
	dir=$(dirname "$2")
	rm -f "$2"
	cat > "$dir/bochsrc" <<-EOF
	megs: 512
	cpu: model=corei7_skylake_x, count=1:$3:1, ips=50000000, reset_on_triple_fault=0, ignore_bad_msrs=0
	romimage: file=/usr/share/bochs/BIOS-bochs-latest, options=fastboot
	vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest
	ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
	ata0-master: type=cdrom, path=$1, status=inserted
	boot: cdrom
	display_library: rfb, options="timeout=0"
	panic: action=fatal
	error: action=report
	log: $dir/bochs.log
	clock: sync=none, time0=946684800
	com1: enabled=1, mode=file, dev=$2
	port_e9_hack: enabled=1
	speaker: enabled=0
	sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy
	EOF
	printf 'c\nq\n' > "$dir/bochs.rc"
	timeout 300 bochs-bin -q -f "$dir/bochsrc" -rc "$dir/bochs.rc" </dev/null >"$dir/bochs.out" 2>&1
	sed -i 's/\x1b\[[0-9;?=]*[a-zA-Z]//g; s/\r//g' "$2"
}

status=0
report() { # RUN EMU LOG SECONDS
	local r=$1 e=$2 log=$3 secs=$4 g=${GUEST[$1]} summary
	summary=$(grep -aE "^$g: [0-9]+ passed, [0-9]+ failed" "$log" | tail -1)
	if [[ $summary =~ passed,\ 0\ failed ]]; then
		printf 'PASS %-12s %-5s %4ss  %s\n' "$r" "$e" "$secs" "$summary"
	else
		status=1
		printf 'FAIL %-12s %-5s %4ss  %s\n' "$r" "$e" "$secs" "${summary:-no summary line (log: $log)}"
	fi
	grep -a -E '^FAIL ' "$log" | sed 's/^/     /'
}

for r in $runs; do
	g=${GUEST[$r]}
	d=$out/$r
	mkdir -p "$d"
	bare_guest_iso "$d/$r.iso" "$g" "${CMDLINE[$r]}" || { echo "FAIL $r: grub-mkrescue failed"; status=1; continue; }
	if [[ $emu == bochs || $emu == both ]] && [[ ${QEMU_OK[$r]} != only ]]; then
		mkdir -p "$d/bochs"
		t0=$(date +%s)
		conf_bochs "$d/$r.iso" "$d/bochs/serial.log" "${CPUS[$r]}"
		report "$r" bochs "$d/bochs/serial.log" $(($(date +%s) - t0))
	fi
	if [[ $emu == qemu || $emu == both || ${QEMU_OK[$r]} == only ]] && [[ ${QEMU_OK[$r]} != no ]]; then
		mkdir -p "$d/qemu"
		LOG=$d/qemu/serial.log
		rm -f "$LOG"
		t0=$(date +%s)
		SPLITVISOR_ACCEL=tcg timeout 300 bash -c "$(declare -f); LOG='$LOG'; qemu_iso_bios '$d/$r.iso' ${CPUS[$r]}" >/dev/null 2>&1
		sed -i 's/\x1b\[[0-9;?=]*[a-zA-Z]//g; s/\r//g' "$LOG"
		report "$r" qemu "$LOG" $(($(date +%s) - t0))
	fi
done
exit $status
