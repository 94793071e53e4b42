#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make run: builds splitvisor and the Linux guest, then boots the default manifest (Debian's
# Linux exitless beside the hello guest) in the best emulator here: nested QEMU/KVM where the
# host exposes VT-x with nesting, else Bochs (emulated VT-x). At a terminal the console is that
# terminal, both ways: what you type reaches the Linux shell.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
MANIFEST=${MANIFEST:-docs/examples/default.toml}
tests/deps.sh || exit 1
make -s -j2 all guests >/dev/null || { echo "make run: the build failed; run make to see why" >&2; exit 1; }
make -s linux-guest > "$B/linux-guest.log" 2>&1 || {
	tail -n 5 "$B/linux-guest.log" >&2
	echo "make run: make linux-guest failed (it downloads Debian's cloud kernel and busybox-static" \
	     "with apt-get download: is apt configured, and the network reachable?); log: $B/linux-guest.log" >&2
	exit 1
}
grep '^linux-guest: kernel' "$B/linux-guest.log"
source tests/scenarios/emulators.sh
IMAGES=("$B/linux/vmlinuz" "$B/linux/initrd" "$B/guests/hello.elf" "$B/guests/exits.elf")
mkdir -p "$B/run"
LOG=$B/run/serial.log
rm -f "$LOG"
interactive=false
[[ -t 0 && -t 1 ]] && interactive=true

why_not_kvm() {
	if [[ ! -e /dev/kvm ]]; then echo "there is no /dev/kvm"
	elif [[ ! -w /dev/kvm ]]; then echo "/dev/kvm is not writable by you"
	elif ! grep -qw vmx /proc/cpuinfo; then echo "/proc/cpuinfo shows no vmx (no Intel VT-x exposed to this machine)"
	else echo "kvm_intel's nested parameter is not Y (/sys/module/kvm_intel/parameters/nested)"
	fi
}

how_to_leave() { # EMULATOR_KEYS (what quits the emulator at once)
	if $interactive; then
		echo "make run: this terminal is the console. Linux's shell comes up after"
		echo "          'linux-guest: a shell on the console'; type into it."
		echo "          To leave: 'poweroff -f' (or 'exit') in the shell ends Linux, then splitvisor shuts"
		echo "          down; $1 quits the emulator at once."
	else
		echo "make run: stdin is not a terminal, so nothing can be typed; the console is shown until"
		echo "          ${RUN_TIMEOUT:-900} s pass (RUN_TIMEOUT=seconds to change)."
	fi
}

if kvm_usable; then
	echo "make run: using QEMU/KVM with -cpu host: the CPU shows vmx and kvm_intel nested=Y (real VT-x)"
	boot/mkusb.sh "$B/run/stick.img" "$B/splitvisor.efi" "$MANIFEST" "${IMAGES[@]}"
	echo "make run: manifest $MANIFEST; Linux boots in seconds under KVM"
	how_to_leave "Ctrl-A then X"
	to=(); $interactive || to=(timeout "${RUN_TIMEOUT:-900}")
	"${to[@]}" qemu-system-x86_64 -machine q35 -accel kvm -cpu host -smp 4 -m 1G -nodefaults -display none \
		-no-reboot -chardev stdio,id=con,mux=on,signal=off -serial chardev:con -mon chardev=con,mode=readline \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-bios "$OVMF_QEMU" -device qemu-xhci -drive if=none,id=stick,format=raw,file="$B/run/stick.img" \
		-device usb-storage,drive=stick
	st=$?
	echo "make run: QEMU exited with status $st (33 = splitvisor shut down cleanly, 35 = it reported a failure)"
	[[ $st == 33 ]]
	exit $?
fi
echo "make run: using Bochs (corei7_skylake_x, 4 CPUs, emulated VT-x): not QEMU/KVM because $(why_not_kvm);"
echo "          QEMU's TCG emulator has no VT-x, so Bochs is the best emulator here. Bochs interprets"
echo "          every instruction: Linux takes about a minute to reach its shell (seconds under KVM)."
boot/mkiso.sh "$B/run/splitvisor.iso" "$B/splitvisor.elf" "$MANIFEST" "${IMAGES[@]}"
echo "make run: manifest $MANIFEST"
how_to_leave "Ctrl-C"
if $interactive; then
	COM1_TTY=$(tty) LOG=$LOG bochs_run bios cdrom "$B/run/splitvisor.iso" 4
	st=$?
	stty sane 2>/dev/null
else
	touch "$LOG"
	tail -n +1 -F "$LOG" 2>/dev/null &
	tailpid=$!
	timeout "${RUN_TIMEOUT:-900}" bash -c "$(declare -f); LOG='$LOG'; bochs_run bios cdrom '$B/run/splitvisor.iso' 4"
	st=$?
	sleep 1
	kill $tailpid 2>/dev/null
	wait $tailpid 2>/dev/null
fi
echo
echo "make run: Bochs exited with status $st (0 = splitvisor shut down cleanly, 1 = it reported a failure," \
     "124 = the time limit); Bochs log: $B/run/bochs.log"
[[ $st == 0 ]]
