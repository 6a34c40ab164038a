/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * /dev/vda as a program sees it, for tests/devblk.test: the disk holds
 * byte (i * 7 + i / 512) & 0xff at offset i. Prints TAP; exits 1 when a
 * check failed. Writes "hello, disk" at offset 777 and 4 bytes "tail"
 * at the last 4 bytes, which the script checks in the file afterwards.
 *
 *   devblk SIZE     SIZE: the disk's size in bytes
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define BLKSSZGET	0x1268
#define BLKGETSIZE64	0x80081272

static int n_test, failed;

static void check(int ok, const char *what)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++n_test, what);
	failed |= !ok;
}

static int pattern_ok(const unsigned char *b, size_t n, uint64_t off)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] != (unsigned char)((off + i) * 7 + (off + i) / 512))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	uint64_t size = argc > 1 ? strtoull(argv[1], NULL, 10) : 0, got = 0;
	static unsigned char buf[200000];
	struct stat st;
	int fd, ss = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("TAP version 13\n");
	fd = open("/dev/vda", O_RDWR);
	check(fd >= 0, "open /dev/vda read-write");
	check(!fstat(fd, &st) && S_ISBLK(st.st_mode) && st.st_size == 0 &&
	      major(st.st_rdev) == 253 && minor(st.st_rdev) == 0,
	      "it is block device 253:0, size 0 in stat");
	check(!ioctl(fd, BLKGETSIZE64, &got) && got == size,
	      "BLKGETSIZE64 is the disk's size");
	check(!ioctl(fd, BLKSSZGET, &ss) && ss == 512, "BLKSSZGET is 512");
	check(ioctl(fd, 0x5401, buf) < 0 && errno == ENOTTY,
	      "a terminal request: ENOTTY");
	check(lseek(fd, 0, SEEK_END) == (off_t)size, "SEEK_END is the size");
	check(pread(fd, buf, 3000, 1000) == 3000 && pattern_ok(buf, 3000, 1000),
	      "pread of 3000 bytes at 1000 (unaligned)");
	check(pread(fd, buf, sizeof(buf), 5) == sizeof(buf) &&
	      pattern_ok(buf, sizeof(buf), 5),
	      "pread of 200000 bytes (several requests)");
	lseek(fd, 100, SEEK_SET);
	check(read(fd, buf, 10) == 10 && pattern_ok(buf, 10, 100) &&
	      lseek(fd, 0, SEEK_CUR) == 110, "read moves the position");
	check(pwrite(fd, "hello, disk", 11, 777) == 11,
	      "pwrite of 11 bytes at 777");
	check(pread(fd, buf, 20, 770) == 20 &&
	      !memcmp(buf + 7, "hello, disk", 11) && pattern_ok(buf, 7, 770) &&
	      pattern_ok(buf + 18, 2, 788), "read back, neighbours intact");
	check(pwrite(fd, "tail!", 5, size - 4) == 4, "a write across the end "
	      "is cut short");
	errno = 0;
	check(pwrite(fd, "x", 1, size) < 0 && errno == ENOSPC,
	      "a write at the end: ENOSPC");
	check(pread(fd, buf, 10, size) == 0, "a read at the end: 0");
	check(fsync(fd) == 0 && fdatasync(fd) == 0, "fsync, fdatasync");
	check(!close(fd), "close");
	printf("1..%d\n", n_test);
	return failed;
}
