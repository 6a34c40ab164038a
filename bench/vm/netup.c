/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netup: the network of the reference Linux VM's /init, for the bench/
 * programs that use it (net-linux.c, httpd-linux.c): loads the virtio
 * modules the initramfs holds and brings interfaces up.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "netup.h"

static const char *const modules[] = {
	"virtio_ring", "virtio", "virtio_pci_legacy_dev",
	"virtio_pci_modern_dev", "virtio_pci", "virtio_mmio", "failover",
	"net_failover", "virtio_net",
};

void netup_load_modules(void)
{
	int loaded[sizeof(modules) / sizeof(modules[0])] = { 0 };
	int progress = 1, pass, fd;
	char path[64];
	size_t i;

	/* in passes until none loads any more: the order of dependencies
	 * need not be known */
	for (pass = 0; progress && pass < 10; pass++) {
		progress = 0;
		for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
			if (loaded[i])
				continue;
			snprintf(path, sizeof(path), "/%s.ko", modules[i]);
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0) {
				loaded[i] = 1;	/* built in, or not needed */
				continue;
			}
			if (!syscall(SYS_finit_module, fd, "", 0))
				loaded[i] = progress = 1;
			close(fd);
		}
	}
}

unsigned int netup_wait(const char *name)
{
	unsigned int idx = 0;

	for (int i = 0; i < 1000 && !(idx = if_nametoindex(name)); i++)
		usleep(10000);
	if (!idx)
		fprintf(stderr, "netup: no %s\n", name);
	return idx;
}

int netup_if(const char *name, const char *addr, const char *mask)
{
	struct ifreq ifr = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	int s = socket(AF_INET, SOCK_DGRAM, 0), rc = -1;

	if (s < 0)
		return -1;
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (addr) {
		sin->sin_family = AF_INET;
		inet_pton(AF_INET, addr, &sin->sin_addr);
		if (ioctl(s, SIOCSIFADDR, &ifr) < 0)
			goto out;
		inet_pton(AF_INET, mask, &sin->sin_addr);
		if (ioctl(s, SIOCSIFNETMASK, &ifr) < 0)
			goto out;
	}
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		goto out;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	rc = ioctl(s, SIOCSIFFLAGS, &ifr) < 0 ? -1 : 0;
out:
	if (rc)
		perror("netup");
	close(s);
	return rc;
}
