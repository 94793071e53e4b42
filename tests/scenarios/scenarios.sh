# SPDX-License-Identifier: BSD-2-Clause
# The emulator scenarios: each builds its media, boots, and asserts console and exit status.
# QEMU with isa-debug-exit ends with 33 (success) or 35 (failure); Bochs with 0 or 1.

GUESTS_DIR=$B/guests
HELLO_MANIFEST=docs/examples/hello.toml

qemu_uefi_smp() { # NCPUS
	media_esp "$DIR/esp" "$B/splitvisor.efi" -
	run 120 qemu_uefi_dir "$DIR/esp" "$1"
	expect_status 33
	expect "booted by UEFI" "splitvisor.toml not found .*using the default plan" \
		"no partitions to run" "shutdown, status success"
	expect_good_boot "$1"
}
scenario_qemu_uefi_1cpu() { qemu_uefi_smp 1; }
scenario_qemu_uefi_2cpu() { qemu_uefi_smp 2; }
scenario_qemu_uefi_4cpu() { qemu_uefi_smp 4; }
scenario_qemu_uefi_8cpu() { qemu_uefi_smp 8; }

default_plan_expectations() {
	expect "manifest: splitvisor.toml \([0-9]+ bytes\)" \
		" +1 +1 +guest +demo +CPU 0" " +3 +3 +guest +demo +CPU 0" \
		"partition 'demo': 64 MiB guest-physical" "guest 0x000000000-0x004000000 <- host 0x"
}

scenario_qemu_iso_bios() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" "$HELLO_MANIFEST" "$GUESTS_DIR/hello.elf"
	run 120 qemu_iso_bios "$DIR/sv.iso" 4
	expect "booted by GRUB2 multiboot2 \(BIOS\)"
	default_plan_expectations
	expect_good_boot 4
	expect_demo_partition_qemu
}

scenario_qemu_iso_uefi() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" "$HELLO_MANIFEST" "$GUESTS_DIR/hello.elf"
	run 120 qemu_iso_uefi "$DIR/sv.iso" 4
	expect "booted by GRUB2 multiboot2 \(UEFI\)"
	default_plan_expectations
	expect_good_boot 4
	expect_demo_partition_qemu
}

scenario_qemu_usb_stick() {
	./boot/mkusb.sh "$DIR/stick.img" "$B/splitvisor.efi" "$HELLO_MANIFEST" "$GUESTS_DIR/hello.elf"
	run 120 qemu_usb "$DIR/stick.img" 4
	expect "booted by UEFI" "from .*USB"
	default_plan_expectations
	expect_good_boot 4
	expect_demo_partition_qemu
}

scenario_qemu_pxe() {
	./boot/mkpxe.sh "$DIR/tftp" "$B/splitvisor.elf" "$HELLO_MANIFEST" "$GUESTS_DIR/hello.elf"
	run 150 qemu_pxe "$DIR/tftp" 4
	expect "booted by GRUB2 multiboot2 \(UEFI\)"
	default_plan_expectations
	expect_good_boot 4
	expect_demo_partition_qemu
}

scenario_bochs_iso_two_partitions() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" docs/examples/two-partitions.toml \
		"$GUESTS_DIR/hello.elf" "$GUESTS_DIR/exits.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 4
	expect_status 0
	expect "booted by GRUB2 multiboot2 \(BIOS\)" "x2APIC mode" "shutdown, status success" \
		" +1 +1 +guest +alpha +CPU 0" " +2 +2 +guest +beta +CPU 0" " +3 +3 +unused" \
		"partition 'alpha': .*dedicated.*exits split" "partition 'beta': .*dedicated.*exits local" \
		"\\[alpha\\] hello from the splitvisor test guest" "\\[beta\\] exits: 5000 operations done" \
		"\\[beta\\] exits: hypervisor bit set, signature 'SplitvisorHV'" \
		"partition 'alpha' stopped \\(debug exit, status 0x10\\)" \
		"partition 'beta' stopped \\(debug exit, status 0x10\\)" \
		'stat \{"partition":"alpha","exits":"split","vcpu":0,"reason":30,"name":"I/O instruction","count":([0-9]+),"on_hv_core":\1,' \
		'stat \{"partition":"beta","exits":"local","vcpu":0,"reason":10,"name":"CPUID","count":1005,"on_hv_core":0,' \
		'stat \{"partition":"beta","exits":"local","vcpu":0,"reason":30,"name":"I/O instruction","count":[0-9]+,"on_hv_core":0,' \
		'stat \{"partition":"beta","exits":"local","vcpu":0,"reason":18,"name":"VMCALL","count":1000,"on_hv_core":0,' \
		'stat \{"partition":"beta","exits":"local","vcpu":0,"reason":31,"name":"RDMSR","count":1000,"on_hv_core":0,'
	expect_good_boot 4
}

