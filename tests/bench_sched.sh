#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Shared-core benchmarks in Bochs, each configuration against its baseline in the same run:
#  1. the halt-polling seed's ring-0 benchmark (vCPU 0 halts, vCPU 1 sends it an IPI ~100 us
#     later; TSC at the send to TSC at the handler's first instruction), bare emulator to
#     shared core with a busy neighbour, polling off and on;
#  2. the Shoot4U seed's benchmark (a 4-vCPU guest on 2 cores remaps a page and shoots it down
#     on the other vCPUs), tlb = "ipi" and "vmm", alone (1VM) and beside a spinning partition (2VM);
#  3. what a switch between two partitions' vCPUs costs, with switch_flush = "all" and "off".
# Bochs counts instructions (its TSC runs at ips, one tick per instruction); it does not model
# what an exit or a VMCS switch costs on silicon: ticks here are instructions, not time.
# Tables on stdout, CSV and latency CDFs (gnuplot PNG) under build/bench/sched/.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
source tests/scenarios/emulators.sh
source tests/bench_lib.sh
out=$B/bench/sched
mkdir -p "$out"
SAMPLES=${SCHED_BENCH_SAMPLES:-10000}
ROUNDS=${SCHED_BENCH_ROUNDS:-300}

manifest() { # NAME BODY...: a manifest with CPU 0 as the hypervisor core
	{ printf '[hypervisor]\ncores = [0]\n'; shift; printf '%s\n' "$@"; } > "$out/$NAME.toml"
}
part() { # name cores vcpus mode cmdline [extra key lines]
	printf '\n[[partition]]\nname = "%s"\ncores = %s\nvcpus = %s\nmode = "%s"\nmemory = "16M"\nkernel = "sched.elf"\ncmdline = "%s"\n' \
		"$1" "$2" "$3" "$4" "$5"
	shift 5
	printf '%s\n' "$@"
}
run_config() { # NAME CPUS
	boot/mkiso.sh "$out/$1.iso" "$B/splitvisor.elf" "$out/$1.toml" "$B/guests/sched.elf" >/dev/null
	bench_bochs "$out/$1.iso" "$out/$1.log" "$2"
}

lat="lat=$SAMPLES delay=100"
busy="spin=$((SAMPLES / 5 + 300))" # outlasts the samples (about 0.15 ms each)
NAME=lat-exitless manifest - "$(part lat '[1, 2]' 2 dedicated "$lat")"
NAME=lat-emulated manifest - "$(part lat '[1, 2]' 2 dedicated "$lat" 'interrupts = "emulated"')"
NAME=lat-shared manifest - "$(part lat '[1, 2]' 2 shared "$lat")"
NAME=lat-busy-nopoll manifest - "$(part lat '[1, 2]' 2 shared "$lat" 'halt_poll_ns = 0')" \
	"$(part busy '[1]' 1 shared "$busy")"
NAME=lat-busy-poll manifest - "$(part lat '[1, 2]' 2 shared "$lat")" "$(part busy '[1]' 1 shared "$busy")"
for c in lat-busy-nopoll lat-busy-poll; do # the same without the flushes on partition switches
	sed 's/^cores = \[0\]$/&\nswitch_flush = "off"/' "$out/$c.toml" > "$out/$c-noflush.toml"
done
bare_guest_iso "$out/lat-bare.iso" sched "$lat cpus=2"
bench_bochs "$out/lat-bare.iso" "$out/lat-bare.log" 2
for c in lat-exitless lat-emulated lat-shared lat-busy-nopoll lat-busy-poll lat-busy-nopoll-noflush lat-busy-poll-noflush; do
	run_config "$c" 3
done

shoot="shoot=$ROUNDS cpus=4"
noise="spin=$((ROUNDS * 10 + 300))" # outlasts the rounds
NAME=shoot-1vm-ipi manifest - "$(part shoot '[1, 2]' 4 shared "$shoot" 'tlb = "ipi"')"
NAME=shoot-1vm-vmm manifest - "$(part shoot '[1, 2]' 4 shared "$shoot")"
NAME=shoot-2vm-ipi manifest - "$(part shoot '[1, 2]' 4 shared "$shoot" 'tlb = "ipi"')" "$(part noise '[1, 2]' 2 shared "$noise")"
NAME=shoot-2vm-vmm manifest - "$(part shoot '[1, 2]' 4 shared "$shoot")" "$(part noise '[1, 2]' 2 shared "$noise")"
for c in shoot-1vm-ipi shoot-1vm-vmm shoot-2vm-ipi shoot-2vm-vmm; do
	run_config "$c" 3
done

