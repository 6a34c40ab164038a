/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/fs.c: file-system call costs, the same source for libuk and for
 * the reference Linux VM's /init (linked there with bench/fs-linux.c,
 * whose fs_setup() mounts tmpfs and the 9p share first).
 *
 *   fs TMPDIR SHAREDIR ITERATIONS FILE
 *
 * In TMPDIR (libuk: the root ramfs's /tmp; Linux: a tmpfs), ITERATIONS
 * times each: open+close of a file, stat of it, a 4 KiB pread and a
 * 4 KiB pwrite (offsets walking through a 1 MiB file), and
 * create+unlink of a new name; then SHAREDIR/FILE (on 9p) read from
 * start to end in 256 KiB reads, twice (the host's page cache warm for
 * the second, which is the one reported). Prints "result NAME VALUE
 * UNIT" lines: nanoseconds per call, MB/s for the read.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FILE_SIZE	(1 << 20)
#define SEQ_PIECE	(256 * 1024)

/* Mounts what the program needs; the Linux VM's is in fs-linux.c. */
__attribute__((weak)) int fs_setup(void)
{
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + t.tv_nsec;
}

static void result(const char *name, uint64_t ns, long n)
{
	printf("result %s %.1f ns\n", name, (double)ns / n);
}

static int fail(const char *what)
{
	perror(what);
	return 1;
}

static double seq_read(const char *path, char *buf)
{
	uint64_t t0 = now_ns(), bytes = 0;
	int fd = open(path, O_RDONLY);
	long n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, SEQ_PIECE)) > 0)
		bytes += n;
	close(fd);
	if (n < 0)
		return -1;
	return bytes / 1e6 / ((now_ns() - t0) / 1e9);
}

int main(int argc, char **argv)
{
	char path[256], name[300], *buf;
	long n, i;
	uint64_t t0;
	struct stat st;
	double mbs;
	int fd;

	if (argc != 5 || (n = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: fs TMPDIR SHAREDIR ITERATIONS FILE\n");
		return 2;
	}
	if (fs_setup())
		return 1;
	buf = malloc(SEQ_PIECE);
	if (!buf)
		return fail("malloc");
	memset(buf, 'x', SEQ_PIECE);
	snprintf(path, sizeof(path), "%s/bench-file", argv[1]);
	fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
	if (fd < 0)
		return fail(path);
	for (i = 0; i < FILE_SIZE; i += SEQ_PIECE)
		if (write(fd, buf, SEQ_PIECE) != SEQ_PIECE)
			return fail("write");

	t0 = now_ns();
	for (i = 0; i < n; i++)
		close(open(path, O_RDONLY));
	result("open_close", now_ns() - t0, n);

	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (stat(path, &st))
			return fail("stat");
	result("stat", now_ns() - t0, n);

	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (pread(fd, buf, 4096, (i * 4096) % FILE_SIZE) != 4096)
			return fail("pread");
	result("read_4k", now_ns() - t0, n);

	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (pwrite(fd, buf, 4096, (i * 4096) % FILE_SIZE) != 4096)
			return fail("pwrite");
	result("write_4k", now_ns() - t0, n);
	close(fd);

	t0 = now_ns();
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s/c%ld", argv[1], i);
		fd = open(name, O_CREAT | O_EXCL | O_WRONLY, 0644);
		if (fd < 0)
			return fail(name);
		close(fd);
		if (unlink(name))
			return fail("unlink");
	}
	result("create_unlink", now_ns() - t0, n);
	unlink(path);

	snprintf(path, sizeof(path), "%s/%s", argv[2], argv[4]);
	if (access(path, R_OK)) {
		perror(path);	/* no share mounted */
		printf("result seqread_9p NA MB/s\n");
		return 0;
	}
	mbs = seq_read(path, buf);
	if (mbs >= 0)
		mbs = seq_read(path, buf);
	if (mbs < 0)
		return fail(path);
	printf("result seqread_9p %.1f MB/s\n", mbs);
	return 0;
}