scenario_bochs_ovmf_disk() {
	./boot/mkusb.sh "$DIR/disk.img" "$B/splitvisor.efi" "$HELLO_MANIFEST" "$GUESTS_DIR/hello.elf"
	run 240 bochs_run "$OVMF_BOCHS" disk "$DIR/disk.img" 4
	expect_status 0
	expect "booted by UEFI" "falling back to CPUID" "shutdown, status success" \
		"\\[demo\\] hello from the splitvisor test guest \\(multiboot magic ok\\)" \
		"partition 'demo' stopped \\(debug exit, status 0x10\\)"
	default_plan_expectations
	expect_good_boot 4
}

scenario_qemu_panic_stops_all_cores() {
	media_esp "$DIR/esp" "$B/panic_test/splitvisor.efi" -
	run 120 qemu_uefi_dir "$DIR/esp" 4
	expect_status 35
	expect "panic_test: CPU 3 executes ud2 on purpose" "EXCEPTION on CPU 3 \(APIC ID 3\): vector 6 #UD" \
		"RIP=" "call trace:" "PANIC on CPU 3 \(APIC ID 3\)" "panic: 3 of 3 other cores stopped" \
		"shutdown, status failure"
	expect_not "did not stop" "splitvisor: no partitions"
}

scenario_bochs_panic_stops_all_cores() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/panic_test/splitvisor.elf" -
	run 150 bochs_run bios cdrom "$DIR/sv.iso" 4
	expect_status 1
	expect "PANIC on CPU 3" "panic: 3 of 3 other cores stopped" "shutdown, status failure"
}

scenario_qemu_manifest_invalid() {
	media_esp "$DIR/esp" "$B/splitvisor.efi" tests/manifests/invalid-many.toml "$GUESTS_DIR/hello.elf"
	run 120 qemu_uefi_dir "$DIR/esp" 4
	expect_status 35
	expect_count "^splitvisor.toml:[0-9]+:[0-9]+: error: " 10
	expect "splitvisor.toml:5:7: error: bad log \"verbose\"" \
		"unknown key .memroy. in \[\[partition\]\]; did you mean .memory.\?" \
		"CPU 9 does not exist: this machine has 4 CPUs" \
		"image \"missing.elf\" was not found" \
		"no partition was started" "shutdown, status failure"
	expect_not "core plan:" "mailbox self-test" "splitvisor: ready"
}

scenario_qemu_manifest_boot_cpu_is_guest() {
	printf '[hypervisor]\ncores = [1]\n[[partition]]\nname = "p"\ncores = [0]\nmemory = "16M"\nkernel = "hello.elf"\n' > "$DIR/bsp.toml"
	media_esp "$DIR/esp" "$B/splitvisor.efi" "$DIR/bsp.toml" "$GUESTS_DIR/hello.elf"
	run 120 qemu_uefi_dir "$DIR/esp" 2
	expect_status 35
	expect "CPU 0 is the boot CPU and must be a hypervisor core; add 0 to \[hypervisor\] cores"
	expect_not "splitvisor: ready"
}

scenario_list() {
	declare -F | awk '{print $3}' | grep '^scenario_' | grep -v '^scenario_list$' | sed 's/^scenario_//'
}

# An exitless partition offers x2APIC only: a guest that uses the xAPIC page there is stopped with
# a message (not left hanging, not given the real APIC); the same guest in emulated mode reads it.
scenario_bochs_xapic_in_exitless_refused() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/xapic-exitless.toml "$GUESTS_DIR/xapicprobe.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 3
	expect_status 1 # a partition was stopped by a fault: the run reports failure
	expect "partition 'probe' stopped \(fault, status 0xfee00020\): the guest used the xAPIC MMIO page \(read at 0xfee00020.*enable x2APIC in the guest, or use interrupts = \"emulated\"$" \
		"\[emulated\] xapicprobe: read 0 through the xAPIC page" \
		"partition 'emulated' stopped \(debug exit, status 0x10\)"
	expect_not "\[probe\] xapicprobe: read [0-9]" "PANIC" "EXCEPTION"
}

scenario_bochs_isolation() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/isolation.toml \
		"$GUESTS_DIR/isolation.elf" "$GUESTS_DIR/exits.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 4
	expect_status 1 # a partition was stopped by a fault: the run reports failure
	expect "\[attacker\] isolation: VMXON: refused with vector 6" \
		"\[attacker\] isolation: WRMSR to the locked IA32_FEATURE_CONTROL: refused with vector 13" \
		"\[attacker\] isolation: WRMSR to IA32_APIC_BASE with a reserved bit: refused with vector 13" \
		"\[attacker\] isolation: 0x200000 holds our own memory, not the hypervisor" \
		"partition 'attacker' stopped \(fault, status 0x1001000\): isolation: read at guest-physical 0x1001000, outside its 16 MiB" \
		"\[neighbour\] exits: 5000 operations done" \
		"partition 'neighbour' stopped \(debug exit, status 0x10\)" \
		"splitvisor: all partitions ended \(not all cleanly\)"
	expect_not "NOT refused" "VISIBLE" "BROKEN" "PANIC" "EXCEPTION"
}

