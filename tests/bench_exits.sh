#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Exit-cost benchmark in Bochs: the bench guest on the bare emulator (baseline), under
# exits = "local" and under exits = "split", in one run. Prints a table and writes a CSV.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
source tests/scenarios/emulators.sh
source tests/bench_lib.sh
out=$B/bench/exits
mkdir -p "$out"

policy_iso() { # POLICY
	printf '[hypervisor]\ncores = [0]\n\n[[partition]]\nname = "bench"\ncores = [1]\nmemory = "16M"\nkernel = "bench.elf"\nexits = "%s"\n' \
		"$1" > "$out/$1.toml"
	boot/mkiso.sh "$out/$1.iso" "$B/splitvisor.elf" "$out/$1.toml" "$B/guests/bench.elf"
}

run_bochs() { # NAME
	bench_bochs "$out/$1.iso" "$out/$1.log" 2
	grep -q "bench: done" "$out/$1.log" || { echo "bench: the $1 run did not finish; see $out/$1.log" >&2; exit 1; }
}

bare_guest_iso "$out/bare.iso" bench
policy_iso local
policy_iso split
for r in bare local split; do run_bochs "$r"; done

awk -v csv="$out/exits.csv" '
function per(a, b) { return b ? a / b : 0 }
FNR == 1 { run = FILENAME; sub(/.*\//, "", run); sub(/\.log$/, "", run) }
/bench [a-z_]+ iters [0-9]+ ticks_per_op [0-9]+/ {
	for (i = 1; i <= NF; i++) if ($i == "bench") { op = $(i + 1); t = $(i + 5); n = $(i + 3) }
	rt[run, op] = t; iters[op] = n; if (!(op in seen)) { seen[op] = 1; order[++nops] = op }
}
/bench [a-z_]+ n\/a/ { for (i = 1; i <= NF; i++) if ($i == "bench") rt[run, $(i + 1)] = "n/a" }
/^phase / {
	match($0, /"label":[0-9]+/); lab = substr($0, RSTART + 8, RLENGTH - 8)
	match($0, /"reason":[0-9]+/); reason = substr($0, RSTART + 9, RLENGTH - 9)
	if (reason == 18 && lab != 2) next   # the checkpoint (and, for ept_fixup, unmap) hypercalls
	match($0, /"count":[0-9]+/); c = substr($0, RSTART + 8, RLENGTH - 8)
	match($0, /"on_hv_core":[0-9]+/); rem = substr($0, RSTART + 13, RLENGTH - 13)
	match($0, /"guest_core_ticks":[0-9]+/); g = substr($0, RSTART + 19, RLENGTH - 19)
	match($0, /"hv_core_ticks":[0-9]+/); h = substr($0, RSTART + 16, RLENGTH - 16)
	cnt[run, lab] += c; rems[run, lab] += rem; gt[run, lab] += g; ht[run, lab] += h
}
END {
	split("cpuid vmcall uart_write io_read msr_read ept_fixup", ops, " ")
	cls["cpuid"] = "sync"; cls["vmcall"] = "sync"; cls["uart_write"] = "async"; cls["io_read"] = "sync"; cls["msr_read"] = "sync"; cls["ept_fixup"] = "sync"
	print "op,class,bare_ticks_per_op,policy,exits_per_op,round_trip_ticks,ratio_to_bare,guest_core_ticks_per_exit,hv_core_ticks_per_exit" > csv
	printf "%-11s %-5s %6s | %-5s %5s %8s %7s %11s %9s\n", "operation", "class", "bare", "policy", "exits", "round", "x bare", "guest-core", "HV-core"
	printf "%-11s %-5s %6s | %-5s %5s %8s %7s %11s %9s\n", "", "", "ticks", "", "/op", "trip/op", "", "ticks/exit", "ticks/exit"
	for (k = 1; k <= 6; k++) {
		op = ops[k]; lab = k
		for (p = 1; p <= 2; p++) {
			pol = p == 1 ? "local" : "split"
			n = iters[op] ? iters[op] : 2000
			ex = per(cnt[pol, lab], n)
			gpe = per(gt[pol, lab], cnt[pol, lab]); hpe = per(ht[pol, lab], rems[pol, lab])
			bare = rt["bare", op]
			ratio = (bare == "n/a" || bare == 0) ? "n/a" : sprintf("%.1f", rt[pol, op] / bare)
			if (op == "ept_fixup") ratio = "n/a"   # its round trip includes the unmap hypercall
			printf "%-11s %-5s %6s | %-5s %5.2f %8d %7s %11d %9d\n", p == 1 ? op : "", p == 1 ? cls[op] : "", p == 1 ? bare : "", pol, ex, rt[pol, op], ratio, gpe, hpe
			printf "%s,%s,%s,%s,%.3f,%d,%s,%d,%d\n", op, cls[op], bare, pol, ex, rt[pol, op], ratio, gpe, hpe >> csv
			gpe_of[pol, op] = gpe
		}
	}
	r = per(gpe_of["split", "uart_write"], gpe_of["local", "uart_write"])
	printf "\nasynchronous exits (uart_write): guest-core ticks per exit, split / local = %.2f (target <= 0.50: %s)\n", r, r <= 0.5 ? "MET" : "MISSED"
}' "$out/bare.log" "$out/local.log" "$out/split.log"
echo "ept_fixup: each operation gives a page back (a VMCALL, not counted above) and touches it (the EPT"
echo "violation that is fixed up and resumed); its round trip includes both."
echo "CSV: $out/exits.csv"
echo "Bochs counts instructions (its TSC ticks once per emulated instruction round) and does not model"
echo "the hardware cost of a VM exit or entry: these are path lengths and exit counts, not times."