for f in all off; do
	NAME=switch-$f manifest - "$(part a '[1]' 1 shared 'spin=300 cpus=1' 'slice_us = 500')" \
		"$(part b '[1]' 1 shared 'spin=300 cpus=1' 'slice_us = 500')"
	sed -i "s/^cores = \[0\]$/&\nswitch_flush = \"$f\"/" "$out/switch-$f.toml"
	run_config "switch-$f" 2
done

# ---- tables, CSV, CDFs ----
awk -v out="$out" '
function field(line, key,   m) { if (match(line, "\"" key "\":[0-9]+")) return substr(line, RSTART + length(key) + 3, RLENGTH - length(key) - 3) + 0; return 0 }
FNR == 1 { run = FILENAME; sub(/.*\//, "", run); sub(/\.log$/, "", run) }
/sched: lat: [0-9]+ samples/ {
	for (i = 1; i <= NF; i++) {
		if ($i == "min") lmin[run] = $(i + 1); if ($i == "mean") lmean[run] = $(i + 1)
		if ($i == "median") lmed[run] = $(i + 1); if ($i == "p90") l90[run] = $(i + 1)
		if ($i == "p99") l99[run] = $(i + 1); if ($i == "max") lmax[run] = $(i + 1)
		if ($i == "samples,") ln[run] = $(i - 1)
	}
}
/sched: (lat|shoot)-cdf [0-9]+:/ {
	line = $0; sub(/.*-cdf /, "", line); first = line + 0; sub(/^[0-9]+: */, "", line)
	m = split(line, v, " "); for (p = 0; p < m; p++) pct[run, first + p] = v[p + 1]; cdfn[run] = first + m - 1
}
/sched: shoot: [0-9]+ shootdowns/ {
	for (i = 1; i <= NF; i++) { if ($i == "mean") smean[run] = $(i + 1); if ($i == "max") smax[run] = $(i + 1); if ($i == "shoot:") sn[run] = $(i + 1) }
	sub(/,$/, "", smax[run])
}
/^phase / && /"partition":"(lat|shoot)"/ && /"label":(2|3),/ {
	if (field($0, "reason") == 52) watchdog[run] += field($0, "count"); else { ex[run] += field($0, "count"); ticks[run] += field($0, "guest_core_ticks") }
}
/^sched / && /"label":1,/ && /"partition":"(a|b)"/ { sw[run] += field($0, "switches"); swt[run] += field($0, "switch_ticks") }
function per(a, b) { return b ? a / b : 0 }
function write_cdf(r,   f, p) {
	if (!cdfn[r]) return
	f = out "/" r ".cdf"
	for (p = 1; p <= cdfn[r]; p++) print pct[r, p], p / 100 > f
	close(f)
}
END {
	print "Halt-polling seed benchmark: IPI to a halted vCPU, TSC ticks from the send to the handler (Bochs: ticks = instructions)"
	printf "%-34s %7s %7s %7s %7s %7s %7s %8s %11s %11s\n", "configuration", "samples", "min", "mean", "median", "p90", "p99", "max", "exits/IPI", "insn/exit"
	csv = out "/halt_latency.csv"
	print "configuration,samples,min,mean,median,p90,p99,max,exits_per_ipi,instructions_per_exit" > csv
	n = split("lat-bare lat-exitless lat-emulated lat-shared lat-busy-nopoll lat-busy-poll lat-busy-nopoll-noflush lat-busy-poll-noflush", order, " ")
	label["lat-bare"] = "bare emulator"; label["lat-exitless"] = "dedicated, exitless"
	label["lat-emulated"] = "dedicated, emulated APIC"; label["lat-shared"] = "shared, one vCPU per core"
	label["lat-busy-nopoll"] = "shared, busy neighbour, polling off"; label["lat-busy-poll"] = "shared, busy neighbour, polling on"
	label["lat-busy-nopoll-noflush"] = "  the same, switch_flush off"; label["lat-busy-poll-noflush"] = "  the same, switch_flush off"
	for (k = 1; k <= n; k++) {
		r = order[k]
		e = per(ex[r], ln[r]); ipe = per(ticks[r], ex[r])
		printf "%-34s %7d %7d %7d %7d %7d %7d %8d %11.2f %11.0f\n", label[r], ln[r], lmin[r], lmean[r], lmed[r], l90[r], l99[r], lmax[r], e, ipe
		printf "%s,%d,%d,%d,%d,%d,%d,%d,%.3f,%.0f\n", label[r], ln[r], lmin[r], lmean[r], lmed[r], l90[r], l99[r], lmax[r], e, ipe >> csv
		write_cdf(r)
	}
	print "  seed (Matlack, KVM Forum 2015), cycles on hardware: KVM 14,900 median; KVM never scheduling out 4,300; bare metal 1,200"
	printf "  dedicated exitless / bare, median: %.2f (target: within 5%%)\n", per(lmed["lat-exitless"], lmed["lat-bare"])
	printf "  busy neighbour, polling on / off, median: %.2f; with switch_flush off: %.2f (target: at most 1/3)\n", per(lmed["lat-busy-poll"], lmed["lat-busy-nopoll"]), per(lmed["lat-busy-poll-noflush"], lmed["lat-busy-nopoll-noflush"])
	print ""
	print "Shoot4U seed benchmark: 4 vCPUs on 2 cores, remap + shootdown on the 3 others, TSC ticks as the initiator sees it"
	printf "%-26s %7s %12s %12s %14s\n", "configuration", "rounds", "mean", "max", "exits/shootdown"
	csv = out "/shoot4u.csv"
	print "configuration,rounds,mean,max,exits_per_shootdown" > csv
	n = split("shoot-1vm-ipi shoot-2vm-ipi shoot-1vm-vmm shoot-2vm-vmm", order, " ")
	label["shoot-1vm-ipi"] = "tlb=ipi (baseline), 1VM"; label["shoot-2vm-ipi"] = "tlb=ipi (baseline), 2VM"
	label["shoot-1vm-vmm"] = "tlb=vmm (Shoot4U), 1VM"; label["shoot-2vm-vmm"] = "tlb=vmm (Shoot4U), 2VM"
	for (k = 1; k <= n; k++) {
		r = order[k]
		printf "%-26s %7d %12d %12d %14.2f\n", label[r], sn[r], smean[r], smax[r], per(ex[r], sn[r])
		printf "%s,%d,%d,%d,%.3f\n", label[r], sn[r], smean[r], smax[r], per(ex[r], sn[r]) >> csv
		write_cdf(r)
	}
	print "  paper (Ouyang et al., VEE16), cycles mean/max: baseline 166/24,428 (1VM), 9,048/194,108 (2VM); Shoot4U 28/453 (1VM), 22/15,034 (2VM)"
	printf "  Shoot4U 2VM / 1VM mean: %.2f (target: within 2x); IPI 2VM / Shoot4U 2VM mean: %.0fx (target: at least 100x)\n", \
		per(smean["shoot-2vm-vmm"], smean["shoot-1vm-vmm"]), per(smean["shoot-2vm-ipi"], smean["shoot-2vm-vmm"])
	print ""
	print "A switch between two partitions vCPUs on one core (state, VMCS, and the flushes of switch_flush)"
	printf "%-22s %10s %16s\n", "switch_flush", "switches", "ticks/switch"
	csv = out "/switch.csv"
	print "switch_flush,switches,ticks_per_switch" > csv
	for (k = 1; k <= 2; k++) {
		r = k == 1 ? "switch-all" : "switch-off"
		printf "%-22s %10d %16.0f\n", substr(r, 8), sw[r], per(swt[r], sw[r])
		printf "%s,%d,%.0f\n", substr(r, 8), sw[r], per(swt[r], sw[r]) >> csv
	}
}' "$out"/lat-*.log "$out"/shoot-*.log "$out"/switch-*.log

if command -v gnuplot >/dev/null; then
	plot_cdf() { # PNG TITLE FILES...
		local png=$1 title=$2 cmd="" f
		shift 2
		for f in "$@"; do
			[[ -s $out/$f.cdf ]] && cmd+="${cmd:+, }'$out/$f.cdf' using 1:2 with lines lw 2 title '$f'"
		done
		[[ -n $cmd ]] || return 0
		gnuplot -e "set terminal png size 900,560; set output '$png'; set title '$title'; \
			set xlabel 'TSC ticks (Bochs: instructions)'; set ylabel 'fraction of samples'; set logscale x; \
			set key bottom right; set grid; plot $cmd"
	}
	plot_cdf "$out/halt_latency_cdf.png" "IPI to a halted vCPU (halt-polling seed benchmark)" \
		lat-bare lat-exitless lat-emulated lat-shared lat-busy-nopoll lat-busy-poll lat-busy-nopoll-noflush lat-busy-poll-noflush
	plot_cdf "$out/shoot4u_cdf.png" "TLB shootdown latency (Shoot4U seed benchmark)" \
		shoot-1vm-ipi shoot-2vm-ipi shoot-1vm-vmm shoot-2vm-vmm
	echo "CDF plots: $out/halt_latency_cdf.png $out/shoot4u_cdf.png; CSV: $out/*.csv"
else
	echo "gnuplot is not installed (apt-get install gnuplot-nox): no CDF plots; CSV: $out/*.csv"
fi
