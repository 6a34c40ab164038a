/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ninep: a host directory shared with uk-run --share, checked from
 * inside; run by tests/ninep.test, which made the directory and checks
 * it afterwards.
 *
 *   ninep files DIR     TAP: reads what the host put in DIR (host.txt,
 *                       big.bin), writes out.bin, and works the calls
 *                       (stat, rename, unlink, mkdir, symlinks, hard
 *                       links, truncate, append, readdir, statfs,
 *                       fsync, errors) on files in DIR
 *   ninep removed DIR   TAP: makes DIR/victim, writes DIR/ready, waits
 *                       until the host removed DIR/victim, then checks
 *                       that calls in it fail with an errno
 *   ninep ramfs DIR     TAP: DIR (a vfs.mount=ramfs:DIR) is a ramfs
 *                       mount point that takes files
 *
 * big.bin and out.bin hold byte i = (i * 7 + i / 4093) & 0xff.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#define BIG_SIZE	(3 * 1024 * 1024 + 123)
#define V9FS_MAGIC	0x01021997

static int ntest, nfail;

static void ok(int cond, const char *what)
{
	ntest++;
	if (!cond)
		nfail++;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", ntest, what);
	if (!cond)
		printf("# errno %d (%s)\n", errno, strerror(errno));
}

static unsigned char pat(size_t i)
{
	return (i * 7 + i / 4093) & 0xff;
}

static char *path(const char *dir, const char *name)
{
	static char buf[8][512];
	static int k;
	char *p = buf[k++ % 8];

	snprintf(p, 512, "%s/%s", dir, name);
	return p;
}

static int has_pattern(const unsigned char *b, size_t n, size_t off)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] != pat(off + i))
			return 0;
	return 1;
}

static void reading(const char *dir, unsigned char *buf)
{
	char s[64] = { 0 };
	struct stat st;
	int fd = open(path(dir, "host.txt"), O_RDONLY);
	long n, got = 0;

	ok(fd >= 0 && read(fd, s, sizeof(s) - 1) == 20 &&
	   !strcmp(s, "hello from the host\n"), "host.txt read");
	close(fd);
	ok(stat(path(dir, "big.bin"), &st) == 0 && st.st_size == BIG_SIZE &&
	   S_ISREG(st.st_mode), "big.bin stat: size and type");
	fd = open(path(dir, "big.bin"), O_RDONLY);
	/* one read larger than any message: split by the client */
	while ((n = read(fd, buf + got, BIG_SIZE + 4096 - got)) > 0)
		got += n;
	ok(got == BIG_SIZE && has_pattern(buf, BIG_SIZE, 0),
	   "big.bin read whole in one call, same bytes");
	ok(pread(fd, buf, 10000, 1000003) == 10000 &&
	   has_pattern(buf, 10000, 1000003), "big.bin pread at an offset");
	ok(pread(fd, buf, 100, BIG_SIZE - 10) == 10 &&
	   pread(fd, buf, 100, BIG_SIZE + 10) == 0, "pread at and past the end");
	close(fd);
}

static void writing(const char *dir, unsigned char *buf)
{
	static const size_t sizes[] = { 1, 4095, 4097, 65536, 700000, 1 << 20 };
	struct stat st;
	size_t at = 0, k = 0;
	int fd, good = 1;

	for (size_t i = 0; i < BIG_SIZE; i++)
		buf[i] = pat(i);
	fd = open(path(dir, "out.bin"), O_CREAT | O_EXCL | O_WRONLY, 0644);
	ok(fd >= 0, "out.bin created");
	while (at < BIG_SIZE) {
		size_t n = sizes[k++ % 6];

		if (n > BIG_SIZE - at)
			n = BIG_SIZE - at;
		if (write(fd, buf + at, n) != (long)n)
			good = 0;
		at += n;
	}
	ok(good, "out.bin written in pieces of 1 B to 1 MiB");
	ok(fsync(fd) == 0, "fsync");
	ok(fstat(fd, &st) == 0 && st.st_size == BIG_SIZE, "fstat size");
	close(fd);
	memset(buf, 0, BIG_SIZE);
	fd = open(path(dir, "out.bin"), O_RDONLY);
	ok(read(fd, buf, BIG_SIZE) == BIG_SIZE && has_pattern(buf, BIG_SIZE, 0),
	   "out.bin read back");
	close(fd);
}

