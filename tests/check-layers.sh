#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make check-layers: every #include "..." in the hypervisor goes to its own layer or one below
# (the table in docs/architecture.md, between the layers:begin/end markers, is the rule), and,
# given a build folder, no two object files reference each other's symbols in a loop.
# Prints each violation as FILE:LINE and exits 1 if there is any.
set -u
cd "$(dirname "$0")/.."
TABLE=docs/architecture.md
OBJDIR=${1:-}

# "N|pattern" lines from the table rows: | N | `pat` `pat` ... | what |
layers=$(awk '/<!-- layers:begin -->/{on=1; next} /<!-- layers:end -->/{on=0}
	on && /^\| *[0-9]+ *\|/ {
		split($0, col, "|"); n = col[2] + 0; s = col[3]
		while (match(s, /`[^`]+`/)) { print n "|" substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) }
	}' "$TABLE")
[[ -n $layers ]] || { echo "check-layers: no layer table found in $TABLE"; exit 1; }

# The layer of a path: the longest pattern that matches it ("dir/" matches everything below).
layer_of() {
	local path=$1 best=-1 bestlen=-1 n pat
	while IFS='|' read -r n pat; do
		[[ $pat == */ ]] && pat="$pat*"
		# shellcheck disable=SC2053
		if [[ $path == $pat ]] && (( ${#pat} > bestlen )); then best=$n; bestlen=${#pat}; fi
	done <<< "$layers"
	echo "$best"
}

bad=0
declare -A cache
files=$(git ls-files 'hv/*' 'apic/*' 'drivers/*' 'sched/*' 'vmx/*' 'boot/*' 2>/dev/null | grep -E '\.(c|h)$')
[[ -n $files ]] || files=$(find hv apic drivers sched vmx boot -name '*.[ch]' | sort)
for f in $files; do
	[[ -n ${cache[$f]:-} ]] || cache[$f]=$(layer_of "$f")
	from=${cache[$f]}
	if (( from < 0 )); then
		echo "$f: in no layer: add it (or its folder) to the layer table in $TABLE"; bad=1; continue
	fi
	while IFS=: read -r line inc; do
		[[ -n ${cache[$inc]:-} ]] || cache[$inc]=$(layer_of "$inc")
		to=${cache[$inc]}
		if (( to < 0 )); then
			echo "$f:$line: includes \"$inc\", which is in no layer of $TABLE"; bad=1
		elif (( to > from )); then
			echo "$f:$line: includes \"$inc\" (layer $to) from layer $from: includes must point down (see $TABLE)"; bad=1
		fi
	done < <(grep -n '^#include "' "$f" | sed 's/^\([0-9]*\):#include "\([^"]*\)".*/\1:\2/')
done

# Object files: an edge a -> b when a references a symbol b defines; a loop is a pair that
# reach each other.
if [[ -n $OBJDIR && -d $OBJDIR ]]; then
	loops=$(find "$OBJDIR" -name '*.o' ! -name 'efi_*' | sort | while read -r o; do
		n=${o#"$OBJDIR"/}; n=${n%.o}
		nm "$o" 2>/dev/null | awk -v n="$n" 'NF == 2 && $1 == "U" {print "U", n, $2} NF == 3 && $2 ~ /^[TDBRC]$/ {print "D", n, $3}'
	done | awk '
		$1 == "D" { def[$3] = $2; next }
		{ ref[++nr] = $2; sym[nr] = $3 }
		END {
			for (i = 1; i <= nr; i++) if ((sym[i] in def) && def[sym[i]] != ref[i]) {
				a = ref[i]; b = def[sym[i]]
				if (!((a, b) in e)) { e[a, b] = sym[i]; r[a, b] = 1; node[a]; node[b] }
				else if (index(e[a, b], sym[i]) == 0) e[a, b] = e[a, b] " " sym[i]
			}
			for (k in node) for (i in node) if ((i, k) in r) for (j in node) if ((k, j) in r) r[i, j] = 1
			for (k in e) { split(k, ab, SUBSEP); if ((ab[2], ab[1]) in r) print ab[1] " -> " ab[2] " (" e[k] ")" }
		}' | sort)
	if [[ -n $loops ]]; then
		echo "object files that reference each other in a loop (move the shared part below both):"
		echo "$loops" | sed 's/^/  /'
		bad=1
	fi
fi
exit $bad
