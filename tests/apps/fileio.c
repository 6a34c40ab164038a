/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File calls beyond read and write, as Linux serves them on a file in
 * /tmp: mmap of files (MAP_PRIVATE copies, MAP_SHARED shares with
 * read/write, msync, munmap, mprotect), memfd_create, O_TMPFILE,
 * sendfile, preadv/pwritev, flock, fcntl record and OFD locks, statx.
 * Compared with the host's static musl build by tests/apps-compare.test.
 *
 * Then stdio on files (fopen modes, fseek/ftell, append, ungetc,
 * tmpfile, remove) and a small tree (mkdtemp, mkstemp, scandir, nftw,
 * realpath).
 *
 *   fileio [SECTION...]   mmap memfd tmpfile sendfile vec locks statx
 *                         utimes falloc stdio tree (all of them when none is named)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>
#include "compare.h"

static char dir[] = "/tmp/fileioXXXXXX";

/* A fresh file @name in the test directory holding @text. */
static int file(const char *name, const char *text, int flags)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
	fd = open(path, O_CREAT | O_RDWR | flags, 0644);
	if (fd >= 0 && text)
		write(fd, text, strlen(text));
	return fd;
}

static void show(const char *what, const char *p, size_t n)
{
	printf("%s: \"", what);
	for (size_t i = 0; i < n; i++)
		putchar(p[i] >= ' ' && p[i] < 127 ? p[i] : '.');
	printf("\"\n");
}

static void mmaps(void)
{
	char buf[32] = { 0 };
	char *p, *q;
	int fd = file("map", "hello, mapped world", 0);
	int ro;

	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	result("mmap private", p == MAP_FAILED ? -1 : 0);
	show("private view", p, 20);
	p[0] = 'J';
	pread(fd, buf, 5, 0);
	show("file after a private write", buf, 5);
	pwrite(fd, "W", 1, 7);
	show("private view after pwrite", p, 12);
	munmap(p, 8192);

	q = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	result("mmap shared", q == MAP_FAILED ? -1 : 0);
	memcpy(q, "HELLO", 5);
	pread(fd, buf, 12, 0);
	show("read() sees the shared write", buf, 12);
	pwrite(fd, "M", 1, 7);
	show("shared view sees pwrite", q, 12);
	result("msync MS_SYNC", msync(q, 4096, MS_SYNC));
	result("msync MS_ASYNC|MS_SYNC", msync(q, 4096, MS_ASYNC | MS_SYNC));
	result("msync unaligned", msync(q + 1, 10, MS_SYNC));
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	show("a second shared mapping", p, 12);
	munmap(p, 4096);
	result("munmap shared", munmap(q, 4096));
	pread(fd, buf, 12, 0);
	show("file after munmap", buf, 12);
	/* at an offset, past the end: zeros */
	ftruncate(fd, 4096 + 3);
	pwrite(fd, "abc", 3, 4096);
	q = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 4096);
	show("private at offset 4096", q, 5);
	munmap(q, 4096);
	result("mmap offset not page-aligned",
	       (long)mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100));
	{
		char path[64];

		snprintf(path, sizeof(path), "%s/map", dir);
		ro = open(path, O_RDONLY);
	}
	result("shared writable map of a read-only fd",
	       (long)mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
			  ro, 0));
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	result("private writable map of a read-only fd",
	       p == MAP_FAILED ? -1 : 0);
	munmap(p, 4096);
	close(ro);
	result("map a directory", (long)mmap(NULL, 4096, PROT_READ,
					      MAP_PRIVATE, open(dir, O_RDONLY),
					      0));
	close(fd);
}

static void memfd(void)
{
	char buf[16] = { 0 }, link[64], target[128];
	struct stat st;
	int fd = memfd_create("test", MFD_CLOEXEC);
	ssize_t n;
	char *p;

	result("memfd_create", fd < 0 ? -1 : 0);
	result("write", write(fd, "memory file", 11));
	result("pread", pread(fd, buf, 6, 0));
	show("contents", buf, 6);
	fstat(fd, &st);
	printf("regular %d size %ld nlink %ld mode %o\n", S_ISREG(st.st_mode),
	       (long)st.st_size, (long)st.st_nlink, st.st_mode & 07777);
	printf("cloexec %d\n", fcntl(fd, F_GETFD) & FD_CLOEXEC);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	target[n < 0 ? 0 : n] = 0;
	printf("link: %s\n", target);
	ftruncate(fd, 8192);
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	result("mmap shared", p == MAP_FAILED ? -1 : 0);
	memcpy(p + 4096, "second page", 11);
	pread(fd, buf, 11, 4096);
	show("read() of the mapped page", buf, 11);
	munmap(p, 8192);
	close(fd);
	result("bad flags", memfd_create("x", 0x100));
}

