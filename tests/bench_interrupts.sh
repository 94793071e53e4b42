#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Interrupt benchmark in Bochs: the timer and IPI test guests on the bare emulator, under
# interrupts = "emulated" and under "exitless", in one run: exits and ticks per interrupt.
# ONLY_DEVICES=1 runs only the UART-receive and assigned-COM2 rows.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
source tests/scenarios/emulators.sh
source tests/bench_lib.sh
out=$B/bench/interrupts
mkdir -p "$out"

run_bochs() { # NAME CPUS
	bench_bochs "$out/$1.iso" "$out/$1.log" "$2"
}

bare_guest_iso "$out/bare-timer.iso" timer count=100000
bare_guest_iso "$out/bare-ipi.iso" ipi rounds=50000
# 10^5 interrupts of each kind, in both modes
for mode in exitless emulated; do
	sed 's/^kernel = "timer.elf"/&\ncmdline = "count=100000"/; s/^kernel = "ipi.elf"/&\ncmdline = "rounds=50000"/' \
		tests/manifests/interrupts.toml | sed "s/^interrupts = .*/interrupts = \"$mode\"/" > "$out/$mode.toml"
	boot/mkiso.sh "$out/$mode.iso" "$B/splitvisor.elf" "$out/$mode.toml" "$B/guests/timer.elf" "$B/guests/ipi.elf"
done
# the emulated APIC without APIC virtualization: the classic baseline
boot/mkiso.sh "$out/noapicv.iso" "$B/splitvisor.elf" "$out/emulated.toml" CMDLINE=apicv=off \
	"$B/guests/timer.elf" "$B/guests/ipi.elf"
[[ -n ${ONLY_DEVICES:-} ]] || run_bochs bare-timer 1
[[ -n ${ONLY_DEVICES:-} ]] || run_bochs bare-ipi 2
[[ -n ${ONLY_DEVICES:-} ]] || run_bochs exitless 4
[[ -n ${ONLY_DEVICES:-} ]] || run_bochs emulated 4
[[ -n ${ONLY_DEVICES:-} ]] || run_bochs noapicv 4
# device interrupts: UART receive (virtual, both modes) and an assigned COM2 (exitless)
# 10^5 receive interrupts: a one-character line fed again each time the guest has read it
sed 's/^kernel = "uartrx.elf"/&\ncmdline = "lines=100000"/' tests/manifests/uartrx.toml > "$out/uartrx.toml"
boot/mkiso.sh "$out/uartrx.iso" "$B/splitvisor.elf" "$out/uartrx.toml" \
	"CMDLINE=uart_input=x uart_input_repeat=100000" "$B/guests/uartrx.elf"
run_bochs uartrx 4
# 10^5 transmit-empty interrupts on the assigned COM2
sed 's/^kernel = "com2tx.elf"/&\ncmdline = "bytes=100000"/' tests/manifests/com2.toml > "$out/com2.toml"
boot/mkiso.sh "$out/com2.iso" "$B/splitvisor.elf" "$out/com2.toml" "$B/guests/com2tx.elf"
COM2_LOG=$out/com2-out.log run_bochs com2 2

