#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make bench: boot time to "ready" and mailbox round trips (QEMU TCG, Bochs), manifest
# parse time and parser size. Prints tables; asserts nothing.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
tests/deps.sh || exit 1
make -s -j2 all guests >/dev/null || exit 1
source tests/scenarios/emulators.sh
source tests/scenarios/lib.sh
mkdir -p "$B/bench"
RUNS=${BENCH_RUNS:-3}

# Seconds from emulator start until the console says "splitvisor: ready".
time_to_ready() { # LOGFILE CMD...
	local log=$1 t0 t
	shift
	t0=$(date +%s.%N)
	( LOG=$log; "$@" >/dev/null 2>&1 ) &
	local pid=$!
	while kill -0 $pid 2>/dev/null; do
		grep -q "splitvisor: ready" "$log" 2>/dev/null && break
		sleep 0.05
	done
	t=$(date +%s.%N)
	wait $pid 2>/dev/null
	echo "$t - $t0" | bc -l | xargs printf '%.2f'
}

mailbox_line() { # LOG -> "min median max"
	sed -n 's/.*mailbox round trip: min \([0-9]*\) median \([0-9]*\) max \([0-9]*\) ticks.*/\1 \2 \3/p' "$1" | tail -n 1
}

echo "splitvisor boot benchmark (wall-clock seconds on this host; emulated, so only a relative figure)"
printf '%-34s %8s %8s %8s  %s\n' "boot path" "run" "ready s" "" "mailbox round trip min/median/max (TSC ticks)"
media_esp "$B/bench/esp" "$B/splitvisor.efi" -
for r in $(seq 1 "$RUNS"); do
	LOG=$B/bench/uefi-$r.log
	rm -f "$LOG"
	s=$(time_to_ready "$LOG" qemu_uefi_dir "$B/bench/esp" 4)
	printf '%-34s %8s %8s %8s  %s\n' "QEMU TCG, OVMF, UEFI, 4 CPUs" "$r" "$s" "" "$(mailbox_line "$LOG")"
done
./boot/mkiso.sh "$B/bench/sv.iso" "$B/splitvisor.elf" -
LOG=$B/bench/bochs.log
rm -f "$LOG"
s=$(time_to_ready "$LOG" bochs_run bios cdrom "$B/bench/sv.iso" 4)
printf '%-34s %8s %8s %8s  %s\n' "Bochs, BIOS+GRUB, 4 CPUs" "1" "$s" "" "$(mailbox_line "$LOG")"
echo "(Bochs' TSC counts emulated instructions: its ticks are instructions, exact and reproducible;"
echo " QEMU TCG's ticks follow the host clock and vary with host load.)"
echo
echo "exit costs (Bochs, corei7_skylake_x): bench guest bare vs exits = local vs exits = split"
tests/bench_exits.sh || echo "exit benchmark failed"
echo
echo "interrupts (Bochs): timer, IPI, UART receive and assigned COM2 guests: bare vs emulated vs exitless"
tests/bench_interrupts.sh || echo "interrupt benchmark failed"
echo
echo "emulated device registers (Bochs): instructions per access, this build vs the one before the instruction emulator"
tests/bench_mmio.sh || echo "emulated-device benchmark failed"
echo
echo "Linux (Bochs): Debian's cloud kernel, 2 CPUs, bare vs exitless vs emulated (+APICv, apicv=off)"
tests/bench_linux.sh || echo "Linux benchmark failed"
echo
echo "shared cores (Bochs): the halt-polling and Shoot4U seed benchmarks, and what a partition switch costs"
tests/bench_sched.sh || echo "shared-core benchmark failed"
echo
echo "manifest parser"
make -s bench-manifest 2>/dev/null | sed 's/^/  /'
size=0
for o in $(ls hv/manifest/*.c hv/lib/size.c | grep -v /load.c | sed "s|^|$B/hv/|; s|\.c$|.o|"); do
	t=$(size -A "$o" | awk '$1 ~ /^\.text|^\.rodata/ {s += $2} END {print s}')
	size=$((size + t))
done
total=$(size -A "$B/splitvisor.elf" | awk '$1 ~ /^\.text|^\.rodata/ {s += $2} END {print s}')
printf '  parser code+rodata in splitvisor.elf: %d bytes of %d (%.1f%%)\n' "$size" "$total" "$(echo "100*$size/$total" | bc -l)"