static void tmpfile_(void)
{
	char buf[8] = { 0 };
	struct stat st;
	int fd = open(dir, O_TMPFILE | O_RDWR, 0600);

	result("O_TMPFILE", fd < 0 ? -1 : 0);
	write(fd, "temp", 4);
	pread(fd, buf, 4, 0);
	show("contents", buf, 4);
	fstat(fd, &st);
	printf("nlink %ld mode %o\n", (long)st.st_nlink, st.st_mode & 07777);
	{
		char link[64], path[64];
		int ex, via;

		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		snprintf(path, sizeof(path), "%s/named", dir);
		result("linkat through /proc/self/fd",
		       linkat(AT_FDCWD, link, AT_FDCWD, path,
			      AT_SYMLINK_FOLLOW));
		stat(path, &st);
		printf("named: nlink %ld size %ld\n", (long)st.st_nlink,
		       (long)st.st_size);
		ex = open(dir, O_TMPFILE | O_RDWR | O_EXCL, 0600);
		snprintf(link, sizeof(link), "/proc/self/fd/%d", ex);
		snprintf(path, sizeof(path), "%s/named-excl", dir);
		result("linkat of an O_EXCL one",
		       linkat(AT_FDCWD, link, AT_FDCWD, path,
			      AT_SYMLINK_FOLLOW));
		via = open(link, O_RDWR);
		result("open through /proc/self/fd", via < 0 ? -1 : 0);
		result("write through it", write(via, "abc", 3));
		fstat(ex, &st);
		printf("size seen by the first fd %ld\n", (long)st.st_size);
		close(via);
		close(ex);
	}
	close(fd);
	result("O_TMPFILE read-only", open(dir, O_TMPFILE | O_RDONLY, 0600));
	result("O_TMPFILE on a missing dir",
	       open("/tmp/no/such", O_TMPFILE | O_RDWR, 0600));
}

static void sendfile_(void)
{
	char buf[32] = { 0 };
	int in = file("in", "0123456789abcdef", 0);
	int out = file("out", NULL, 0);
	off_t off = 4;

	lseek(in, 2, SEEK_SET);
	result("sendfile from the position", sendfile(out, in, NULL, 5));
	result("input position", lseek(in, 0, SEEK_CUR));
	result("sendfile from an offset", sendfile(out, in, &off, 100));
	printf("offset now %ld, position %ld\n", (long)off,
	       (long)lseek(in, 0, SEEK_CUR));
	pread(out, buf, sizeof(buf) - 1, 0);
	show("out", buf, strlen(buf));
	result("sendfile bad fd", sendfile(out, 99, NULL, 5));
	result("sendfile at the end", sendfile(out, in, &off, 10));
	close(in);
	close(out);
}

static void vec(void)
{
	char a[4] = { 0 }, b[8] = { 0 };
	struct iovec w[2] = { { "abc", 3 }, { "defghij", 7 } };
	struct iovec r[2] = { { a, 3 }, { b, 7 } };
	int fd = file("vec", NULL, 0);

	result("pwritev at 5", pwritev(fd, w, 2, 5));
	result("position", lseek(fd, 0, SEEK_CUR));
	result("preadv at 5", preadv(fd, r, 2, 5));
	show("a", a, 3);
	show("b", b, 7);
	result("preadv past the end", preadv(fd, r, 2, 100));
	result("preadv negative offset", preadv(fd, r, 2, -2));
	result("pwritev bad count", pwritev(fd, w, -1, 0));
	close(fd);
}