static int list_has(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	while (d && (e = readdir(d)))
		if (!strcmp(e->d_name, name))
			found = 1;
	if (d)
		closedir(d);
	return found;
}

static void names(const char *dir)
{
	static const struct timespec times[2] = { { 1234567890, 0 },
						  { 1234567890, 0 } };
	char l[256] = { 0 }, cwd[512];
	struct stat st, st2;
	struct statfs sf;
	int fd;

	ok(mkdir(path(dir, "sub"), 0755) == 0, "mkdir sub");
	ok(mkdir(path(dir, "sub"), 0755) < 0 && errno == EEXIST,
	   "mkdir again: EEXIST");
	fd = open(path(dir, "sub/a.txt"), O_CREAT | O_WRONLY, 0600);
	ok(fd >= 0 && write(fd, "abc", 3) == 3, "sub/a.txt written");
	close(fd);
	ok(list_has(path(dir, "sub"), "a.txt") && list_has(dir, "sub") &&
	   list_has(dir, "host.txt"), "readdir lists them");
	ok(rename(path(dir, "sub/a.txt"), path(dir, "moved.txt")) == 0 &&
	   stat(path(dir, "moved.txt"), &st) == 0 && st.st_size == 3 &&
	   stat(path(dir, "sub/a.txt"), &st) < 0 && errno == ENOENT,
	   "rename across directories");
	fd = open(path(dir, "sub/b.txt"), O_CREAT | O_WRONLY, 0600);
	close(fd);
	ok(rmdir(path(dir, "sub")) < 0 && errno == ENOTEMPTY,
	   "rmdir non-empty: ENOTEMPTY");
	ok(unlink(path(dir, "sub")) < 0 && errno == EISDIR,
	   "unlink a directory: EISDIR");
	ok(unlink(path(dir, "sub/b.txt")) == 0 && rmdir(path(dir, "sub")) == 0 &&
	   !list_has(dir, "sub"), "unlink, rmdir");
	ok(open(path(dir, "nope"), O_RDONLY) < 0 && errno == ENOENT,
	   "open missing: ENOENT");
	ok(symlink("moved.txt", path(dir, "ln")) == 0 &&
	   readlink(path(dir, "ln"), l, sizeof(l)) == 9 &&
	   !strcmp(l, "moved.txt") && stat(path(dir, "ln"), &st) == 0 &&
	   st.st_size == 3 && lstat(path(dir, "ln"), &st) == 0 &&
	   S_ISLNK(st.st_mode), "symlink, readlink, stat through it");
	memset(l, 0, sizeof(l));
	if (lstat(path(dir, "hostlink"), &st) < 0 && errno == ENOENT) {
		printf("ok %d - # SKIP no host symlink (mapped-xattr share)\n",
		       ++ntest);
	} else {
		ok(readlink(path(dir, "hostlink"), l, sizeof(l)) == 8 &&
		   !strcmp(l, "host.txt") &&
		   stat(path(dir, "hostlink"), &st) == 0 && st.st_size == 20,
		   "the host's symlink followed");
	}
	ok(link(path(dir, "moved.txt"), path(dir, "hard.txt")) == 0 &&
	   stat(path(dir, "hard.txt"), &st) == 0 && st.st_nlink == 2 &&
	   stat(path(dir, "moved.txt"), &st2) == 0 &&
	   st.st_ino == st2.st_ino, "hard link: one inode, nlink 2");
	fd = open(path(dir, "hard.txt"), O_WRONLY | O_APPEND);
	ok(fd >= 0 && write(fd, "def", 3) == 3 && ftruncate(fd, 5) == 0 &&
	   fstat(fd, &st) == 0 && st.st_size == 5, "append, ftruncate");
	close(fd);
	ok(truncate(path(dir, "hard.txt"), 100000) == 0 &&
	   stat(path(dir, "hard.txt"), &st) == 0 && st.st_size == 100000,
	   "truncate to grow");
	fd = open(path(dir, "hard.txt"), O_RDWR | O_TRUNC);
	ok(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC");
	ok(unlink(path(dir, "hard.txt")) == 0 && write(fd, "xyz", 3) == 3 &&
	   pread(fd, l, 3, 0) == 3 && !memcmp(l, "xyz", 3),
	   "an unlinked open file still reads and writes");
	close(fd);
	unlink(path(dir, "moved.txt"));
	unlink(path(dir, "ln"));
	fd = open(path(dir, "attrs.txt"), O_CREAT | O_WRONLY, 0600);
	close(fd);
	ok(chmod(path(dir, "attrs.txt"), 0640) == 0 &&
	   utimensat(AT_FDCWD, path(dir, "attrs.txt"), times, 0) == 0 &&
	   stat(path(dir, "attrs.txt"), &st) == 0 &&
	   (st.st_mode & 07777) == 0640 && st.st_mtime == 1234567890,
	   "chmod and utimensat reach the host (attrs.txt: 0640, mtime)");
	ok(statfs(dir, &sf) == 0 && sf.f_type == V9FS_MAGIC &&
	   sf.f_bsize > 0 && sf.f_blocks > 0, "statfs: 9p's magic, counts");
	ok(chdir(dir) == 0 && getcwd(cwd, sizeof(cwd)) &&
	   !strcmp(cwd, dir) && access("host.txt", R_OK) == 0 &&
	   chdir("/") == 0, "chdir into it, getcwd, relative paths");
}

static void removed(const char *dir)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	struct stat st;
	int fd, fd2, i;

	ok(mkdir(path(dir, "victim"), 0755) == 0 && chdir(path(dir, "victim")) == 0,
	   "mkdir victim, chdir into it");
	fd = open("f", O_CREAT | O_RDWR, 0644);
	ok(fd >= 0 && write(fd, "data", 4) == 4, "victim/f written");
	fd2 = open(path(dir, "ready"), O_CREAT | O_WRONLY, 0644);
	close(fd2);
	/* the host removes victim when it sees ready: 60 s at most */
	for (i = 0; i < 3000 && stat(path(dir, "victim"), &st) == 0; i++)
		nanosleep(&ts, NULL);
	ok(i < 3000, "the host removed victim");
	ok(open("g", O_CREAT | O_WRONLY, 0644) < 0 && errno,
	   "creating in the removed directory fails");
	ok(stat("f", &st) < 0 && errno, "stat of a removed file fails");
	ok(mkdir("d", 0755) < 0 && errno, "mkdir in it fails");
	/* the open file: the host kept it open, or the call fails */
	ok(write(fd, "more", 4) == 4 || errno, "write to the open file: no crash");
	close(fd);
	ok(chdir(dir) == 0 && !list_has(dir, "victim"),
	   "back in the share, victim not listed");
}

static void ramfs(const char *dir)
{
	struct statfs sf;
	int fd = open(path(dir, "f"), O_CREAT | O_RDWR, 0644);

	ok(statfs(dir, &sf) == 0 && sf.f_type == 0x858458f6,
	   "a ramfs is mounted there");
	ok(fd >= 0 && write(fd, "x", 1) == 1, "and takes files");
	ok(statfs("/", &sf) == 0 && !list_has("/", "f"),
	   "a file system of its own");
}

int main(int argc, char **argv)
{
	unsigned char *buf = malloc(BIG_SIZE + 4096);

	printf("TAP version 13\n");
	if (argc != 3 || !buf) {
		printf("Bail out! usage: ninep files|removed|ramfs DIR\n");
		return 2;
	}
	if (!strcmp(argv[1], "files")) {
		reading(argv[2], buf);
		writing(argv[2], buf);
		names(argv[2]);
	} else if (!strcmp(argv[1], "ramfs")) {
		ramfs(argv[2]);
	} else {
		removed(argv[2]);
	}
	printf("1..%d\n", ntest);
	return nfail != 0;
}
