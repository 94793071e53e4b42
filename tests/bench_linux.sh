#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Linux benchmark in Bochs: Debian's cloud kernel with the initramfs of make linux-guest, 2 CPUs,
# on the bare emulator (GRUB loads it) and in a dedicated partition (exitless, emulated with APIC
# virtualization, emulated with apicv=off): boot to init, idle exits per second, and a pipe
# ping-pong between two processes pinned to two vCPUs (the halt-polling seed's message-passing
# workload): round trip, exits and IPIs per transaction. A table, then CSV.
# LINUX_BENCH_REPORT_ONLY=1 prints the tables again from the logs of the last run.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
source tests/scenarios/emulators.sh
source tests/bench_lib.sh
out=$B/bench/linux
mkdir -p "$out"
N=${LINUX_BENCH_ROUNDS:-10000} # round trips
IDLE=${LINUX_BENCH_IDLE:-10}   # seconds of idle guest time
make -s linux-guest > "$out/linux-guest.log" 2>&1 || { cat "$out/linux-guest.log"; exit 1; }
CMD="console=ttyS0 quiet cryptomgr.notests sv.cmd=bench"
pp=$(printf 'pp:%05d' "$N") idle=$(printf 'idle:%05d' "$IDLE") boot=boot:00000

bare_linux_iso() { # OUT.iso CMDLINE: GRUB's linux and initrd commands on the bare emulator
	local w
	w=$(mktemp -d)
	mkdir -p "$w/boot/grub"
	cp "$B/linux/vmlinuz" "$B/linux/initrd" "$w/boot/"
	printf 'set timeout=0\nset timeout_style=hidden\nmenuentry "linux (bare)" {\n  linux /boot/vmlinuz %s\n  initrd /boot/initrd\n  boot\n}\n' \
		"$2" > "$w/boot/grub/grub.cfg"
	grub-mkrescue -o "$1" "$w" >/dev/null 2>&1
	rm -rf "$w"
}

partition_iso() { # NAME INTERRUPTS SV_BENCH [HV_CMDLINE]
	cat > "$out/$1.toml" <<EOF
[hypervisor]
cores = [0]

[[partition]]
name = "linux"
cores = [1, 2]
format = "linux"
kernel = "vmlinuz"
initrd = "initrd"
memory = "256M"
interrupts = "$2"
cmdline = "$CMD sv.bench=$3"
EOF
	boot/mkiso.sh "$out/$1.iso" "$B/splitvisor.elf" "$out/$1.toml" ${4:+"CMDLINE=$4"} \
		"$B/linux/vmlinuz" "$B/linux/initrd" >/dev/null
}

# Boots NAME.iso on CPUS Bochs CPUs; NAME.wall gets the wall seconds until init ran.
timed_run() { # NAME CPUS (each run in a folder of its own: Bochs writes its files beside the log)
	local log=$out/$1/serial.log t0
	rm -rf "$out/$1" && mkdir -p "$out/$1"
	t0=$(date +%s.%N)
	( timeout 900 bash -c "$(declare -f); LOG='$log'; bochs_run bios cdrom '$out/$1.iso' $2" >/dev/null 2>&1
	  sed -i 's/\x1b\[[0-9;?=]*[a-zA-Z]//g; s/\r//g' "$log" ) &
	local pid=$!
	echo "-" > "$out/$1.wall"
	while kill -0 $pid 2>/dev/null; do
		if grep -q "linux-guest: init running" "$log" 2>/dev/null; then
			echo "$(date +%s.%N) - $t0" | bc -l | xargs printf '%.1f\n' > "$out/$1.wall"
			break
		fi
		sleep 0.2
	done
	wait $pid
}

bare_linux_iso "$out/bare-boot.iso" "$CMD tsc_early_khz=50000 sv.bench=$boot"
bare_linux_iso "$out/bare-pp.iso" "$CMD tsc_early_khz=50000 sv.bench=$pp"
for m in exitless emulated; do
	for w in boot idle pp; do partition_iso "$m-$w" "$m" "${!w}"; done
done
for w in boot idle pp; do partition_iso "noapicv-$w" emulated "${!w}" apicv=off; done

runs=(bare-boot:2 bare-pp:2)
for m in exitless emulated noapicv; do runs+=("$m-boot:3" "$m-idle:3" "$m-pp:3"); done
for r in "${runs[@]}"; do
	[[ -n ${LINUX_BENCH_REPORT_ONLY:-} ]] && break # the tables again from the last run's logs
	timed_run "${r%%:*}" "${r##*:}" &
	(( $(jobs -rp | wc -l) >= 2 )) && wait -n
