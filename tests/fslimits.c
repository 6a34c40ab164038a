/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ramfs at its limits, for tests/fslimits.test. Prints TAP (one plan per
 * run) and exits 1 when a check failed.
 *
 *   fslimits files N     N files in one directory: create, stat each,
 *                        list them all, unlink them all
 *   fslimits big MB      one file of MB MiB written and read back
 *   fslimits paths       a path of 4,095 bytes works, 4,096 is
 *                        ENAMETOOLONG; symlink loops are ELOOP
 *   fslimits full [region]  write 1 MiB files until the memory runs
 *                        out: ENOSPC (or ENOMEM), never a crash; the
 *                        files written before read back intact;
 *                        unlinking them gives the memory back (not
 *                        with the region allocator, which never frees)
 *   fslimits cap KB      with vfs.ramfs_size=KBK: a write past it is
 *                        ENOSPC, what fit is intact
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int n_test, failed;

static void check(int ok, const char *what)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++n_test, what);
	failed |= !ok;
}

/* The byte at @off of file @id: the contents identify both. */
static unsigned char byte_at(unsigned id, unsigned long off)
{
	return (unsigned char)(off * 31 + id * 7 + (off >> 12));
}

static void fill(unsigned char *buf, size_t n, unsigned id,
		 unsigned long off)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = byte_at(id, off + i);
}

/* Writes file @path of @len bytes; returns 0, or the errno. */
static int write_file(const char *path, unsigned id, unsigned long len)
{
	static unsigned char buf[65536];
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644), e = 0;

	if (fd < 0)
		return errno;
	for (unsigned long off = 0; off < len && !e; off += sizeof(buf)) {
		size_t n = len - off < sizeof(buf) ? len - off : sizeof(buf);

		fill(buf, n, id, off);
		if (write(fd, buf, n) != (ssize_t)n)
			e = errno ? errno : ENOSPC;
	}
	close(fd);
	return e;
}

/* True if file @path holds @len bytes of file @id. */
static int file_ok(const char *path, unsigned id, unsigned long len)
{
	static unsigned char buf[65536], want[65536];
	unsigned long off = 0;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		fill(want, n, id, off);
		if (memcmp(buf, want, n))
			break;
		off += n;
	}
	close(fd);
	return n == 0 && off == len;
}

static void files(int n)
{
	char path[64];
	struct stat st;
	struct dirent *e;
	int made = 0, seen = 0, statted = 0, gone = 0;
	DIR *d;

	mkdir("/tmp/many", 0755);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/tmp/many/file-%05d", i);
		int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);

		made += fd >= 0;
		close(fd);
	}
	printf("# %d files made\n", made);
	check(made == n, "every file is created");
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/tmp/many/file-%05d", i);
		statted += !stat(path, &st) && S_ISREG(st.st_mode);
	}
	check(statted == n, "every file stats");
	d = opendir("/tmp/many");
	while (d && (e = readdir(d)))
		seen += !strncmp(e->d_name, "file-", 5);
	if (d)
		closedir(d);
	check(seen == n, "readdir lists every file once");
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/tmp/many/file-%05d", i);
		gone += !unlink(path);
	}
	check(gone == n && !rmdir("/tmp/many"),
	      "every file unlinks, the directory is empty");
}

static void big(unsigned long mb)
{
	unsigned long len = mb << 20;
	struct stat st;
	int e = write_file("/tmp/big", 1, len);

	if (e)
		printf("# write: %s\n", strerror(e));
	check(!e, "the big file is written");
	check(!stat("/tmp/big", &st) && (unsigned long)st.st_size == len,
	      "its size is right");
	check(file_ok("/tmp/big", 1, len), "it reads back intact");
	check(!unlink("/tmp/big"), "it unlinks");
}

