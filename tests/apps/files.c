/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Descriptors and names as Linux serves them: the /dev memory devices
 * (null, zero, full, urandom), fstat and stat of devices and
 * directories, dup/dup2/dup3/F_DUPFD and close-on-exec, F_GETFL and
 * F_SETFL, record locks, positioned reads, a redirected stdout, the
 * working directory, directory listings, and the errors of each.
 * Only what is the same on any Linux is printed (no inode numbers, no
 * host directory contents beyond a few names every system has).
 * Compared with the host's static musl build by tests/apps-compare.test.
 *
 *   files [SECTION...]   devices fds names dirs errors
 *                        (all of them when none is named)
 */
#define _GNU_SOURCE	/* dup3, O_PATH */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "compare.h"

static void show_stat(const char *what, const struct stat *st)
{
	const char *type = S_ISCHR(st->st_mode) ? "char device" :
			   S_ISDIR(st->st_mode) ? "directory" : "other";

	if (S_ISCHR(st->st_mode))
		printf("%s: %s %u,%u mode %o\n", what, type,
		       major(st->st_rdev), minor(st->st_rdev),
		       (unsigned)st->st_mode & 07777);
	else
		printf("%s: %s\n", what, type);
}

static int all_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

static void devices(void)
{
	unsigned char a[64], b[64];
	struct stat st;
	int fd;

	fd = open("/dev/null", O_RDWR);
	result("open(/dev/null, O_RDWR) >= 0", fd < 0 ? fd : 0);
	result("read(/dev/null, 64)", read(fd, a, sizeof(a)));
	result("write(/dev/null, 5)", write(fd, "hello", 5));
	result("lseek(/dev/null, 100, SEEK_SET)", lseek(fd, 100, SEEK_SET));
	fstat(fd, &st);
	show_stat("fstat(/dev/null)", &st);
	close(fd);

	fd = open("/dev/zero", O_RDONLY);
	memset(a, 0x55, sizeof(a));
	result("read(/dev/zero, 64)", read(fd, a, sizeof(a)));
	printf("all zero: %d\n", all_zero(a, sizeof(a)));
	memset(a, 0x55, sizeof(a));
	result("pread(/dev/zero, 64, at 4096)", pread(fd, a, 64, 4096));
	printf("all zero: %d\n", all_zero(a, sizeof(a)));
	result("write(/dev/zero opened O_RDONLY)", write(fd, "x", 1));
	close(fd);

	fd = open("/dev/full", O_WRONLY);
	result("write(/dev/full, 3)", write(fd, "abc", 3));
	close(fd);

	/* SQLite's way to seed its generator */
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	result("fcntl(/dev/urandom, F_SETFD, FD_CLOEXEC)",
	       fcntl(fd, F_SETFD, FD_CLOEXEC));
	result("read(/dev/urandom, 64)", read(fd, a, sizeof(a)));
	result("read(/dev/urandom, 64) again", read(fd, b, sizeof(b)));
	printf("the two reads differ: %d\n", memcmp(a, b, sizeof(a)) != 0);
	close(fd);

	for (size_t i = 0; i < 5; i++) {
		static const char *const dev[] = { "/dev/null", "/dev/zero",
			"/dev/full", "/dev/random", "/dev/urandom" };

		if (stat(dev[i], &st) == 0)
			show_stat(dev[i], &st);
		else
			result(dev[i], -1);
	}
	result("access(/dev/null, R_OK | W_OK)",
	       access("/dev/null", R_OK | W_OK));
	result("access(/dev/null, X_OK)", access("/dev/null", X_OK));

	/* stdio on a device */
	FILE *f = fopen("/dev/null", "w");
	printf("fopen(/dev/null, w): %s\n", f ? "FILE" : "NULL");
	result("fprintf to /dev/null", fprintf(f, "%d bytes\n", 123));
	result("fclose", fclose(f));
}