scenario_bochs_fault_stop_and_restart() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/fault.toml \
		"$GUESTS_DIR/fault.elf" "$GUESTS_DIR/hello.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 5
	expect_status 1
	expect "partition 'crash-stop' stopped \(reset, status 0x6\): the guest reset itself \(0x6 written to port 0xcf9\)" \
		"partition 'crash-restart': restarting \(on_exit = \"restart\", restart 1 of at most 3\)" \
		"partition 'crash-restart': restarting \(on_exit = \"restart\", restart 3 of at most 3\)" \
		"partition 'crash-restart': restarted 3 times; not restarting again" \
		"\[survivor\] hello from the splitvisor test guest" \
		"partition 'survivor' stopped \(debug exit, status 0x10\)"
	expect_count "^\[crash-restart\] fault: about to triple fault" 4
	expect_count "^\[crash-stop\] fault: resetting through port 0xCF9" 1
	expect "partition 'crash-restart' stopped \(fault, status 0x0\): triple fault at RIP" \
		"partition 'task-switch' stopped \(fault, status 0x0\): the guest asked for a hardware task switch \(a JMP to TSS selector 0x18\) at RIP 0x[0-9a-f]+; splitvisor does not emulate task switches"
	expect_not "still alive" "PANIC" "EXCEPTION" "unexpected VM exit"
}

scenario_bochs_smp_guest() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/smp.toml "$GUESTS_DIR/smp.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 4
	expect_status 0
	expect "\[smp\] smp: x2APIC ID of the boot vCPU is 0; starting 2 more" \
		"\[smp\] smp: 3 of 3 vCPUs running" "partition 'smp' stopped \(debug exit, status 0x10\)" \
		'stat \{"partition":"smp","exits":"split","vcpu":0,"reason":32,"name":"WRMSR"' \
		"shutdown, status success"
	expect_not "PANIC" "EXCEPTION"
}

scenario_bochs_guest_formats() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/formats.toml \
		"$GUESTS_DIR/hello2.elf" "$GUESTS_DIR/raw64.bin" "$GUESTS_DIR/hello.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 4
	expect_status 0
	expect "\[mb2\] hello2: multiboot2 magic ok, loader 'splitvisor', cmdline 'from the manifest', 2 module\(s\), 16 MiB" \
		"\[raw\] raw64: hello from 64-bit long mode" "\[mb1\] hello from the splitvisor test guest \(multiboot magic ok\)" \
		"partition 'mb2' stopped \(debug exit, status 0x10\)" "partition 'raw' stopped \(debug exit, status 0x10\)" \
		"partition 'mb1' stopped \(debug exit, status 0x10\)" "shutdown, status success"
	expect_not "PANIC" "EXCEPTION"
}

# The test guests also boot on the bare emulator through GRUB (the baseline of make bench).
scenario_qemu_bare_guests() {
	local g
	for g in hello exits; do
		bare_guest_iso "$DIR/$g.iso" "$g" || fail "grub-mkrescue failed for $g"
		LOG=$DIR/$g.log
		run 60 qemu_iso_bios "$DIR/$g.iso" 1
		expect_status 33
	done
	LOG=$DIR/hello.log
	expect "hello from the splitvisor test guest \(multiboot magic ok\)"
	LOG=$DIR/exits.log
	expect "exits: 4000 operations done"
	expect_not "SplitvisorHV"
	LOG=$DIR/serial.log
	cat "$DIR/hello.log" "$DIR/exits.log" > "$LOG"
}

scenario_bochs_exitless_interrupts() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/interrupts.toml \
		"$GUESTS_DIR/timer.elf" "$GUESTS_DIR/ipi.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 4
	expect_status 0
	expect "\[timer\] timer: 1000 interrupts in [0-9]+ ticks" \
		"\[ipi\] ipi: 500 round trips, 1000 IPIs received" "\[ipi\] ipi: vCPU 1 took the NMI" \
		'phase \{"partition":"ipi","exits":"split","vcpu":0,"label":2,"reason":32,"name":"WRMSR","count":500,' \
		'phase \{"partition":"ipi","exits":"split","vcpu":1,"label":2,"reason":32,"name":"WRMSR","count":500,' \
		"shutdown, status success"
	# during the timer phase nothing but the watchdog may exit; during ping-pong only the ICR writes
	expect_not 'phase \{"partition":"timer",.*"label":1,"reason":([0-9]|[1-4][0-9]|5[013-9]|6[0-9]),' \
		'phase \{"partition":"ipi",.*"label":2,"reason":([0-9]|[12][0-9]|3[013-9]|4[0-9]|5[013-9]|6[0-9]),' \
		"PANIC" "EXCEPTION"
}