static void lk(const char *what, int fd, int cmd, short type, off_t start,
	       off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET,
			    .l_start = start, .l_len = len };
	int r = fcntl(fd, cmd, &fl);

	if (r < 0 || (cmd != F_GETLK && cmd != F_OFD_GETLK))
		result(what, r);
	else
		printf("%s: type %s start %ld len %ld pid %s\n", what,
		       fl.l_type == F_UNLCK ? "unlck" :
		       fl.l_type == F_RDLCK ? "rd" : "wr",
		       (long)fl.l_start, (long)fl.l_len,
		       fl.l_pid == -1 ? "-1" : fl.l_pid ? "process" : "0");
}

static void locks(void)
{
	int a = file("lock", "0123456789", 0);
	char path[64];
	int b, c;

	snprintf(path, sizeof(path), "%s/lock", dir);
	b = open(path, O_RDWR);
	c = open(path, O_RDONLY);
	result("flock a LOCK_EX", flock(a, LOCK_EX));
	result("flock b LOCK_EX|LOCK_NB", flock(b, LOCK_EX | LOCK_NB));
	result("flock b LOCK_SH|LOCK_NB", flock(b, LOCK_SH | LOCK_NB));
	result("flock a again (convert to shared)", flock(a, LOCK_SH));
	result("flock b LOCK_SH|LOCK_NB", flock(b, LOCK_SH | LOCK_NB));
	result("flock bad op", flock(a, 0));
	flock(a, LOCK_UN);
	flock(b, LOCK_UN);
	lk("F_SETLK wr 0-4 on a", a, F_SETLK, F_WRLCK, 0, 5);
	lk("F_SETLK wr 2-6 on b (same process)", b, F_SETLK, F_WRLCK, 2, 5);
	lk("F_GETLK on b", b, F_GETLK, F_WRLCK, 0, 0);
	lk("F_OFD_SETLK rd 3-3 on b", b, F_OFD_SETLK, F_RDLCK, 3, 1);
	lk("F_OFD_SETLK rd 8-9 on b", b, F_OFD_SETLK, F_RDLCK, 8, 2);
	lk("F_OFD_GETLK wr on c sees b's", c, F_OFD_GETLK, F_WRLCK, 8, 0);
	lk("F_OFD_SETLK wr on a over b's", a, F_OFD_SETLK, F_WRLCK, 9, 1);
	lk("F_OFD_SETLK rd on c beside b's", c, F_OFD_SETLK, F_RDLCK, 8, 1);
	lk("F_OFD_SETLK wr on read-only c", c, F_OFD_SETLK, F_WRLCK, 0, 1);
	lk("F_GETLK unlck", a, F_GETLK, F_UNLCK, 0, 1);
	lk("F_SETLK bad type", a, F_SETLK, 7, 0, 1);
	lk("F_SETLK negative start", a, F_SETLK, F_RDLCK, -1, 1);
	lk("F_OFD_SETLK unlock on b", b, F_OFD_SETLK, F_UNLCK, 0, 0);
	lk("F_OFD_GETLK after unlock", a, F_OFD_GETLK, F_WRLCK, 8, 2);
	close(c);	/* drops the process's record locks too */
	lk("F_OFD_GETLK after close", a, F_OFD_GETLK, F_WRLCK, 0, 0);
	close(a);
	close(b);
}

/* musl 1.2.3 has no statx(): the system call, with its layout */
struct sx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad;
	uint64_t ino, size, blocks, attributes_mask;
	char rest[256 - 64];
};

static long sx_call(int dirfd, const char *path, int flags,
		    unsigned int mask, struct sx *sx)
{
	return syscall(SYS_statx, dirfd, path, flags, mask, sx);
}

static void statx_(void)
{
	struct sx sx;
	int fd = file("sx", "12345", 0);
	char path[64];

	snprintf(path, sizeof(path), "%s/sx", dir);
	result("statx", sx_call(AT_FDCWD, path, 0, 0x7ff, &sx));
	printf("mask has basic %d size %llu mode %o nlink %u\n",
	       (sx.mask & 0x7ff) == 0x7ff, (unsigned long long)sx.size,
	       sx.mode & 07777, sx.nlink);
	result("statx AT_EMPTY_PATH",
	       sx_call(fd, "", AT_EMPTY_PATH, 0x200, &sx));
	printf("size %llu\n", (unsigned long long)sx.size);
	result("statx missing", sx_call(AT_FDCWD, "/no/such", 0, 0, &sx));
	result("statx bad flags", sx_call(AT_FDCWD, path, 0x40000000, 0, &sx));
	close(fd);
}

