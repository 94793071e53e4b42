#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# Runs one emulator scenario by name; prints "PASS name (Ns)" or "FAIL name: reasons".
set -u
cd "$(dirname "$0")/../.."
source tests/scenarios/emulators.sh
source tests/scenarios/lib.sh
source tests/scenarios/scenarios.sh
source tests/scenarios/fuzz.sh
source tests/bench_lib.sh
name=$1
DIR=$B/scenarios/$name
LOG=$DIR/serial.log
rm -rf "$DIR"
mkdir -p "$DIR"
start=$SECONDS
if ! declare -F "scenario_$name" >/dev/null; then
	echo "FAIL $name: no such scenario (see tests/scenarios/scenarios.sh)"
	exit 1
fi
"scenario_$name" > "$DIR/scenario.out" 2>&1
took=$((SECONDS - start))
if (( ${#FAILS[@]} == 0 )); then
	echo "PASS $name (${took}s)"
	exit 0
fi
echo "FAIL $name (${took}s): $(IFS=';'; echo "${FAILS[*]}")"
echo "     console: $LOG"
console | tail -n 15 | sed 's/^/     | /'
exit 1
