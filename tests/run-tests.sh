#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make test: host unit tests, the manifest checker, a short fuzz run, then every emulator
# scenario (two at a time, each with a timeout). Ends with "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
tests/deps.sh || exit 1
echo "== build"
mkdir -p "$B"
make -j2 all guests panic-test fuzz-hv unit-programs >"$B/make.log" 2>&1 || {
	tail -n 30 "$B/make.log"
	echo "build failed (full log: $B/make.log)"
	echo "0 passed, 1 failed"
	exit 1
}
mkdir -p "$B/results"
results=$B/results/all.txt
: > "$results"

record() { # NAME STATUS [DETAIL]
	if [[ $2 == 0 ]]; then echo "PASS $1" | tee -a "$results"; else echo "FAIL $1 ${3:-}" | tee -a "$results"; fi
}

echo "== Linux guest (Debian's cloud kernel and busybox, fetched once)"
make linux-guest >"$B/linux-guest.log" 2>&1
st=$?
grep '^linux-guest: kernel' "$B/linux-guest.log" | sed 's/^/   /'
record "linux-guest: kernel and initramfs built" $st "(see $B/linux-guest.log)"

echo "== host unit tests"
for t in "$B"/tests/test_*; do
	[[ -x $t ]] || continue
	args=()
	[[ $t == */test_linux_params && -f $B/linux/vmlinuz ]] && args=("$B/linux/vmlinuz") # Debian's bzImage too
	"$t" "${args[@]}" > "$t.out" 2>&1
	st=$?
	grep -E "^\[  (PASSED|FAILED)  \]|tests? run" "$t.out" | tail -n 2 | sed 's/^/   /'
	record "unit:$(basename "$t")" $st "(see $t.out)"
done

echo "== layers"
tests/check-layers.sh "$B/hv" > "$B/results/layers.out" 2>&1
st=$?
sed 's/^/   /' "$B/results/layers.out" | head -n 20
record "layers:includes point down docs/architecture.md's table, objects form no loop" $st "(see $B/results/layers.out)"

echo "== offline checker"
imgdir=$B/results/images # the test guests and the Linux guest, as the examples name them
rm -rf "$imgdir" && mkdir -p "$imgdir"
ln -s "$PWD/$B"/guests/*.elf "$PWD/$B"/linux/vmlinuz "$PWD/$B"/linux/initrd "$imgdir"/ 2>/dev/null
for m in docs/examples/*.toml; do
	"$B/splitvisor-check" "$m" --cpus 4 --memory 2G --images "$imgdir" > "$B/results/check.out" 2>&1
	record "check:$(basename "$m") is valid" $?
done
"$B/splitvisor-check" tests/manifests/invalid-many.toml --images "$imgdir" > "$B/results/check-invalid.out" 2>&1
st=$?
[[ $st == 1 ]] && (( $(grep -c ': error: ' "$B/results/check-invalid.out") >= 10 ))
record "check:invalid-many.toml reports all errors, status 1" $?
# the Linux images the hypervisor refuses at launch are refused offline too, with the same words
"$B/splitvisor-check" tests/manifests/linux-refused.toml --images "$imgdir" > "$B/results/check-linux.out" 2>&1
[[ $? == 1 ]] && grep -q "partition \`notlinux\`: kernel hello.elf: not a Linux bzImage" "$B/results/check-linux.out" &&
	grep -q "partition \`toosmall\`: .* do not fit in the partition's 16 MiB; give it more memory" "$B/results/check-linux.out"
record "check:linux-refused.toml names both images the loader would refuse, status 1" $?

echo "== fuzz (short)"
make fuzz-manifest-short > "$B/results/fuzz.out" 2>&1
st=$?
grep -E "^Done [0-9]+ runs" "$B/results/fuzz.out" | sed 's/^/   /'
record "fuzz:manifest parser ${FUZZ_SHORT_SECONDS:-20}s" $st "(see $B/results/fuzz.out)"

echo "== emulator scenarios (two at a time)"
names=${SCENARIOS:-$(bash -c 'source tests/scenarios/emulators.sh; source tests/scenarios/lib.sh; source tests/scenarios/scenarios.sh; source tests/scenarios/fuzz.sh; scenario_list')}
printf '%s\n' $names | xargs -P "${SCENARIO_JOBS:-2}" -n 1 tests/scenarios/run-one.sh | tee -a "$results" | grep -v '^     |' || true

passed=$(grep -c '^PASS' "$results")
failed=$(grep -c '^FAIL' "$results")
echo
echo "$passed passed, $failed failed"
(( failed == 0 ))