scenario_bochs_attacker_contained() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/attacker.toml CMDLINE=run_limit_ms=300 \
		"$GUESTS_DIR/attacker.elf" "$GUESTS_DIR/exits.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 4
	expect_status 1 # the attacker did not end by itself
	expect "\[attacker\] attacker: sent IPIs to APIC IDs 1-255" \
		"\[attacker\] attacker: APIC_BASE moved, the IOAPIC still answers with 24 pins" \
		"\[attacker\] attacker: interrupts off, halting for ever" \
		"\[neighbour\] exits: 5000 operations done" \
		"partition 'neighbour' stopped \(debug exit, status 0x10\)" \
		"partition 'attacker' stopped \(run limit, status 0x0\): run limit of 300 ms reached" \
		"IPIs dropped \(outside the partition or not deliverable\): 257" \
		"\[attacker-emulated\] attacker: APIC_BASE moved, the IOAPIC still answers with 24 pins" \
		"partition 'attacker-emulated' stopped \(run limit, status 0x0\): run limit of 300 ms reached"
	expect_count "IPIs dropped \(outside the partition or not deliverable\): 257" 2
	expect_not "ACCEPTED" "PANIC" "EXCEPTION"
}

scenario_bochs_emulated_interrupts() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/interrupts-emulated.toml \
		"$GUESTS_DIR/timer.elf" "$GUESTS_DIR/ipi.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 5
	expect_status 0
	expect "\[timer\] timer: 1000 interrupts in [0-9]+ ticks" \
		"\[ipi\] ipi: 500 round trips, 1000 IPIs received" "\[ipi\] ipi: vCPU 1 took the NMI" \
		"\[xapic\] timer: 200 interrupts in [0-9]+ ticks" \
		'phase \{"partition":"timer","exits":"split","vcpu":0,"label":1,"reason":32,"name":"WRMSR","count":(1000|2000),' \
		'phase \{"partition":"timer","exits":"split","vcpu":0,"label":1,"reason":12,"name":"HLT",' \
		'phase \{"partition":"ipi","exits":"split","vcpu":1,"label":2,"reason":32,"name":"WRMSR","count":(500|1000),' \
		"shutdown, status success"
	expect_not "PANIC" "EXCEPTION"
}

scenario_bochs_uart_receive_interrupts() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/uartrx.toml \
		CMDLINE=uart_input=hello_from_the_test_script "$GUESTS_DIR/uartrx.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 4
	expect_status 0
	expect "\[rx-exitless\] uartrx: IOAPIC with 24 pins" \
		"\[rx-exitless\] uartrx: received 'hello from the test script' with [1-9][0-9]* interrupt" \
		"\[rx-emulated\] uartrx: received 'hello from the test script' with [1-9][0-9]* interrupt" \
		"partition 'rx-exitless' stopped \(debug exit, status 0x10\)" \
		"partition 'rx-emulated' stopped \(debug exit, status 0x10\)" "shutdown, status success"
	expect_not "PANIC" "EXCEPTION"
}

scenario_bochs_assigned_com2() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/com2.toml "$GUESTS_DIR/com2tx.elf"
	export COM2_LOG=$DIR/com2.log
	run 150 bochs_run bios cdrom "$DIR/sv.iso" 2
	unset COM2_LOG
	expect_status 0
	expect "\[owner\] com2tx: sent 47 bytes with 4[0-9] interrupts" \
		"partition 'owner' stopped \(debug exit, status 0x10\)" "shutdown, status success"
	# the transmission phase (label 3) had no exits: ports, interrupts and EOIs are the guest's
	expect_not 'phase \{"partition":"owner",.*"label":3,"reason":([0-9]|[1-4][0-9]|5[013-9]|6[0-9]),' "PANIC"
	grep -q "com2: sent by interrupts from an assigned UART" "$DIR/com2.log" || fail "COM2 output missing"
}

scenario_bochs_emulated_interrupts_no_apicv() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/interrupts-emulated.toml CMDLINE=apicv=off \
		"$GUESTS_DIR/timer.elf" "$GUESTS_DIR/ipi.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 5
	expect_status 0
	expect "the emulated APIC injects at entry \(apicv=off\)" \
		"\[timer\] timer: 1000 interrupts in [0-9]+ ticks" "\[xapic\] timer: 200 interrupts" \
		"\[ipi\] ipi: 500 round trips, 1000 IPIs received" "\[ipi\] ipi: vCPU 1 took the NMI" \
		'phase \{"partition":"timer","exits":"split","vcpu":0,"label":1,"reason":32,"name":"WRMSR","count":2000,' \
		'phase \{"partition":"timer","exits":"split","vcpu":0,"label":1,"reason":7,"name":"interrupt window"' \
		"shutdown, status success"
	expect_not "PANIC" "EXCEPTION"
}

# A software-disabled APIC keeps its LVTs masked; a legal periodic timer of count 1 runs at the
# minimum period and the run limit still ends the partition (split and local exits).
scenario_bochs_timer_storm_contained() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/storm.toml CMDLINE=run_limit_ms=400 \
		"$GUESTS_DIR/storm.elf" "$GUESTS_DIR/exits.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 4
	expect_status 1 # the storm partitions do not end by themselves
	local few="([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]) interrupts and [1-9][0-9]* guest loop rounds"
	expect "\[storm\] storm: software-disabled APIC keeps the LVT timer masked, 0 interrupts" \
		"\[storm-local\] storm: software-disabled APIC keeps the LVT timer masked, 0 interrupts" \
		"\[storm\] storm: periodic timer with count 1: $few" \
		"\[storm-local\] storm: periodic timer with count 1: $few" \
		"\[neighbour\] exits: 5000 operations done" \
		"partition 'storm' stopped \(run limit, status 0x0\): run limit of 400 ms reached" \
		"partition 'storm-local' stopped \(run limit, status 0x0\): run limit of 400 ms reached" \
		"shutdown"
	expect_not "UNMASKED" "PANIC" "EXCEPTION"
}