done
wait

# One line of key=value per run: guest-side results, the TSC rate, exits by reason, WRMSR kinds.
for r in "${runs[@]}"; do
	n=${r%%:*}
	awk -v run="$n" -v wall="$(cat "$out/$n.wall")" '
	/bench-result: / { split($NF, kv, "="); if (kv[1] == "run_init_s" || kv[1] == "ipis_total") v[kv[1]] = kv[2] }
	/pingpong: .* TSC ticks each/ { for (i = 1; i <= NF; i++) if ($i == "TSC") v["rtt"] = $(i - 1) }
	/^tsc: [0-9.]+ MHz/ { v["mhz"] = $2 }
	/^stat \{"partition":"linux"/ {
		match($0, /"reason":[0-9]+/); r = substr($0, RSTART + 9, RLENGTH - 9)
		match($0, /"count":[0-9]+/); c = substr($0, RSTART + 8, RLENGTH - 8)
		v["r" r] += c; v["exits"] += c
	}
	/^wrmsr \{"partition":"linux"/ {
		n = split("icr timer eoi other", kind, " ")
		for (i = 1; i <= n; i++)
			if (match($0, "\"" kind[i] "\":[0-9]+"))
				v["w_" kind[i]] = substr($0, RSTART + length(kind[i]) + 3, RLENGTH - length(kind[i]) - 3)
	}
	/linux-guest: init running/ { v["init_ok"] = 1 }
	END {
		printf "run=%s wall=%s", run, wall
		for (k in v) printf " %s=%s", k, v[k]
		printf "\n"
	}' "$out/$n/serial.log"
done > "$out/runs.kv"

awk -v N="$N" -v IDLE="$IDLE" -v csvfile="$out/linux.csv" '
function g(run, k) { return (run SUBSEP k) in x ? x[run, k] : 0 }
function has(run, k) { return (run SUBSEP k) in x }
{ for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "run") run = kv[2]; else x[run, kv[1]] = kv[2] } }
END {
	split("bare exitless emulated noapicv", cfg, " ")
	name["bare"] = "bare Bochs (GRUB, 2 CPUs)"; name["exitless"] = "dedicated, exitless"
	name["emulated"] = "dedicated, emulated + APICv"; name["noapicv"] = "dedicated, emulated, apicv=off"
	printf "%-32s %9s %7s %10s %10s %7s %8s %6s %6s %7s %6s %6s %6s %7s %8s\n", "configuration", "init s", "wall s",
		"idle ex/s", "RTT ticks", "vs bare", "ex/trans", "HLT", "timer", "preempt", "EOI", "ICR", "other", "IPI/tr", "ex/IPI"
	csv = "config,boot_to_init_guest_s,wall_s_to_init,boot_vs_bare,idle_exits_per_s,idle_watchdog_exits_per_s,rtt_ticks,rtt_vs_bare,exits_per_transaction,hlt,timer,preemption_timer,eoi,icr,other,ipis_per_transaction,icr_exits_per_ipi,workload_exits_per_s"
	bare_init = g("bare-pp", "run_init_s"); bare_rtt = g("bare-pp", "rtt")
	for (c = 1; c <= 4; c++) {
		k = cfg[c]; pp = k "-pp"; b = k "-boot"; id = k "-idle"
		if (!has(pp, "init_ok")) { printf "%-32s (no result: see %s/serial.log)\n", name[k], pp; fail = 1; continue }
		init = g(pp, "run_init_s"); rtt = g(pp, "rtt"); ipis = (g(pp, "ipis_total") - g(b, "ipis_total")) / N
		if (k == "bare") {
			printf "%-32s %9.3f %7s %10s %10s %7s %8s %6s %6s %7s %6s %6s %6s %7.2f %8s\n", name[k], init, g(pp, "wall"),
				"-", rtt, "1.00", "-", "-", "-", "-", "-", "-", "-", ipis, "-"
			csv = csv sprintf("\n%s,%.3f,%s,1.00,,,%d,1.00,,,,,,,,%.2f,,", k, init, g(pp, "wall"), rtt, ipis)
			continue
		}
		idle_rate = has(id, "exits") ? (g(id, "exits") - g(b, "exits")) / IDLE : -1
		idle_wd = has(id, "exits") ? (g(id, "r52") - g(b, "r52")) / IDLE : -1
		d = g(pp, "exits") - g(b, "exits")
		hlt = (g(pp, "r12") - g(b, "r12")) / N
		timer = (g(pp, "w_timer") - g(b, "w_timer")) / N
		preempt = (g(pp, "r52") - g(b, "r52")) / N
		eoi = (g(pp, "w_eoi") - g(b, "w_eoi") + g(pp, "r45") - g(b, "r45") + g(pp, "r56") - g(b, "r56")) / N
		icr = (g(pp, "w_icr") - g(b, "w_icr")) / N
		other = d / N - hlt - timer - preempt - eoi - icr
		per_ipi = ipis > 0 ? icr / ipis : 0
		secs = g(pp, "mhz") > 0 ? rtt * N / (g(pp, "mhz") * 1e6) : 0
		rate = secs > 0 ? d / secs : 0
		printf "%-32s %9.3f %7s %10.1f %10d %7.2f %8.2f %6.2f %6.2f %7.2f %6.2f %6.2f %6.2f %7.2f %8.2f\n", name[k], init,
			g(pp, "wall"), idle_rate, rtt, bare_rtt ? rtt / bare_rtt : 0, d / N, hlt, timer, preempt, eoi, icr, other,
			ipis, per_ipi
		csv = csv sprintf("\n%s,%.3f,%s,%.3f,%.1f,%.1f,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.0f", k, init,
			g(pp, "wall"), bare_init ? init / bare_init : 0, idle_rate, idle_wd, rtt, bare_rtt ? rtt / bare_rtt : 0, d / N,
			hlt, timer, preempt, eoi, icr, other, ipis, per_ipi, rate)
		if (k == "exitless") {
			ex_init = init; ex_rtt = rtt; ex_hlt = hlt; ex_timer = timer; ex_eoi = eoi; ex_per_ipi = per_ipi
			ex_idle = idle_rate; ex_idle_wd = idle_wd
		}
	}
	printf "%-32s %9s %7s %10s %10s %7s %8s %6s %6s %7s %6s %6s %6s\n", "KVM, halt-polling seed (TCP_RR)", "", "", "", "", "",
		"12", "2", "8", "-", "-", "2", "-"
	print "(init s: the guest'"'"'s printk time at \"Run /init\", Bochs'"'"' instruction clock; ex/trans: exits per"
	print " round trip by reason: timer = TSC-deadline/LVT-timer writes, preempt = preemption-timer exits (exitless:"
	print " the watchdog; emulated: the virtual APIC timer), EOI = EOI writes"
	print " and EOI-induced/APIC-write exits; IPI/tr: rescheduling, call and TLB IPIs per round trip from"
	print " /proc/interrupts; ex/IPI: ICR exits per IPI; idle ex/s: exits per second of guest time asleep;"
	print " bare Linux idles in MWAIT, which Bochs offers and partitions do not, so there a wake-up needs no"
	print " IPI; wall s: Bochs also emulates the hypervisor core of a partition run, 3 CPUs instead of 2)"
	if (ex_init) {
		print "targets, dedicated exitless:"
		printf "  boot to init within 10%% of bare: %.3f s vs %.3f s (%+.1f%%) %s\n", ex_init, bare_init,
			100 * (ex_init / bare_init - 1), ex_init <= 1.1 * bare_init ? "met" : "MISSED"
		printf "  idle: only the watchdog, nothing per timer tick: %.1f exits/s, %.1f of them the preemption-timer watchdog (10 ms per vCPU) %s\n",
			ex_idle, ex_idle_wd, ex_idle - ex_idle_wd < 1 ? "met" : "MISSED"
		printf "  0 HLT, 0 timer, 0 EOI exits per transaction: %.2f, %.2f, %.2f %s\n", ex_hlt, ex_timer, ex_eoi,
			ex_hlt < 0.005 && ex_timer < 0.005 && ex_eoi < 0.005 ? "met" : "MISSED"
		printf "  at most 1 exit per IPI sent: %.3f %s\n", ex_per_ipi, ex_per_ipi <= 1.0005 ? "met" : "MISSED"
		printf "  round trip within 1.5x bare: %d vs %d ticks (%.2fx) %s\n", ex_rtt, bare_rtt, bare_rtt ? ex_rtt / bare_rtt : 0,
			bare_rtt && ex_rtt <= 1.5 * bare_rtt ? "met" : "MISSED"
	}
	print ""
	print "CSV (also in " csvfile "):"
	print csv
	print csv > csvfile
	exit fail
}' "$out/runs.kv"
