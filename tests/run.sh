#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# make run: builds splitvisor and boots it with the default manifest in the best emulator
# here: nested QEMU/KVM where the host exposes VT-x with nesting, else Bochs (emulated VT-x).
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
MANIFEST=${MANIFEST:-docs/examples/default.toml}
tests/deps.sh || exit 1
make -s -j2 all guests >/dev/null || { echo "make run: the build failed; run make to see why" >&2; exit 1; }
source tests/scenarios/emulators.sh
IMAGES=("$B/guests/hello.elf" "$B/guests/exits.elf")
mkdir -p "$B/run"
LOG=$B/run/serial.log
rm -f "$LOG"

why_not_kvm() {
	if [[ ! -e /dev/kvm ]]; then echo "there is no /dev/kvm"
	elif [[ ! -w /dev/kvm ]]; then echo "/dev/kvm is not writable by you"
	elif ! grep -qw vmx /proc/cpuinfo; then echo "/proc/cpuinfo shows no vmx (no Intel VT-x exposed to this machine)"
	else echo "kvm_intel's nested parameter is not Y (/sys/module/kvm_intel/parameters/nested)"
	fi
}

if kvm_usable; then
	echo "make run: using QEMU/KVM with -cpu host: the CPU shows vmx and kvm_intel nested=Y (real VT-x)"
	boot/mkusb.sh "$B/run/stick.img" "$B/splitvisor.efi" "$MANIFEST" "${IMAGES[@]}"
	echo "make run: manifest $MANIFEST; console follows (COM1)"
	qemu-system-x86_64 -machine q35 -accel kvm -cpu host -smp 4 -m 1G -nodefaults -display none \
		-no-reboot -serial stdio -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-bios "$OVMF_QEMU" -device qemu-xhci -drive if=none,id=stick,format=raw,file="$B/run/stick.img" \
		-device usb-storage,drive=stick
	st=$?
	echo "make run: QEMU exited with status $st (33 = splitvisor shut down cleanly, 35 = it reported a failure)"
	[[ $st == 33 ]]
	exit $?
fi
echo "make run: using Bochs (corei7_skylake_x, 4 CPUs, emulated VT-x): not QEMU/KVM because $(why_not_kvm);"
echo "          QEMU's TCG emulator has no VT-x, so Bochs is the best emulator here"
boot/mkiso.sh "$B/run/splitvisor.iso" "$B/splitvisor.elf" "$MANIFEST" "${IMAGES[@]}"
echo "make run: manifest $MANIFEST; console follows (COM1)"
touch "$LOG"
tail -n +1 -F "$LOG" 2>/dev/null &
tailpid=$!
timeout 600 bash -c "$(declare -f); LOG='$LOG'; bochs_run bios cdrom '$B/run/splitvisor.iso' 4"
st=$?
sleep 1
kill $tailpid 2>/dev/null
wait $tailpid 2>/dev/null
echo
echo "make run: Bochs exited with status $st (0 = splitvisor shut down cleanly, 1 = it reported a failure); Bochs log: $B/run/bochs.log"
[[ $st == 0 ]]