# A partition printing and checkpointing without end is held to its console quota; its
# neighbour's lines all appear, and the count of what was not printed comes at the end.
scenario_bochs_console_flood_limited() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/flood.toml CMDLINE=run_limit_ms=2000 \
		"$GUESTS_DIR/flood.elf" "$GUESTS_DIR/exits.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 3
	expect_status 1 # the flood does not end by itself
	expect "\[flood\] flood: line 0$" "\[neighbour\] exits: hypervisor bit set" \
		"\[neighbour\] exits: 5000 operations done" \
		"partition 'flood' stopped \(run limit, status 0x0\)" \
		"partition 'flood': [1-9][0-9]* console messages not printed \(more than 8192 bytes at once or 2048 bytes a second\)" \
		"shutdown"
	local printed # bytes: 8192 at once and 2048 a second for 2 s, with room for line ends
	printed=$(console | grep '^\[flood\] flood: line \|^phase {"partition":"flood"' | wc -c)
	(( printed <= 13500 )) || fail "the flooding partition printed $printed bytes (quota: 8192 + 2048/s)"
	expect_not "PANIC" "EXCEPTION"
}

# The conformance guests (tests/guests/{apic,ipis,ioapic,timers,cpuidmsr}.c, written from the SDM
# and the datasheets; every check passes on bare Bochs) must pass in partitions too.
conformance_expect() { # GUEST...: each printed its summary with no failure, and nothing broke
	local g
	for g in "$@"; do
		expect "\[$g\] $g: [1-9][0-9]* passed, 0 failed"
	done
	expect_not "\] FAIL " "PANIC" "EXCEPTION"
}

scenario_bochs_conformance_apic() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/conformance-apic.toml \
		"$GUESTS_DIR/apic.elf" "$GUESTS_DIR/ipis.elf"
	run_vmx_iso 200 "$DIR/sv.iso" 5
	expect_status 0
	conformance_expect apic ipis
}

scenario_bochs_conformance_apic_no_apicv() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/conformance-apic.toml CMDLINE=apicv=off \
		"$GUESTS_DIR/apic.elf" "$GUESTS_DIR/ipis.elf"
	run_vmx_iso 200 "$DIR/sv.iso" 5
	expect_status 0
	expect "the emulated APIC injects at entry \(apicv=off\)"
	conformance_expect apic ipis
}

scenario_bochs_conformance_platform() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/conformance-platform.toml \
		"$GUESTS_DIR/ioapic.elf" "$GUESTS_DIR/cpuidmsr.elf"
	run_vmx_iso 250 "$DIR/sv.iso" 4
	expect_status 0
	conformance_expect ioapic cpuidmsr
}

scenario_bochs_conformance_timers() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/conformance-timers.toml "$GUESTS_DIR/timers.elf"
	run_vmx_iso 200 "$DIR/sv.iso" 2
	expect_status 0
	conformance_expect timers
}

scenario_bochs_conformance_exitless() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/conformance-exitless.toml \
		"$GUESTS_DIR/ipis.elf"
	run_vmx_iso 200 "$DIR/sv.iso" 4
	expect_status 0
	conformance_expect ipis
}

# KVM's paravirtual interface (CPUID leaves, steal time, PV EOI, poll control, send-IPI, kick,
# yield) against its documentation, with the emulated APIC and exitless; each feature's counter.
scenario_bochs_kvm_pv() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/kvmpv.toml CMDLINE=apicv=off \
		"$GUESTS_DIR/kvmpv.elf"
	run_vmx_iso 200 "$DIR/sv.iso" 5
	expect_status 0
	expect "\[kvmpv\] kvmpv: [1-9][0-9]* passed, 0 failed" "\[kvmpvx\] kvmpv: [1-9][0-9]* passed, 0 failed" \
		'kvm_pv \{"partition":"kvmpv","pv_eoi":3,"pv_ipi_calls":4,"pv_ipi_targets":4,"kicks":2,"yields":1,"tlb_flushes":1,"steal_updates":1,"poll_control_off":1,"vcpus_polling_themselves":1\}' \
		'kvm_pv \{"partition":"kvmpvx","pv_eoi":0,"pv_ipi_calls":4,"pv_ipi_targets":4,"kicks":0,"yields":1,"tlb_flushes":1,'
	expect_not "\] FAIL " "PANIC" "EXCEPTION"
}

# INS/OUTS with and without REP, every size, DF set, a count of 0 and 16-bit address size, by
# the instruction emulator, on the UART and an unassigned port.
scenario_bochs_string_io() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/strio.toml "$GUESTS_DIR/strio.elf"
	run_vmx_iso 150 "$DIR/sv.iso" 3
	expect_status 0
	expect "\[strio\] strio: this line went out by REP OUTSB" \
		"\[strio-local\] strio: this line went out by REP OUTSB" \
		"\[strio\] strio: 6 passed, 0 failed" "\[strio-local\] strio: 6 passed, 0 failed"
	expect_not "strio: FAIL" "PANIC" "EXCEPTION"
}

