/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/fs-linux.c: fs_setup() for bench/fs.c as the Linux VM's /init
 * (linked with bench/vm/init.c). Debian's cloud kernel has virtio and
 * 9p as modules: the ones the initramfs holds (/NAME.ko, in dependency
 * order below; a missing one is built in or not needed) are loaded with
 * finit_module. Then a tmpfs on /tmp, and the share (mount tag share0)
 * on /mnt: 9p2000.L over virtio, msize 512000 (the largest the kernel's
 * virtio transport takes; libuk asks for 512 KiB), cache=none (Linux's
 * default, and what libuk does: every read goes to the host). A kernel
 * without 9p (Debian's cloud flavour) gets the tmpfs part only.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *const modules[] = {
	"virtio_ring", "virtio", "virtio_pci_legacy_dev",
	"virtio_pci_modern_dev", "virtio_pci", "virtio_mmio", "netfs",
	"fscache", "9pnet", "9pnet_virtio", "9p",
};

int fs_setup(void)
{
	char path[64];
	unsigned int i;

	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		int m;

		snprintf(path, sizeof(path), "/%s.ko", modules[i]);
		m = open(path, O_RDONLY | O_CLOEXEC);
		if (m < 0)
			continue;
		if (syscall(SYS_finit_module, m, "", 0))
			perror(path);
		close(m);
	}
	mkdir("/tmp", 01777);
	mkdir("/mnt", 0755);
	if (mount("tmpfs", "/tmp", "tmpfs", 0, NULL)) {
		perror("mount tmpfs");
		return -1;
	}
	for (i = 0; i < 100; i++) {
		if (!mount("share0", "/mnt", "9p", 0,
			   "trans=virtio,version=9p2000.L,msize=512000,cache=none"))
			return 0;
		usleep(10000);	/* the device may still be probing */
	}
	/* the cloud kernel has no 9p: fs.c reports the read as NA */
	perror("mount 9p share0");
	return 0;
}
