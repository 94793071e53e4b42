#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Emulated-device benchmark in Bochs: instructions per emulated access (an xAPIC register read,
# an IOAPIC EOI-register write, an xAPIC ICR write) under exits = "local" and "split", for this
# build and for the baseline build before the instruction emulator (BASELINE, a commit), in one
# run: the general decoder's cost on the common MOV path. Prints a table and writes a CSV.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
BASELINE=${BASELINE:-2b6cd51}
source tests/scenarios/emulators.sh
source tests/bench_lib.sh
out=$B/bench/mmio
mkdir -p "$out"

# The baseline hypervisor, built in a worktree of its commit (the guest is this build's).
baseline_elf() {
	local wt=$out/baseline-src
	if [[ ! -f $wt/build/splitvisor.elf ]]; then
		rm -rf "$wt"
		git worktree add -f --detach "$wt" "$BASELINE" >/dev/null 2>&1 || return 1
		make -s -C "$wt" -j2 build/splitvisor.elf >/dev/null 2>&1 || return 1
	fi
	echo "$wt/build/splitvisor.elf"
}

policy_iso() { # NAME ELF POLICY
	printf '[hypervisor]\ncores = [0]\n\n[[partition]]\nname = "bench"\ncores = [1]\nmemory = "16M"\nkernel = "bench.elf"\ncmdline = "mmio"\nexits = "%s"\ninterrupts = "emulated"\n' \
		"$3" > "$out/$1.toml"
	boot/mkiso.sh "$out/$1.iso" "$2" "$out/$1.toml" "$B/guests/bench.elf" >/dev/null
}

base=$(baseline_elf) || { echo "bench_mmio: could not build the baseline $BASELINE (needs git history)"; exit 1; }
for pol in local split; do
	policy_iso "new-$pol" "$B/splitvisor.elf" $pol
	policy_iso "old-$pol" "$base" $pol
done
bare_guest_iso "$out/bare.iso" bench mmio
for r in bare new-local new-split old-local old-split; do
	bench_bochs "$out/$r.iso" "$out/$r.log" 2
	grep -q "bench: done" "$out/$r.log" || echo "bench_mmio: the $r run did not finish (see $out/$r.log)"
done

awk -v csv="$out/mmio.csv" '
FNR == 1 { run = FILENAME; sub(/.*\//, "", run); sub(/\.log$/, "", run) }
/bench [a-z_]+ iters [0-9]+ ticks_per_op [0-9]+/ {
	for (i = 1; i <= NF; i++) if ($i == "bench") t[run, $(i + 1)] = $(i + 5)
}
/bench [a-z_]+ n\/a/ { for (i = 1; i <= NF; i++) if ($i == "bench") t[run, $(i + 1)] = "n/a" }
/ stopped \(fault/ { stop[run] = $0 }
END {
	split("xapic_read ioapic_eoi icr_write", ops, " ")
	print "op,bare_ticks,policy,build,ticks_per_op,instructions_per_access" > csv
	printf "%-11s %6s | %-5s %9s %9s %9s\n", "access", "bare", "exits", "before", "now", "now/before"
	for (k = 1; k <= 3; k++) {
		op = ops[k]; bare = t["bare", op]
		for (p = 1; p <= 2; p++) {
			pol = p == 1 ? "local" : "split"; o = t["old-" pol, op]; n = t["new-" pol, op]
			ratio = (o > 0) ? sprintf("%.2f", n / o) : "n/a"
			printf "%-11s %6s | %-5s %9s %9s %9s\n", p == 1 ? op : "", p == 1 ? bare : "", pol, o ? o : "refused", n, ratio
			printf "%s,%s,%s,before,%s,%s\n%s,%s,%s,now,%s,%s\n", op, bare, pol, o, o - bare, op, bare, pol, n, n - bare >> csv
			if (op != "icr_write" && o > 0) { worst = (n / o > worst) ? n / o : worst }
		}
	}
	printf "\nMOV to and from device registers, now / before: at most %.2f (target <= 1.10: %s)\n", worst, worst <= 1.10 ? "MET" : "MISSED"
	for (r in stop) printf "note: %s: %s\n", r, stop[r]
}' "$out"/bare.log "$out"/new-local.log "$out"/new-split.log "$out"/old-local.log "$out"/old-split.log
echo "(ticks are Bochs TSC ticks, i.e. emulated instructions, per access including the guest loop;"
echo " \"before\" is $BASELINE, whose MMIO decoder knew MOV only: it refuses nothing here but the ICR write's forms are the same)"
echo "CSV: $out/mmio.csv"