# A stock Debian kernel (make linux-guest: Debian's cloud kernel and a busybox initramfs, never
# committed) in a dedicated partition: its own INIT-SIPI-SIPI, ACPI tables, the 16550 console
# with its interrupts, KVM's interface (kvm-clock), userspace on every vCPU, ACPI power-off.
linux_scenario() { # MANIFEST BOCHS_CPUS VCPUS [IMAGE...] (CMDLINE=... first for the hypervisor)
	[[ -f $B/linux/vmlinuz && -f $B/linux/initrd ]] || { fail "no Linux guest: make linux-guest failed"; return; }
	local manifest=$1 cpus=$2 n=$3
	shift 3
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" "$manifest" "$@" "$B/linux/vmlinuz" "$B/linux/initrd"
	run_vmx_iso 400 "$DIR/sv.iso" "$cpus"
	expect_status 0
	expect "\[linux\] linux-guest: init running on $n CPUs" "\[linux\] oncpu: $n CPUs ok, 0 wrong" \
		"\[linux\] facts: hypervisor: Hypervisor detected: KVM" "\[linux\] facts: clocksource: kvm-clock$" \
		"\[linux\] facts: CPUs online: $n of $n" \
		"\[linux\] facts: ttyS0: ttyS0 at I/O 0x3f8 .* is a 16550A" \
		"\[linux\] facts: kvm-guest: .*setup PV IPIs" \
		"\[linux\] pingpong: CPU 0 <-> CPU 1, 1000 round trips" "\[linux\] linux-guest: done" \
		"partition 'linux' stopped \(power-off, status 0x0\)" "shutdown, status success"
	expect_not "PANIC" "EXCEPTION" "Kernel panic"
}
# The emulated APIC on all three guest cores, with APIC virtualization and without (then PV EOI
# saves the EOI exits of edge-triggered interrupts).
scenario_bochs_linux_emulated() {
	linux_scenario tests/manifests/linux.toml 4 3
	expect "\[linux\] facts: x2apic: x2apic enabled" 'kvm_pv \{"partition":"linux","pv_eoi":0,'
}
scenario_bochs_linux_emulated_no_apicv() {
	linux_scenario tests/manifests/linux.toml 4 3 CMDLINE=apicv=off
	expect "\[linux\] facts: x2apic: x2apic enabled" 'kvm_pv \{"partition":"linux","pv_eoi":[1-9][0-9]*,'
}

# The same kernel exitless beside another partition: it finds its x2APIC enabled (and KVM's
# CPUID signature), and neither HLT nor an EOI ever exits.
scenario_bochs_linux_exitless() {
	linux_scenario tests/manifests/linux-exitless.toml 4 2 "$GUESTS_DIR/exits.elf"
	expect "\[linux\] facts: x2apic: x2apic: enabled by BIOS" "\[exits\] exits: [0-9]* operations done" \
		"partition 'exits' stopped"
	expect_not 'stat \{"partition":"linux",.*"name":"(HLT|interrupt window|virtualized EOI)"'
	# no timer or EOI register writes exit: Linux owns its x2APICs; IPIs are the ICR exits
	expect 'wrmsr \{"partition":"linux","icr":[1-9][0-9]*,"timer":0,"eoi":0,'
}

# Linux on one vCPU reboots (through the reset vector) and on_exit = "restart" boots it again;
# the second boot powers off, which ends it for good.
scenario_bochs_linux_reboot() {
	[[ -f $B/linux/vmlinuz && -f $B/linux/initrd ]] || { fail "no Linux guest: make linux-guest failed"; return; }
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/linux-reboot.toml "$B/linux/vmlinuz" "$B/linux/initrd"
	run_vmx_iso 400 "$DIR/sv.iso" 2
	expect_status 0
	expect "\[linux\] facts: CPUs online: 1 of 1" "\[linux\] reboot-once: rebooting" \
		"partition 'linux' stopped \(reset, .*the guest reset itself" \
		"partition 'linux': restarting \(on_exit = \"restart\", restart 1 of at most 3\)" \
		"\[linux\] reboot-once: back after the reboot" \
		"partition 'linux' stopped \(power-off, status 0x0\)" "shutdown, status success"
	expect_not "PANIC" "EXCEPTION" "Kernel panic" "restart 2 of"
}