static void paths(void)
{
	char name[256], *path = malloc(4200);
	size_t len = 4;
	int fd;

	/* /tmp/ then components of 200 bytes, 'd' dirs */
	strcpy(path, "/tmp");
	memset(name, 'd', 200);
	name[200] = 0;
	while (len + 1 + 200 < 4095 - 20) {
		sprintf(path + len, "/%s", name);
		len += 201;
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			break;
	}
	/* a last name that brings the path to 4,095 bytes */
	path[len] = '/';
	memset(path + len + 1, 'f', 4095 - len - 1);
	path[4095] = 0;
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	check(fd >= 0 && strlen(path) == 4095, "a 4,095-byte path is created");
	close(fd);
	check(!access(path, F_OK), "and found again");
	path[4095] = 'f';
	path[4096] = 0;
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	check(fd < 0 && errno == ENAMETOOLONG, "4,096 bytes: ENAMETOOLONG");
	symlink("/tmp/loop-b", "/tmp/loop-a");
	symlink("/tmp/loop-a", "/tmp/loop-b");
	fd = open("/tmp/loop-a", O_RDONLY);
	check(fd < 0 && errno == ELOOP, "a symlink loop: ELOOP");
	free(path);
}

static void full(int reclaims)
{
	char path[64];
	int n = 0, e = 0, ok = 1;
	long avail_before, avail_after;
	FILE *f;

	for (; !e && n < 100000; n++) {
		snprintf(path, sizeof(path), "/tmp/full-%d", n);
		e = write_file(path, n, 1 << 20);
	}
	printf("# %d files of 1 MiB, then: %s\n", n - 1, strerror(e));
	check(e == ENOSPC || e == ENOMEM, "the memory runs out: ENOSPC");
	for (int i = 0; i < n - 1; i++) {
		snprintf(path, sizeof(path), "/tmp/full-%d", i);
		ok &= file_ok(path, i, 1 << 20);
	}
	check(ok, "every file written before reads back intact");
	/* the file that failed is partly written, not corrupt */
	snprintf(path, sizeof(path), "/tmp/full-%d", n - 1);
	{
		struct stat st;

		stat(path, &st);
		check(st.st_size < (1 << 20) && file_ok(path, n - 1,
							st.st_size),
		      "the one that failed holds what was written");
	}
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/tmp/full-%d", i);
		unlink(path);
	}
	if (reclaims) {
		e = write_file("/tmp/after", 7, 1 << 20);
		check(!e && file_ok("/tmp/after", 7, 1 << 20),
		      "after unlinking them, a file can be written again");
	} else {
		printf("ok %d - # SKIP the region allocator never frees\n",
		       ++n_test);
	}
	f = fopen("/proc/meminfo", "r");
	avail_before = avail_after = 0;
	if (f) {
		fscanf(f, "MemTotal: %ld kB MemFree: %ld", &avail_before,
		       &avail_after);
		fclose(f);
	}
	printf("# MemTotal %ld kB, MemFree %ld kB at the end\n",
	       avail_before, avail_after);
}

static void cap(unsigned long kb)
{
	int e = write_file("/tmp/capped", 3, (kb + 64) << 10);
	struct stat st;

	check(e == ENOSPC, "a write past vfs.ramfs_size is ENOSPC");
	stat("/tmp/capped", &st);
	printf("# %ld bytes fit\n", (long)st.st_size);
	check(st.st_size <= (long)(kb << 10) &&
	      st.st_size > (long)(kb << 10) - 65536 &&
	      file_ok("/tmp/capped", 3, st.st_size),
	      "what fit is there, intact");
	unlink("/tmp/capped");
	check(!write_file("/tmp/capped", 4, kb << 9),
	      "after unlink, half the cap can be written");
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("TAP version 13\n");
	if (argc == 3 && !strcmp(argv[1], "files"))
		files(atoi(argv[2]));
	else if (argc == 3 && !strcmp(argv[1], "big"))
		big(strtoul(argv[2], NULL, 10));
	else if (argc == 2 && !strcmp(argv[1], "paths"))
		paths();
	else if (argc >= 2 && !strcmp(argv[1], "full"))
		full(argc < 3 || strcmp(argv[2], "region"));
	else if (argc == 3 && !strcmp(argv[1], "cap"))
		cap(strtoul(argv[2], NULL, 10));
	else
		check(0, "usage: fslimits files N | big MB | paths | full | "
		      "cap KB");
	printf("1..%d\n", n_test);
	return failed;
}
