/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/blk-linux.c: bench/blk.c's measurements for the reference Linux
 * VM, as its /init (linked with bench/vm/init.c): the same requests on
 * /dev/vda opened with O_DIRECT, so that the page cache of the guest
 * plays no part.
 *
 *   blk-linux [RANDOM_READS [SEQ_MIB]]    (defaults 4000 and 64)
 *
 * Debian's cloud kernel has virtio as modules: /init loads the ones the
 * initramfs holds (/virtio_ring.ko ... /virtio_blk.ko, in dependency
 * order) with finit_module, mounts devtmpfs on /dev and waits for vda.
 * 32 requests in flight are 32 threads each doing one pread at a time
 * (what fio's psync engine with numjobs=32 does); the sequential read is
 * 4 threads reading interleaved 256 KiB pieces.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "blk.h"

static const char *const modules[] = {
	"virtio_ring", "virtio", "virtio_pci_legacy_dev",
	"virtio_pci_modern_dev", "virtio_pci", "virtio_mmio", "virtio_blk",
};

static int fd;
static uint64_t nblocks4k, per_thread, seq_pieces;

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + t.tv_nsec;
}

static int setup(void)
{
	char path[64];
	unsigned int i;
	off_t bytes;

	for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++) {
		int m;

		snprintf(path, sizeof(path), "/%s.ko", modules[i]);
		m = open(path, O_RDONLY | O_CLOEXEC);
		if (m < 0)
			continue;	/* built in, or not needed */
		if (syscall(SYS_finit_module, m, "", 0))
			perror(path);
		close(m);
	}
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	for (i = 0; i < 500; i++) {
		fd = open("/dev/vda", O_RDONLY | O_DIRECT);
		if (fd >= 0)
			break;
		usleep(10000);
	}
	if (fd < 0) {
		perror("/dev/vda");
		return -1;
	}
	bytes = lseek(fd, 0, SEEK_END);	/* a block device's size */
	if (bytes < 4096) {
		perror("/dev/vda: size");
		return -1;
	}
	nblocks4k = bytes / 4096;
	return 0;
}

static void *randread(void *arg)
{
	uint32_t x = 2463534242u + (uint32_t)(uintptr_t)arg * 7919;
	void *buf;
	uint64_t i;

	if (posix_memalign(&buf, 4096, 4096))
		return (void *)1;
	for (i = 0; i < per_thread; i++)
		if (pread(fd, buf, 4096,
			  (off_t)(xorshift(&x) % nblocks4k) * 4096) != 4096)
			return (void *)1;
	free(buf);
	return NULL;
}

static void *seqread(void *arg)
{
	uint64_t i;
	void *buf;

	if (posix_memalign(&buf, 4096, SEQ_REQ))
		return (void *)1;
	for (i = (uintptr_t)arg; i < seq_pieces; i += SEQ_QD)
		if (pread(fd, buf, SEQ_REQ, (off_t)i * SEQ_REQ) != SEQ_REQ)
			return (void *)1;
	free(buf);
	return NULL;
}

/* @n threads running @fn; returns the ns it took, 0 on a failure. */
static uint64_t threads(unsigned int n, void *(*fn)(void *))
{
	pthread_t t[QD];
	uint64_t t0 = now_ns();
	unsigned int i;
	void *rc;
	int bad = 0;

	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, fn, (void *)(uintptr_t)i))
			return 0;
	for (i = 0; i < n; i++) {
		pthread_join(t[i], &rc);
		bad |= rc != NULL;
	}
	return bad ? 0 : now_ns() - t0;
}

int main(int argc, char **argv)
{
	uint64_t nrand = argc > 1 ? strtoull(argv[1], NULL, 0) : 4000;
	uint64_t seq_mib = argc > 2 ? strtoull(argv[2], NULL, 0) : 64;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (setup())
		return 1;
	per_thread = nrand;
	report("randread_qd1", nrand, 0, threads(1, randread));
	per_thread = nrand * 4 / QD;
	report("randread_qd32", per_thread * QD, 0, threads(QD, randread));
	seq_pieces = seq_mib * 1024 * 1024 / SEQ_REQ;
	report("seqread", seq_pieces, seq_pieces * SEQ_REQ,
	       threads(SEQ_QD, seqread));
	return 0;
}