static void falloc(void)
{
	static char x[10000];
	char b[4];
	struct stat st;
	int fd = file("fa", NULL, 0);

	memset(x, 'x', sizeof(x));
	write(fd, x, sizeof(x));
	result("fallocate 0..20000", fallocate(fd, 0, 0, 20000));
	fstat(fd, &st);
	printf("size %ld\n", (long)st.st_size);
	result("fallocate KEEP_SIZE 0..50000",
	       fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 50000));
	fstat(fd, &st);
	printf("size %ld\n", (long)st.st_size);
	result("punch 100..5000",
	       fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			 100, 4900));
	fstat(fd, &st);
	pread(fd, b, 1, 99);
	pread(fd, b + 1, 1, 100);
	pread(fd, b + 2, 1, 4999);
	pread(fd, b + 3, 1, 5000);
	printf("size %ld, bytes at 99 100 4999 5000: %d %d %d %d\n",
	       (long)st.st_size, b[0], b[1], b[2], b[3]);
	result("punch without KEEP_SIZE",
	       fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10));
	result("fallocate len 0", fallocate(fd, 0, 0, 0));
	close(fd);
}

/* The microsecond calls, raw where the architecture has them */
static void utimes_(void)
{
	struct timeval tv[2] = { { 1000000000, 250000 }, { 1200000000, 5 } };
	char path[64];
	struct stat st;
	int fd = file("ut", "x", 0);

	snprintf(path, sizeof(path), "%s/ut", dir);
	result("utimes", utimes(path, tv));
	stat(path, &st);
	printf("atime %ld.%09ld mtime %ld.%09ld\n", (long)st.st_atim.tv_sec,
	       st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec,
	       st.st_mtim.tv_nsec);
#ifdef SYS_futimesat
	tv[1].tv_usec = 7;
	result("futimesat", syscall(SYS_futimesat, AT_FDCWD, path, tv));
	stat(path, &st);
	printf("mtime %ld.%09ld\n", (long)st.st_mtim.tv_sec,
	       st.st_mtim.tv_nsec);
	tv[1].tv_usec = 1000000;
	result("futimesat usec 1000000",
	       syscall(SYS_futimesat, AT_FDCWD, path, tv));
	result("raw utimes", syscall(SYS_utimes, path, NULL));
#else
	printf("mtime 1200000000.000007000\n");
	result("futimesat usec 1000000", -(errno = EINVAL, 1));
	result("raw utimes", 0);
#endif
	close(fd);
}

static void stdio_(void)
{
	char path[64], buf[64] = { 0 };
	FILE *f;
	int c;

	snprintf(path, sizeof(path), "%s/st", dir);
	f = fopen(path, "w+");
	fputs("line one\nline two\n", f);
	printf("ftell after writing: %ld\n", ftell(f));
	rewind(f);
	c = fgetc(f);
	printf("fgetc: %c, ungetc: %c\n", c, ungetc('L', f));
	fgets(buf, sizeof(buf), f);
	printf("after ungetc: %s", buf);
	printf("ftell: %ld\n", ftell(f));
	fseek(f, -4, SEEK_END);
	fgets(buf, sizeof(buf), f);
	printf("last 4: %s", buf);
	fclose(f);
	f = fopen(path, "a+");
	fputs("three\n", f);
	fseek(f, 0, SEEK_SET);
	fgets(buf, sizeof(buf), f);
	printf("a+ reads from the start: %s", buf);
	fputs("four\n", f);	/* appended whatever the position */
	printf("ftell after an append: %ld\n", ftell(f));
	fclose(f);
	f = fopen(path, "r+");
	fseek(f, 5, SEEK_SET);
	fputs("ONE", f);
	fclose(f);
	f = fopen(path, "r");
	while (fgets(buf, sizeof(buf), f))
		printf("| %s", buf);
	printf("feof %d ferror %d\n", feof(f), ferror(f));
	fclose(f);
	errno = 0;
	printf("fopen r of a missing file: %s\n",
	       fopen("/tmp/no/such", "r") ? "ok" : errname(errno));
	printf("fopen w in a missing dir: %s\n",
	       fopen("/tmp/no/such", "w") ? "ok" : errname(errno));
	f = fopen(path, "wx");
	printf("fopen wx of an existing file: %s\n",
	       f ? "ok" : errname(errno));
	f = tmpfile();
	fprintf(f, "tmp %d", 42);
	rewind(f);
	fgets(buf, sizeof(buf), f);
	printf("tmpfile: %s\n", buf);
	fclose(f);
	result("remove file", remove(path));
	result("remove missing", remove(path));
}