awk '
FNR == 1 { run = FILENAME; sub(/.*\//, "", run); sub(/\.log$/, "", run) }
/timer: [0-9]+ interrupts in [0-9]+ ticks, latency [0-9]+/ {
	for (i = 1; i <= NF; i++) if ($i == "interrupts") { n = $(i - 1); t = $(i + 2) }
	for (i = 1; i <= NF; i++) if ($i == "latency") lat = $(i + 1)
	tn[run] = n; tt[run] = t; tl[run] = lat
}
/ipi: [0-9]+ round trips, [0-9]+ IPIs received, [0-9]+ ticks per round trip/ {
	for (i = 1; i <= NF; i++) { if ($i == "round" && $(i + 1) == "trips,") rounds = $(i - 1); if ($i == "IPIs") recv = $(i - 1); if ($i == "per") rt = $(i - 2) }
	ir[run] = rounds; irecv[run] = recv; irt[run] = rt
}
/uartrx: received .* with [0-9]+ interrupt/ {
	for (i = 1; i <= NF; i++) if ($i == "with") n = $(i + 1)
	part = $1; gsub(/[\[\]]/, "", part); dev[part] = n
}
/com2tx: sent [0-9]+ bytes with [0-9]+ interrupts/ {
	for (i = 1; i <= NF; i++) if ($i == "with") dev["owner"] = $(i + 1)
}
/^phase / {
	match($0, /"partition":"[a-z0-9_-]+"/); part = substr($0, RSTART + 13, RLENGTH - 14)
	match($0, /"reason":[0-9]+/); reason = substr($0, RSTART + 9, RLENGTH - 9)
	match($0, /"count":[0-9]+/); c = substr($0, RSTART + 8, RLENGTH - 8)
	if (reason == 52) watchdog[run, part] += c; else exits[run, part] += c
}
END {
	printf "%-22s %-9s %10s %12s %14s %14s\n", "interrupt source", "run", "interrupts", "exits/intr", "ticks/intr", "latency ticks"
	printf "%-22s %-9s %10d %12s %14d %14d\n", "timer (TSC deadline)", "bare", tn["bare-timer"], "-", per(tt["bare-timer"], tn["bare-timer"]), tl["bare-timer"]
	printf "%-22s %-9s %10d %12.3f %14d %14d\n", "", "emulated", tn["noapicv"], per(exits["noapicv", "timer"], tn["noapicv"]), per(tt["noapicv"], tn["noapicv"]), tl["noapicv"]
	printf "%-22s %-9s %10d %12.3f %14d %14d\n", "", "+APICv", tn["emulated"], per(exits["emulated", "timer"], tn["emulated"]), per(tt["emulated"], tn["emulated"]), tl["emulated"]
	printf "%-22s %-9s %10d %12.3f %14d %14d\n", "", "exitless", tn["exitless"], per(exits["exitless", "timer"], tn["exitless"]), per(tt["exitless"], tn["exitless"]), tl["exitless"]
	printf "%-22s %-9s %10d %12s %14d %14s\n", "IPI ping-pong (2 vCPU)", "bare", irecv["bare-ipi"], "-", per(irt["bare-ipi"], 2), "-"
	printf "%-22s %-9s %10d %12.3f %14d %14s\n", "", "emulated", irecv["noapicv"], per(exits["noapicv", "ipi"], irecv["noapicv"]), per(irt["noapicv"], 2), "-"
	printf "%-22s %-9s %10d %12.3f %14d %14s\n", "", "+APICv", irecv["emulated"], per(exits["emulated", "ipi"], irecv["emulated"]), per(irt["emulated"], 2), "-"
	printf "%-22s %-9s %10d %12.3f %14d %14s\n", "", "exitless", irecv["exitless"], per(exits["exitless", "ipi"], irecv["exitless"]), per(irt["exitless"], 2), "-"
	printf "%-22s %-9s %10d %12.3f %14s %14s\n", "virtual UART receive", "+APICv", dev["rx-emulated"], per(exits["uartrx", "rx-emulated"], dev["rx-emulated"]), "-", "-"
	printf "%-22s %-9s %10d %12.3f %14s %14s\n", "", "exitless", dev["rx-exitless"], per(exits["uartrx", "rx-exitless"], dev["rx-exitless"]), "-", "-"
	printf "%-22s %-9s %10d %12.3f %14s %14s\n", "assigned COM2 transmit", "exitless", dev["owner"], per(exits["com2", "owner"], dev["owner"]), "-", "-"
	printf "\nexitless: the timer phase had %d exits besides %d preemption-timer watchdog ticks (target: 0 per interrupt);\n", exits["exitless", "timer"], watchdog["exitless", "timer"]
	printf "the IPI phase had %d exits for %d IPIs sent, all ICR writes (target: at most 1 per IPI sent, 0 per IPI received).\n", exits["exitless", "ipi"], irecv["exitless"]
	printf "emulated (apicv=off, the baseline): every EOI, timer write, ICR write and HLT exits; +APICv: the CPU\n"
	printf "delivers and completes the emulated APIC'"'"'s interrupts itself (EOI, TPR, SELF IPI do not exit).\n"
	printf "UART receive: exits/intr includes the guest reading the emulated UART (LSR, RBR, about 4 per line),\n"
	printf "which always exit; delivery and EOI add none in exitless mode.\n"
	printf "For comparison, the ELI paper (ASPLOS 2012) reports 2.1 exits per interrupt for its baseline and 0.016 with ELI.\n"
}
function per(a, b) { return b ? a / b : 0 }' "$out/bare-timer.log" "$out/bare-ipi.log" "$out/exitless.log" "$out/emulated.log" "$out/noapicv.log" "$out/uartrx.log" "$out/com2.log"
echo "(ticks are Bochs TSC ticks, i.e. emulated instructions; IPI ticks/intr is half a round trip)"
grep -q "com2: sent by interrupts" "$out/com2-out.log" 2>/dev/null || echo "warning: COM2 output missing ($out/com2-out.log)"