static void fds(void)
{
	struct flock fl;
	int fd, d, flags;

	fd = open("/dev/null", O_RDONLY);
	printf("open gives the lowest free descriptor: %d\n", fd);
	d = dup(fd);
	printf("dup: %d\n", d);
	result("dup2(fd, 10)", dup2(fd, 10));
	result("dup2(fd, fd)", dup2(fd, fd));
	result("fcntl(F_DUPFD, 7)", fcntl(fd, F_DUPFD, 7));
	result("fcntl(F_DUPFD_CLOEXEC, 7)", fcntl(fd, F_DUPFD_CLOEXEC, 7));
	result("F_GETFD of 8", fcntl(8, F_GETFD));
	result("F_GETFD of 7", fcntl(7, F_GETFD));
	result("dup3(fd, 12, O_CLOEXEC)", dup3(fd, 12, O_CLOEXEC));
	result("F_GETFD of 12", fcntl(12, F_GETFD));
	result("ioctl(12, FIONCLEX)", ioctl(12, FIONCLEX));
	result("F_GETFD of 12", fcntl(12, F_GETFD));
	result("ioctl(12, FIOCLEX)", ioctl(12, FIOCLEX));
	result("F_GETFD of 12", fcntl(12, F_GETFD));
	for (int i = 7; i <= 12; i++)
		close(i);
	result("close(d)", close(d));
	result("close(d) again", close(d));
	printf("a closed slot is reused: %d\n", dup(fd));
	close(d);

	/* status flags belong to the open file, shared by duplicates */
	close(fd);
	fd = open("/dev/null", O_WRONLY | O_APPEND);
	d = dup(fd);
	flags = fcntl(d, F_GETFL);
	printf("F_GETFL: access %d, append %d, nonblock %d\n",
	       flags & O_ACCMODE, !!(flags & O_APPEND), !!(flags & O_NONBLOCK));
	result("F_SETFL O_NONBLOCK on fd",
	       fcntl(fd, F_SETFL, O_NONBLOCK | O_RDWR));
	flags = fcntl(d, F_GETFL);
	printf("F_GETFL of the dup: access %d, append %d, nonblock %d\n",
	       flags & O_ACCMODE, !!(flags & O_APPEND), !!(flags & O_NONBLOCK));
	result("F_GETFD of the dup (not inherited)", fcntl(d, F_GETFD));
	close(d);

	/* record locks: one process never conflicts with itself */
	fl = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET,
			     .l_start = 0, .l_len = 10 };
	result("F_SETLK F_WRLCK on a write-only fd", fcntl(fd, F_SETLK, &fl));
	fl.l_type = F_RDLCK;
	result("F_SETLK F_RDLCK on a write-only fd", fcntl(fd, F_SETLK, &fl));
	fl.l_type = F_WRLCK;
	result("F_GETLK", fcntl(fd, F_GETLK, &fl));
	printf("F_GETLK finds the range free: %d\n", fl.l_type == F_UNLCK);
	fl.l_type = 42;
	result("F_SETLK with type 42", fcntl(fd, F_SETLK, &fl));
	fl = (struct flock){ .l_type = F_UNLCK, .l_whence = SEEK_SET };
	result("F_SETLKW F_UNLCK", fcntl(fd, F_SETLKW, &fl));
	close(fd);

	/* stdout redirected to /dev/null and back */
	fflush(stdout);
	fd = open("/dev/null", O_WRONLY);
	d = dup(1);
	dup2(fd, 1);
	printf("this line goes to /dev/null\n");
	fflush(stdout);
	dup2(d, 1);
	close(d);
	close(fd);
	printf("stdout is back\n");

	/* O_PATH: a name held open, not for reading */
	fd = open("/dev/zero", O_PATH);
	char c;
	result("read on an O_PATH descriptor", read(fd, &c, 1));
	struct stat st;
	result("fstat on an O_PATH descriptor", fstat(fd, &st));
	show_stat("  it is", &st);
	close(fd);
}

static void names(void)
{
	char buf[256];
	struct stat st;
	int fd;

	result("chdir(/)", chdir("/"));
	printf("getcwd: %s\n", getcwd(buf, sizeof(buf)));
	result("chdir(dev)", chdir("dev"));
	printf("getcwd: %s\n", getcwd(buf, sizeof(buf)));
	fd = open("null", O_WRONLY);
	result("open(null) relative to /dev, then write", write(fd, "x", 1));
	close(fd);
	result("stat(./zero)", stat("./zero", &st));
	show_stat("  it is", &st);
	result("stat(../dev//null)", stat("../dev//null", &st));
	show_stat("  it is", &st);
	result("stat(/../../dev/./urandom)", stat("/../../dev/./urandom", &st));
	show_stat("  it is", &st);
	result("chdir(..)", chdir(".."));
	printf("getcwd: %s\n", getcwd(buf, sizeof(buf)));
	errno = 0;
	const char *got = getcwd(buf, 1);

	printf("getcwd into 1 byte: %s, %s\n", got ? "ok" : "NULL",
	       errname(errno));
	result("stat(/)", stat("/", &st));
	show_stat("  it is", &st);
	result("stat(/dev/)", stat("/dev/", &st));
	show_stat("  it is", &st);

	/* openat relative to a directory descriptor */
	int dir = open("/dev", O_RDONLY | O_DIRECTORY);
	result("openat(/dev fd, zero) >= 0",
	       (fd = openat(dir, "zero", O_RDONLY)) < 0 ? fd : 0);
	close(fd);
	result("fstatat(/dev fd, full)", fstatat(dir, "full", &st, 0));
	show_stat("  it is", &st);
	result("fchdir(/dev fd)", fchdir(dir));
	printf("getcwd: %s\n", getcwd(buf, sizeof(buf)));
	result("read on a directory", read(dir, buf, 1));
	close(dir);
	chdir("/");
}