static int list_fn(const char *p, const struct stat *st, int type,
		   struct FTW *ftw)
{
	printf("  %s %s level %d\n", p + strlen(dir),
	       type == FTW_D ? "dir" : type == FTW_DP ? "dir-post" :
	       type == FTW_SL ? "symlink" : type == FTW_F ? "file" : "other",
	       ftw->level);
	return 0;
}

static void tree(void)
{
	char path[256], real[4096], *made;
	struct dirent **ents;
	int n;

	snprintf(path, sizeof(path), "%s/tree", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/tree/b", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/tree/b/XXXXXX", dir);
	made = mkdtemp(path);
	printf("mkdtemp: %s\n", made ? "made" : errname(errno));
	rmdir(path);
	snprintf(path, sizeof(path), "%s/tree/b/c", dir);
	close(creat(path, 0644));
	snprintf(path, sizeof(path), "%s/tree/a", dir);
	close(creat(path, 0644));
	snprintf(path, sizeof(path), "%s/tree/link", dir);
	symlink("b/c", path);
	snprintf(path, sizeof(path), "%s/tree/s-XXXXXX", dir);
	n = mkstemp(path);
	printf("mkstemp: %s, name ends in 6 chars not X: %d\n",
	       n >= 0 ? "made" : errname(errno),
	       !strchr(path + strlen(path) - 6, 'X'));
	close(n);
	unlink(path);
	snprintf(path, sizeof(path), "%s/tree", dir);
	n = scandir(path, &ents, NULL, alphasort);
	printf("scandir: %d:", n);
	for (int i = 0; i < n; i++) {
		printf(" %s", ents[i]->d_name);
		free(ents[i]);
	}
	printf("\n");
	free(n >= 0 ? ents : NULL);
	/* nftw's order within a directory is the directory's: sort-free
	 * output needs a tree whose directories hold one entry each */
	snprintf(path, sizeof(path), "%s/tree/b", dir);
	printf("nftw FTW_PHYS|FTW_DEPTH of tree/b:\n");
	nftw(path, list_fn, 8, FTW_PHYS | FTW_DEPTH);
	snprintf(path, sizeof(path), "%s/tree/b/../link", dir);
	printf("realpath of tree/b/../link: %s\n",
	       realpath(path, real) ? real + strlen(dir) : errname(errno));
	snprintf(path, sizeof(path), "%s/tree/missing/..", dir);
	printf("realpath through a missing dir: %s\n",
	       realpath(path, real) ? real : errname(errno));
	snprintf(path, sizeof(path), "%s/tree/a/x", dir);
	printf("realpath under a file: %s\n",
	       realpath(path, real) ? real : errname(errno));
	chdir(dir);
	printf("realpath of .: %s\n",
	       realpath(".", real) ? (strcmp(real, dir) ? "other" : "dir")
				   : errname(errno));
}

int main(int argc, char **argv)
{
	static const struct { const char *name; void (*fn)(void); } s[] = {
		{ "mmap", mmaps }, { "memfd", memfd }, { "tmpfile", tmpfile_ },
		{ "sendfile", sendfile_ }, { "vec", vec }, { "locks", locks },
		{ "statx", statx_ }, { "utimes", utimes_ }, { "falloc", falloc },
		{ "stdio", stdio_ },
		{ "tree", tree },
	};

	setvbuf(stdout, NULL, _IONBF, 0);
	umask(022);
	if (!mkdtemp(dir))
		return 1;
	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		bool run = argc < 2;

		for (int j = 1; j < argc; j++)
			run |= !strcmp(argv[j], s[i].name);
		if (run) {
			printf("== %s\n", s[i].name);
			s[i].fn();
		}
	}
	return 0;
}
