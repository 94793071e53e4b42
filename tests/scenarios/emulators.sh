# SPDX-License-Identifier: BSD-2-Clause
# Emulator launchers for scenarios: QEMU (TCG or KVM) with OVMF or SeaBIOS, and Bochs.
# Each writes the serial console to $LOG and returns the emulator's exit status.

export OVMF_QEMU=${OVMF_QEMU:-/usr/share/ovmf/OVMF.fd}
export OVMF_BOCHS=${OVMF_BOCHS:-/usr/share/OVMF/OVMF_CODE.fd}
export QEMU_MEM=${QEMU_MEM:-512M}

# KVM only where the host really exposes VT-x to guests with nesting.
kvm_usable() {
	[[ -w /dev/kvm ]] && grep -qw vmx /proc/cpuinfo &&
		[[ $(cat /sys/module/kvm_intel/parameters/nested 2>/dev/null) == [Y1] ]]
}

qemu_accel() {
	if [[ ${SPLITVISOR_ACCEL:-auto} != tcg ]] && kvm_usable; then
		echo "-accel kvm -cpu host"
	else
		echo "-accel tcg -cpu max"
	fi
}

qemu_base() { # SMP
	echo "-machine q35 $(qemu_accel) -smp $1 -m $QEMU_MEM -nodefaults -display none -no-reboot" \
		"-serial file:$LOG -device isa-debug-exit,iobase=0xf4,iosize=0x04"
}

qemu_uefi_dir() { # DIR SMP
	qemu-system-x86_64 $(qemu_base "$2") -bios "$OVMF_QEMU" -drive format=raw,file=fat:rw:"$1"
}

qemu_iso_bios() { # ISO SMP
	qemu-system-x86_64 $(qemu_base "$2") -drive media=cdrom,readonly=on,file="$1"
}

qemu_iso_uefi() { # ISO SMP
	qemu-system-x86_64 $(qemu_base "$2") -bios "$OVMF_QEMU" -drive media=cdrom,readonly=on,file="$1"
}

qemu_usb() { # IMG SMP
	qemu-system-x86_64 $(qemu_base "$2") -bios "$OVMF_QEMU" -device qemu-xhci \
		-drive if=none,id=stick,format=raw,file="$1" -device usb-storage,drive=stick
}

qemu_pxe() { # TFTPDIR SMP
	qemu-system-x86_64 $(qemu_base "$2") -bios "$OVMF_QEMU" \
		-netdev user,id=n0,restrict=on,tftp="$1",bootfile=BOOTX64.EFI \
		-device virtio-net-pci,netdev=n0,romfile=
}

# Bochs: corei7_skylake_x has VMX with EPT, VPID, unrestricted guest.
bochs_run() { # ROM BOOTDEV(cdrom|disk) IMAGE CPUS
	local rom=$1 dev=$2 image=$3 cpus=$4 dir
	dir=$(dirname "$LOG")
	{
		echo "megs: 512"
		echo "cpu: model=corei7_skylake_x, count=1:$cpus:1, ips=50000000, reset_on_triple_fault=0"
		if [[ $rom == bios ]]; then
			echo "romimage: file=/usr/share/bochs/BIOS-bochs-latest, options=fastboot"
		else
			echo "romimage: file=$rom"
		fi
		echo "vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest"
		echo "ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14"
		if [[ $dev == cdrom ]]; then
			echo "ata0-master: type=cdrom, path=$image, status=inserted"
		else
			echo "ata0-master: type=disk, path=$image, mode=flat"
		fi
		echo "ata1: enabled=1, ioaddr1=0x170, ioaddr2=0x370, irq=15"
		echo "boot: $dev"
		echo "display_library: rfb, options=\"timeout=0\""
		echo "panic: action=fatal"
		echo "error: action=report"
		echo "log: $dir/bochs.log"
		echo "clock: sync=none, time0=946684800"
		if [[ -n ${COM1_TTY:-} ]]; then # make run at a terminal: COM1 is that terminal, both ways
			echo "com1: enabled=1, mode=term, dev=$COM1_TTY"
		else
			echo "com1: enabled=1, mode=file, dev=$LOG"
		fi
		[[ -n ${COM2_LOG:-} ]] && echo "com2: enabled=1, mode=file, dev=$COM2_LOG"
		echo "port_e9_hack: enabled=1"
		echo "magic_break: enabled=1"
		echo "speaker: enabled=0"
		echo "sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy"
	} > "$dir/bochsrc"
	printf 'c\nq\n' > "$dir/bochs.rc"
	bochs-bin -q -f "$dir/bochsrc" -rc "$dir/bochs.rc" </dev/null >"$dir/bochs.out" 2>&1
}