/* Whether directory @path lists each of the names (a NULL-ended list). */
static void lists(const char *path, const char *const *want)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int found[8] = { 0 };

	if (!d) {
		printf("opendir(%s): %s\n", path, errname(errno));
		return;
	}
	while ((e = readdir(d)))
		for (int i = 0; want[i]; i++)
			if (!strcmp(e->d_name, want[i]))
				found[i] = 1 + (e->d_type == DT_DIR);
	for (int i = 0; want[i]; i++)
		printf("%s lists %s: %s\n", path, want[i],
		       !found[i] ? "no" : found[i] == 2 ? "yes, a directory" :
		       "yes");
	closedir(d);
}

static void dirs(void)
{
	static const char *const root[] = { ".", "..", "dev", NULL };
	static const char *const dev[] = { ".", "..", "null", "zero",
		"urandom", "no-such-device", NULL };

	lists("/", root);
	lists("/dev", dev);
}

static void errors(void)
{
	char longname[300];
	int fd;

	memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = 0;
	errno = 0;
	result("open(/dev/no-such-device)", open("/dev/no-such-device", O_RDONLY));
	result("open(/dev/null/x)", open("/dev/null/x", O_RDONLY));
	result("open(/dev/null/)", open("/dev/null/", O_RDONLY));
	result("open(/dev/null, O_DIRECTORY)",
	       open("/dev/null", O_RDONLY | O_DIRECTORY));
	result("open(/, O_WRONLY)", open("/", O_WRONLY));
	result("open(/dev/null, O_CREAT | O_EXCL)",
	       open("/dev/null", O_WRONLY | O_CREAT | O_EXCL, 0600));
	result("open(a 298-character name)", open(longname, O_RDONLY));
	result("open(\"\")", open("", O_RDONLY));
	result("chdir(/dev/null)", chdir("/dev/null"));
	result("stat(/dev/zero/)", stat("/dev/zero/", &(struct stat){ 0 }));
	fd = open("/dev/null", O_RDONLY);
	result("write to an O_RDONLY descriptor", write(fd, "x", 1));
	result("dup2(fd, -1)", dup2(fd, -1));
	result("dup2(fd, 100000)", dup2(fd, 100000));
	result("dup3(fd, fd, 0)", dup3(fd, fd, 0));
	/* musl turns dup3 without O_CLOEXEC into dup2 */
	result("dup3(fd, 9, O_CLOEXEC | O_APPEND)",
	       dup3(fd, 9, O_CLOEXEC | O_APPEND));
	result("fcntl(fd, F_DUPFD, 100000)", fcntl(fd, F_DUPFD, 100000));
	result("fcntl(fd, 12345)", fcntl(fd, 12345));
	result("fchdir(a device fd)", fchdir(fd));
	close(fd);
	result("openat(a device fd, x)", openat(0, "x", O_RDONLY));
	result("openat(bad fd, x)", openat(77, "x", O_RDONLY));
	result("openat(bad fd, /dev/null) ignores the fd >= 0",
	       (fd = openat(77, "/dev/null", O_RDONLY)) < 0 ? fd : 0);
	close(fd);
}

static const struct {
	const char *name;
	void (*fn)(void);
} sections[] = {
	{ "devices", devices }, { "fds", fds }, { "names", names },
	{ "dirs", dirs }, { "errors", errors },
};

int main(int argc, char **argv)
{
	/* descriptors beyond 2 that the host's test harness may have left
	 * open would shift every number */
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		int run = argc < 2;

		for (int a = 1; a < argc; a++)
			run |= !strcmp(argv[a], sections[i].name);
		if (!run)
			continue;
		printf("== %s\n", sections[i].name);
		sections[i].fn();
	}
	return 0;
}