# Linux images that cannot run are refused at launch with their reasons, and nothing starts.
scenario_bochs_linux_refused() {
	[[ -f $B/linux/vmlinuz && -f $B/linux/initrd ]] || { fail "no Linux guest: make linux-guest failed"; return; }
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/linux-refused.toml \
		"$GUESTS_DIR/hello.elf" "$B/linux/vmlinuz" "$B/linux/initrd"
	run_vmx_iso 200 "$DIR/sv.iso" 4
	expect_status 1
	expect "partition 'notlinux': .*not a Linux bzImage \(no \"HdrS\" at offset 0x202\)" \
		"partition 'toosmall': .*do not fit in the partition's 16 MiB; give it more memory" \
		"no partition was started"
	expect_not "PANIC" "EXCEPTION" "partition '[a-z]*' stopped"
}
scenario_bochs_linux_missing_initrd() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/linux-no-initrd.toml "$B/linux/vmlinuz"
	run_vmx_iso 200 "$DIR/sv.iso" 4
	expect_status 1
	expect 'splitvisor.toml:[0-9]*:[0-9]*: error: image "missing-initrd.img" was not found' "no partition was started"
	expect_not "PANIC" "EXCEPTION" "partition '[a-z]*' stopped"
}

# Typed input reaches Linux's shell: the test's line arrives once the guest printed its kernel
# line (uart_input_after), the shell runs it, its output comes back on the console.
scenario_bochs_linux_shell_typed() {
	# the manifest make run boots (docs/examples/default.toml): Linux exitless on CPUs 1-2 with
	# its shell, the hello guest on CPU 3; the test types what a person would
	[[ -f $B/linux/vmlinuz && -f $B/linux/initrd ]] || { fail "no Linux guest: make linux-guest failed"; return; }
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" docs/examples/default.toml \
		CMDLINE="uart_input=echo_typed_by_the_test^nproc^poweroff_-f uart_input_after=linux-guest:_a_shell" \
		"$B/linux/vmlinuz" "$B/linux/initrd" "$GUESTS_DIR/hello.elf"
	run_vmx_iso 400 "$DIR/sv.iso" 4
	expect_status 0
	expect "partition 'linux': .*dedicated, 2 vCPU\(s\).*interrupts exitless" \
		"\[demo\] hello from the splitvisor test guest" \
		"\[linux\] linux-guest: a shell on the console" \
		"\[linux\] / # echo typed by the test" "\[linux\] typed by the test$" "\[linux\] 2$" \
		"partition 'linux' stopped \(power-off, status 0x0\)" "shutdown, status success"
	expect_not "PANIC" "Kernel panic"
}

# Shared cores (mode = "shared"): vCPUs time-sliced on a core by its scheduler (sched/).
scenario_bochs_shared_ipi_halt_poll() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/shared-ipi.toml "$GUESTS_DIR/ipi.elf"
	run_vmx_iso 200 "$DIR/sv.iso" 2
	expect_status 0
	expect "\[ipi\] ipi: 200 round trips, 400 IPIs received" "\[ipi\] ipi: vCPU 1 took the NMI" \
		"shutdown, status success"
	expect_not "PANIC" "EXCEPTION"
}

scenario_bochs_shared_halt_poll_windows() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/shared-haltpoll.toml "$GUESTS_DIR/sched.elf"
	run_vmx_iso 200 "$DIR/sv.iso" 3
	expect_status 0
	expect "\[poll\] sched: lat: 300 samples" "shutdown, status success" \
		'sched \{"partition":"poll","label":2,"vcpu":0,.*"halt_successful_poll":[1-9][0-9][0-9],.*"window_grow":[1-9]' \
		'sched \{"partition":"poll","label":4,"vcpu":0,.*"halt_successful_poll":0,.*"halt_wakeup":20,.*"window_shrink":[1-9]'
	# a fast ping-pong is caught by polls; long halts do not grow the window
	expect_not 'sched \{"partition":"poll","label":2,"vcpu":0,.*"halt_successful_poll":[0-9]?[0-9],' \
		'sched \{"partition":"poll","label":4,"vcpu":0,.*"window_grow":[1-9]' "PANIC" "EXCEPTION"
}

scenario_bochs_shared_two_partitions_fair() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/shared-fair.toml \
		"$GUESTS_DIR/sched.elf" "$GUESTS_DIR/ipi.elf"
	run_vmx_iso 300 "$DIR/sv.iso" 5
	expect_status 0
	# every vCPU of both shared partitions counted about as far (the guests check 5%), both ended
	# well; the dedicated partition beside them kept its exitless figures: during its ping-pong
	# only the ICR writes exited, one per IPI
	expect "\[spin-a\] sched: spin:" "\[spin-b\] sched: spin:" \
		"partition 'spin-a' stopped \(debug exit, status 0x10\)" "partition 'spin-b' stopped \(debug exit, status 0x10\)" \
		"\[ipi\] ipi: 500 round trips, 1000 IPIs received" \
		'phase \{"partition":"ipi","exits":"split","vcpu":0,"label":2,"reason":32,"name":"WRMSR","count":500,' \
		'phase \{"partition":"ipi","exits":"split","vcpu":1,"label":2,"reason":32,"name":"WRMSR","count":500,' \
		'sched \{"partition":"spin-a","label":1,"vcpu":3,"cpu":2,.*"preempted":[1-9]' \
		'sched \{"partition":"spin-b","label":1,"vcpu":1,"cpu":2,.*"preempted":[1-9]' \
		"shutdown, status success"
	expect_not 'phase \{"partition":"ipi",.*"label":2,"reason":([0-9]|[12][0-9]|3[013-9]|4[0-9]|5[013-9]|6[0-9]),' \
		"PANIC" "EXCEPTION"
}

