# SPDX-License-Identifier: BSD-2-Clause
# Helpers shared by the Bochs benchmarks: a GRUB ISO that boots a test guest on the bare
# emulator, and a Bochs run whose console is cleaned of escapes.

# bare_guest_iso OUT.iso GUEST [CMDLINE]: GRUB loads build/guests/GUEST.elf by multiboot v1.
bare_guest_iso() {
	local w
	w=$(mktemp -d)
	mkdir -p "$w/boot/grub"
	cp "$B/guests/$2.elf" "$w/boot/"
	printf 'set timeout=0\nset timeout_style=hidden\nmenuentry "%s (bare)" {\n  multiboot /boot/%s.elf %s\n  boot\n}\n' \
		"$2" "$2" "${3:-}" > "$w/boot/grub/grub.cfg"
	grub-mkrescue -o "$1" "$w" >/dev/null 2>&1
	rm -rf "$w"
}

# bench_bochs ISO LOG CPUS: boots ISO in Bochs (BIOS) with a time limit.
bench_bochs() {
	LOG=$2
	rm -f "$LOG"
	timeout 300 bash -c "$(declare -f); LOG='$LOG'; COM2_LOG='${COM2_LOG:-}'; bochs_run bios cdrom '$1' $3" >/dev/null 2>&1
	sed -i 's/\x1b\[[0-9;?=]*[a-zA-Z]//g; s/\r//g' "$LOG"
}
