# SPDX-License-Identifier: BSD-2-Clause
# The Linux test guest: Debian's cloud kernel and a busybox initramfs with the programs of
# tests/guests/linux/, all under $(BUILD)/linux/ (downloaded once, never committed).
# For the root Makefile (include tests/linux.mk); also usable alone:
#   make -f tests/linux.mk BUILD=/tmp/b linux-guest
# Needs apt-get, dpkg, cpio and gcc (static glibc); no root.

linux_saved_goal := $(.DEFAULT_GOAL)

CC ?= gcc
BUILD ?= build

LINUX_DIR := $(BUILD)/linux
LINUX_SRC := tests/guests/linux
LINUX_PROGS := oncpu pingpong port
LINUX_DEBS := $(LINUX_DIR)/debs.stamp
LINUX_ROOTFS := $(LINUX_DIR)/initramfs

.PHONY: linux-guest

# The versioned package the meta package names today (linux-image-6.1.0-NN-cloud-amd64);
# apt-get update first when apt knows nothing about it. Skipped when the .debs are there.
$(LINUX_DEBS):
	@mkdir -p $(LINUX_DIR)
	@cd $(LINUX_DIR) && if ! ls linux-image-*-cloud-amd64_*.deb busybox-static_*.deb >/dev/null 2>&1; then \
		pkg=$$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-/ {print $$2; exit}'); \
		if [ -z "$$pkg" ]; then apt-get update >/dev/null && \
			pkg=$$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/ {print $$2; exit}'); fi; \
		[ -n "$$pkg" ] || { echo "linux-guest: apt-cache names no linux-image-cloud-amd64 kernel" >&2; exit 1; }; \
		echo "linux-guest: downloading $$pkg busybox-static"; \
		apt-get download "$$pkg" busybox-static >/dev/null 2>&1 || apt-get download "$$pkg" busybox-static; \
	fi
	@cd $(LINUX_DIR) && rm -rf root && mkdir root && for d in linux-image-*-cloud-amd64_*.deb busybox-static_*.deb; do \
		dpkg -x "$$d" root; done
	@touch $@

$(LINUX_DIR)/vmlinuz: $(LINUX_DEBS)
	@cp $$(ls $(LINUX_DIR)/root/boot/vmlinuz-* | head -1) $@
	@echo "linux-guest: kernel $$(ls $(LINUX_DIR)/root/boot/vmlinuz-* | head -1 | sed 's,.*/vmlinuz-,,')" \
		"($$(ls $(LINUX_DIR)/linux-image-*-cloud-amd64_*.deb | sed 's,.*_\(.*\)_amd64.deb,\1,'))"

$(LINUX_DIR)/bin/%: $(LINUX_SRC)/%.c tests/linux.mk
	@mkdir -p $(@D)
	$(CC) -static -O2 -Wall -Wextra -Werror -o $@ $<

# Uncompressed newc (no decompression time under an emulator); /dev/console comes from
# devtmpfs, mounted by init, so nothing here needs root.
LINUX_SCRIPTS := facts reboot-once bench
$(LINUX_DIR)/initrd: $(LINUX_DEBS) $(LINUX_SRC)/init $(patsubst %,$(LINUX_SRC)/%,$(LINUX_SCRIPTS)) $(patsubst %,$(LINUX_DIR)/bin/%,$(LINUX_PROGS))
	@command -v cpio >/dev/null || { echo "linux-guest: cpio is missing (apt-get install cpio)" >&2; exit 1; }
	@rm -rf $(LINUX_ROOTFS) && mkdir -p $(LINUX_ROOTFS)/bin $(LINUX_ROOTFS)/dev $(LINUX_ROOTFS)/proc \
		$(LINUX_ROOTFS)/sys $(LINUX_ROOTFS)/tmp
	@cp $(LINUX_DIR)/root/bin/busybox $(LINUX_ROOTFS)/bin/busybox
	@ln -s busybox $(LINUX_ROOTFS)/bin/sh
	@cp $(LINUX_SRC)/init $(LINUX_ROOTFS)/init && chmod 755 $(LINUX_ROOTFS)/init
	@cp $(patsubst %,$(LINUX_DIR)/bin/%,$(LINUX_PROGS)) $(LINUX_ROOTFS)/bin/
	@for s in $(LINUX_SCRIPTS); do cp $(LINUX_SRC)/$$s $(LINUX_ROOTFS)/bin/$$s && chmod 755 $(LINUX_ROOTFS)/bin/$$s; done
	@cd $(LINUX_ROOTFS) && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet > ../initrd.tmp
	@mv $(LINUX_DIR)/initrd.tmp $@
	@echo "linux-guest: $@ ($$(( $$(stat -c %s $@) / 1024 )) KiB)"

linux-guest: $(LINUX_DIR)/vmlinuz $(LINUX_DIR)/initrd

.DEFAULT_GOAL := $(linux_saved_goal)