scenario_bochs_shared_fairness() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/shared-fairness.toml "$GUESTS_DIR/sched.elf"
	run_vmx_iso 200 "$DIR/sv.iso" 2
	expect_status 0
	# two CPU-bound vCPUs on one core: each counted within 5% of the other (the guest's verdict)
	expect "\[fair\] sched: spin: vCPU 0 [0-9]+ vCPU 1 [0-9]+; TSC [0-9]+ kHz; spread [0-4]\.[0-9]%" \
		"shared cores: PAUSE-loop exiting (present|absent).*switch_flush = \"all\"" \
		'sched \{"partition":"fair","label":1,"vcpu":0,"cpu":1,.*"preempted":[1-9]' \
		'sched \{"partition":"fair","label":1,"vcpu":1,"cpu":1,.*"preempted":[1-9]' \
		"partition 'fair' stopped \(debug exit, status 0x10\)" "shutdown, status success"
	expect_not "PANIC" "EXCEPTION"
}

scenario_bochs_shared_shoot4u() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/shared-shoot4u.toml "$GUESTS_DIR/sched.elf"
	run_vmx_iso 300 "$DIR/sv.iso" 5
	expect_status 1 # the control partition fails, as it must
	expect "\[vmm\] sched: shoot: 100 shootdowns by hypercall, ticks mean [0-9]+ max [0-9]+, stale reads 0" \
		"\[ipi\] sched: shoot: 100 shootdowns by IPI, ticks mean [0-9]+ max [0-9]+, stale reads 0" \
		"\[control\] sched: shoot: 20 remaps without shootdown, .*stale reads [1-9]" \
		"partition 'vmm' stopped \(debug exit, status 0x10\)" "partition 'ipi' stopped \(debug exit, status 0x10\)" \
		"partition 'control' stopped \(debug exit, status 0x11\)"
	expect_not "PANIC" "EXCEPTION"
}

# A stock Linux in a shared partition with more vCPUs than cores boots to its init and runs
# its checks; it sees its vCPUs' steal time (Linux reads it through MSR_KVM_STEAL_TIME).
scenario_bochs_linux_shared() {
	linux_scenario tests/manifests/linux-shared.toml 3 3
	expect "partition 'linux': kernel vmlinuz loaded, .*3 vCPU\(s\) on CPU 1 2 1," \
		'kvm_pv \{"partition":"linux",.*"steal_updates":[1-9]' \
		'sched \{"partition":"linux","label":0,"vcpu":2,"cpu":1,.*"preempted":[1-9]'
}

# SMT siblings given to different owners: warned at boot, or refused with smt_siblings = "refuse".
scenario_qemu_smt_siblings_warned() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/smt.toml "$GUESTS_DIR/hello.elf"
	run 120 qemu_iso_bios "$DIR/sv.iso" 4,threads=2
	expect "core plan: CPUs 0 and 1 are SMT siblings of one physical core but serve the hypervisor and a" \
		"partition 'a': 8 MiB"
	expect_not "CPUs 2 and 3 are SMT siblings" "PANIC"
}
scenario_qemu_smt_siblings_refused() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" tests/manifests/smt-refuse.toml "$GUESTS_DIR/hello.elf"
	run 120 qemu_iso_bios "$DIR/sv.iso" 4,threads=2
	expect_status 35
	expect "CPUs 0 and 1 are SMT siblings .*\(\[hypervisor\] smt_siblings = \"refuse\"\)" "no partition was started"
	expect_not "partition 'a': 8 MiB" "PANIC"
}

# The shipped consolidation example as it is: two shared partitions on CPUs 1-2, a dedicated one
# on CPU 3, each ends well.
scenario_bochs_example_shared() {
	./boot/mkiso.sh "$DIR/sv.iso" "$B/splitvisor.elf" docs/examples/shared.toml \
		"$GUESTS_DIR/sched.elf" "$GUESTS_DIR/exits.elf"
	run_vmx_iso 300 "$DIR/sv.iso" 4
	expect_status 0
	expect " +1 +1 +shared +batch\+web +CPU 0" " +2 +2 +shared +batch\+web +CPU 0" " +3 +3 +guest +rt +CPU 0" \
		"partition 'batch': kernel sched.elf loaded, .*4 vCPU\(s\) on CPU 1 2 1 2," \
		"\[batch\] sched: spin: vCPU 0 [0-9]+ vCPU 1 [0-9]+ vCPU 2 [0-9]+ vCPU 3 [0-9]+; .*spread [0-4]\.[0-9]%" \
		"\[web\] sched: shoot: 50 shootdowns by hypercall, .*stale reads 0" "\[rt\] exits: 5000 operations done" \
		"partition 'batch' stopped \(debug exit, status 0x10\)" "partition 'web' stopped \(debug exit, status 0x10\)" \
		"partition 'rt' stopped \(debug exit, status 0x10\)" "shutdown, status success"
	expect_not "PANIC" "EXCEPTION"
}
