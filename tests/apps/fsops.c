/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File operations as Linux serves them, in a fresh directory under
 * /tmp: create, write, read back, O_APPEND, O_EXCL, O_TRUNC, positioned
 * I/O and lseek, truncate with holes, rename (across directories, over
 * files, the errors), hard links, unlink of an open file, mkdir/rmdir,
 * symbolic links (readlink, lstat, O_NOFOLLOW, loops and the 40-link
 * limit), ENAMETOOLONG, directory listings, modes, umask and times,
 * the working directory, and stdio on files. Only what is the same on
 * any Linux file system is printed (no inode numbers, no block counts).
 * Compared with the host's static musl build by tests/apps-compare.test.
 *
 *   fsops [SECTION...]   io names links dirs errors stdio
 *                        (all of them when none is named)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "compare.h"

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		printf("put(%s): %s\n", path, errname(errno));
	close(fd);
}

/* Prints the content of @path (up to 100 bytes). */
static void show(const char *path)
{
	char buf[101];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		printf("%s: %s\n", path, errname(errno));
		return;
	}
	n = read(fd, buf, 100);
	buf[n < 0 ? 0 : n] = 0;
	printf("%s: \"%s\"\n", path, buf);
	close(fd);
}

static void show_stat(const char *what, const char *path, bool follow)
{
	struct stat st;
	const char *type;

	if ((follow ? stat : lstat)(path, &st) < 0) {
		printf("%s(%s): %s\n", follow ? "stat" : "lstat", path,
		       errname(errno));
		return;
	}
	type = S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "dir" :
	       S_ISLNK(st.st_mode) ? "symlink" : "other";
	printf("%s: %s mode %04o nlink %lu size %lld\n", what, type,
	       (unsigned int)(st.st_mode & 07777),
	       S_ISDIR(st.st_mode) ? 0UL : (unsigned long)st.st_nlink,
	       S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size);
}

static void io(void)
{
	char buf[64] = { 0 };
	struct stat st;
	int fd, fd2;

	fd = open("a", O_RDWR | O_CREAT | O_EXCL, 0666);
	result("open(a, O_CREAT | O_EXCL)", fd < 0 ? fd : 0);
	result("write(hello world)", write(fd, "hello world", 11));
	result("lseek(0, SEEK_CUR)", lseek(fd, 0, SEEK_CUR));
	result("lseek(6, SEEK_SET)", lseek(fd, 6, SEEK_SET));
	result("read(10)", read(fd, buf, 10));
	printf("read: \"%s\"\n", buf);
	result("read at the end", read(fd, buf, 10));
	result("pwrite(WORLD, 6)", pwrite(fd, "WORLD", 5, 6));
	memset(buf, 0, sizeof(buf));
	result("pread(0, 11)", pread(fd, buf, 11, 0));
	printf("pread: \"%s\"\n", buf);
	result("lseek(-3, SEEK_END)", lseek(fd, -3, SEEK_END));
	result("lseek(-100, SEEK_CUR)", lseek(fd, -100, SEEK_CUR));
	result("lseek(0, 7)", lseek(fd, 0, 7));
	/* a hole: 1 MiB of nothing, then a byte */
	result("lseek(1 MiB + 11)", lseek(fd, (1 << 20) + 11, SEEK_SET));
	result("write(!)", write(fd, "!", 1));
	fstat(fd, &st);
	printf("size %lld, fewer blocks than bytes: %s\n",
	       (long long)st.st_size,
	       st.st_blocks * 512 < st.st_size ? "yes" : "no");
	result("pread in the hole", pread(fd, buf, 4, 4096));
	printf("hole bytes: %d %d %d %d\n", buf[0], buf[1], buf[2], buf[3]);
	result("ftruncate(5)", ftruncate(fd, 5));
	result("ftruncate(-1)", ftruncate(fd, -1));
	result("ftruncate(8000) grows", ftruncate(fd, 8000));
	memset(buf, 'x', sizeof(buf));
	result("pread(3, 4)", pread(fd, buf, 4, 3));
	printf("bytes: %d %d %d %d\n", buf[0], buf[1], buf[2], buf[3]);
	close(fd);
	result("truncate(a, 2)", truncate("a", 2));
	show("a");
	/* O_APPEND: every write at the end */
	fd = open("a", O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	result("append write", write(fd, "++", 2));
	result("position after", lseek(fd, 0, SEEK_CUR));
	close(fd);
	show("a");
	/* O_TRUNC */
	fd = open("a", O_RDWR | O_TRUNC);
	fstat(fd, &st);
	printf("O_TRUNC size %lld\n", (long long)st.st_size);
	/* a read-only descriptor */
	fd2 = open("a", O_RDONLY);
	result("write to O_RDONLY", write(fd2, "x", 1));
	result("ftruncate of O_RDONLY", ftruncate(fd2, 0));
	close(fd2);
	close(fd);
	/* a large file, written and read in pieces */
	fd = open("big", O_RDWR | O_CREAT, 0600);
	for (int i = 0; i < 256; i++) {
		char blk[4096];

		memset(blk, i, sizeof(blk));
		if (write(fd, blk, sizeof(blk)) != sizeof(blk))
			printf("write %d: %s\n", i, errname(errno));
	}
	lseek(fd, 0, SEEK_SET);
	{
		unsigned long sum = 0;
		char blk[1000];
		ssize_t n;

		while ((n = read(fd, blk, sizeof(blk))) > 0)
			for (ssize_t i = 0; i < n; i++)
				sum = sum * 31 + (unsigned char)blk[i];
		printf("1 MiB read back, sum %lx\n", sum);
	}
	close(fd);
	unlink("big");
	unlink("a");
}

static void names(void)
{
	struct stat st, st2;
	char buf[64];
	int fd;

	umask(022);
	put("f", "file f");
	show_stat("f after umask 022", "f", true);
	result("chmod(f, 0600)", chmod("f", 0600));
	show_stat("f", "f", true);
	result("utimensat(f, 1000000000.5, 2000000000)",
	       utimensat(AT_FDCWD, "f", (struct timespec[2]){
			{ 1000000000, 500000000 }, { 2000000000, 0 } }, 0));
	stat("f", &st);
	printf("atime %lld.%09ld mtime %lld.%09ld\n",
	       (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
	       (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	result("chown(f, -1, -1)", chown("f", -1, -1));
	/* rename within and across directories */
	result("mkdir(d)", mkdir("d", 0777));
	show_stat("d", "d", true);
	result("rename(f, d/g)", rename("f", "d/g"));
	show("f");
	show("d/g");
	put("h", "file h");
	fd = open("d/g", O_RDONLY);
	result("rename(h, d/g) over a file", rename("h", "d/g"));
	show("d/g");
	memset(buf, 0, sizeof(buf));
	result("the old d/g still reads", read(fd, buf, 20));
	printf("old: \"%s\"\n", buf);
	close(fd);
	result("rename(d/g, d/g)", rename("d/g", "d/g"));
	result("mkdir(e)", mkdir("e", 0755));
	result("rename(d, e) over an empty dir", rename("d", "e"));
	show("e/g");
	result("mkdir(e/sub)", mkdir("e/sub", 0755));
	result("rename(e, e/sub/x) into itself", rename("e", "e/sub/x"));
	put("k", "k");
	result("rename(k, e) file over dir", rename("k", "e"));
	result("rename(e, k) dir over file", rename("e", "k"));
	result("mkdir(m)", mkdir("m", 0755));
	result("rename(m, e) over a non-empty dir", rename("m", "e"));
	result("rename(missing, x)", rename("missing", "x"));
	result("renameat2(k, e/g, NOREPLACE)",
	       syscall(SYS_renameat2, AT_FDCWD, "k", AT_FDCWD, "e/g",
		       1 /* RENAME_NOREPLACE */));
	/* paths with . and .. */
	show("./e/sub/../g");
	show("e/./sub/./../g/");
	stat("e/sub/..", &st);
	stat("e", &st2);
	printf("e/sub/.. is e: %s\n", st.st_ino == st2.st_ino ? "yes" : "no");
	unlink("k");
	unlink("e/g");
	rmdir("e/sub");
	rmdir("e");
	rmdir("m");
}

static void links(void)
{
	struct stat st, st2;
	char buf[64];
	int fd;

	put("t", "target text");
	result("link(t, u)", link("t", "u"));
	show_stat("t", "t", true);
	stat("t", &st);
	stat("u", &st2);
	printf("same inode: %s\n", st.st_ino == st2.st_ino ? "yes" : "no");
	put("u", "via u");
	show("t");
	result("link(t, u) again", link("t", "u"));
	mkdir("dd", 0755);
	result("link(dd, dd2)", link("dd", "dd2"));
	rmdir("dd");
	/* unlink of an open file: the data stays until the last close */
	fd = open("t", O_RDWR);
	result("unlink(t)", unlink("t"));
	result("unlink(u)", unlink("u"));
	fstat(fd, &st);
	printf("open after unlink: nlink %lu size %lld\n",
	       (unsigned long)st.st_nlink, (long long)st.st_size);
	result("write after unlink", write(fd, "VIA", 3));
	memset(buf, 0, sizeof(buf));
	result("pread after unlink", pread(fd, buf, 20, 0));
	printf("content: \"%s\"\n", buf);
	close(fd);
	show("t");
	/* symbolic links */
	put("real", "real file");
	result("symlink(real, sl)", symlink("real", "sl"));
	show("sl");
	show_stat("sl (stat)", "sl", true);
	show_stat("sl (lstat)", "sl", false);
	memset(buf, 0, sizeof(buf));
	result("readlink(sl)", readlink("sl", buf, sizeof(buf)));
	printf("readlink: \"%s\"\n", buf);
	result("readlink(sl, 2 bytes)", readlink("sl", buf, 2));
	result("readlink(real)", readlink("real", buf, sizeof(buf)));
	result("open(sl, O_NOFOLLOW)", open("sl", O_RDONLY | O_NOFOLLOW));
	result("symlink(real, sl) again", symlink("real", "sl"));
	result("symlink(\"\", empty)", symlink("", "empty"));
	result("symlink(nowhere, dangling)", symlink("nowhere", "dangling"));
	show_stat("dangling (stat)", "dangling", true);
	show_stat("dangling (lstat)", "dangling", false);
	result("symlink(., dot)", symlink(".", "dot"));
	show("dot/dot/dot/real");
	result("symlink(loop2, loop1)", symlink("loop2", "loop1"));
	result("symlink(loop1, loop2)", symlink("loop1", "loop2"));
	result("open(loop1)", open("loop1", O_RDONLY));
	result("stat(loop1/x)", stat("loop1/x", &st));
	/* a chain: s1 -> s2 -> ... -> s40 -> real is 40 links; s0 is 41 */
	for (int i = 0; i <= 40; i++) {
		char name[16], to[16];

		snprintf(name, sizeof(name), "s%d", i);
		if (i == 40)
			snprintf(to, sizeof(to), "real");
		else
			snprintf(to, sizeof(to), "s%d", i + 1);
		symlink(to, name);
	}
	show("s1");
	result("open(s0) through 41 links", open("s0", O_RDONLY));
	for (int i = 0; i <= 40; i++) {
		char name[16];

		snprintf(name, sizeof(name), "s%d", i);
		unlink(name);
	}
	/* a symlink to a directory, through it and with a trailing / */
	mkdir("tdir", 0755);
	put("tdir/in", "inside");
	symlink("tdir", "tl");
	show("tl/in");
	show_stat("tl/", "tl/", false);
	result("unlink(tl)", unlink("tl"));
	unlink("tdir/in");
	rmdir("tdir");
	unlink("real");
	unlink("sl");
	unlink("dangling");
	unlink("dot");
	unlink("loop1");
	unlink("loop2");
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char *names[64];
	int n = 0;

	if (!d) {
		printf("opendir(%s): %s\n", path, errname(errno));
		return;
	}
	while ((e = readdir(d)) && n < 64) {
		char t = e->d_type == DT_DIR ? '/' :
			 e->d_type == DT_LNK ? '@' : ' ';

		names[n] = malloc(strlen(e->d_name) + 2);
		sprintf(names[n++], "%s%c", e->d_name, t);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp);
	printf("%s:", path);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static void dirs(void)
{
	char cwd[PATH_MAX], top[PATH_MAX];
	int fd;

	getcwd(top, sizeof(top));
	result("mkdir(x)", mkdir("x", 0700));
	result("mkdir(x) again", mkdir("x", 0700));
	result("mkdir(x/y/z)", mkdir("x/y/z", 0700));
	result("mkdir(x/y)", mkdir("x/y", 0700));
	result("mkdir(x/y/)", mkdir("x/y/", 0700));
	result("mkdir(x/w/)", mkdir("x/w/", 0700));
	put("x/file", "");
	symlink("file", "x/link");
	for (int i = 0; i < 20; i++) {
		char name[32];

		snprintf(name, sizeof(name), "x/n%02d", i);
		put(name, "n");
	}
	list("x");
	for (int i = 0; i < 20; i += 2) {
		char name[32];

		snprintf(name, sizeof(name), "x/n%02d", i);
		unlink(name);
	}
	list("x");
	show_stat("x/y", "x/y", true);
	result("rmdir(x)", rmdir("x"));
	result("rmdir(x/file)", rmdir("x/file"));
	result("unlink(x/y)", unlink("x/y"));
	result("rmdir(x/y/.)", rmdir("x/y/."));
	result("rmdir(x/y/..)", rmdir("x/y/.."));
	result("chdir(x/y)", chdir("x/y"));
	getcwd(cwd, sizeof(cwd));
	printf("getcwd is top/x/y: %s\n",
	       !strncmp(cwd, top, strlen(top)) &&
	       !strcmp(cwd + strlen(top), "/x/y") ? "yes" : "no");
	result("chdir(../..)", chdir("../.."));
	getcwd(cwd, sizeof(cwd));
	printf("back at top: %s\n", !strcmp(cwd, top) ? "yes" : "no");
	fd = open("x", O_RDONLY | O_DIRECTORY);
	result("openat(x, y/../file)", openat(fd, "y/../file", O_RDONLY) >= 0);
	result("mkdirat(x, v)", mkdirat(fd, "v", 0755));
	result("unlinkat(x, v, AT_REMOVEDIR)", unlinkat(fd, "v", AT_REMOVEDIR));
	result("unlinkat(x, file, 0)", unlinkat(fd, "file", 0));
	result("fchdir(x)", fchdir(fd));
	result("rmdir(y)", rmdir("y"));
	close(fd);
	chdir(top);
	list("x");
	for (int i = 1; i < 20; i += 2) {
		char name[32];

		snprintf(name, sizeof(name), "x/n%02d", i);
		unlink(name);
	}
	unlink("x/link");
	rmdir("x/w");
	result("rmdir(x)", rmdir("x"));
}

static void errors(void)
{
	char *longpath = malloc(5000), name[300];
	int fd;

	put("file", "x");
	result("open(missing)", open("missing", O_RDONLY));
	result("open(missing/x, O_CREAT)", open("missing/x", O_CREAT | O_WRONLY, 0600));
	result("open(file/x)", open("file/x", O_RDONLY));
	result("open(file/)", open("file/", O_RDONLY));
	result("open(file, O_DIRECTORY)", open("file", O_RDONLY | O_DIRECTORY));
	result("open(new/, O_CREAT)", open("new/", O_CREAT | O_WRONLY, 0600));
	result("open(., O_WRONLY)", open(".", O_WRONLY));
	result("open(., O_CREAT)", open(".", O_CREAT | O_RDONLY, 0600));
	result("open(file, O_CREAT | O_EXCL)",
	       open("file", O_CREAT | O_EXCL | O_WRONLY, 0600));
	memset(name, 'n', sizeof(name));
	name[256] = 0;
	result("open(256-byte name, O_CREAT)", open(name, O_CREAT | O_WRONLY, 0600));
	name[255] = 0;
	fd = open(name, O_CREAT | O_WRONLY, 0600);
	result("open(255-byte name, O_CREAT)", fd < 0 ? fd : 0);
	close(fd);
	result("unlink(255-byte name)", unlink(name));
	memset(longpath, 0, 5000);
	for (int i = 0; i < 4100; i += 2)
		memcpy(longpath + i, "./", 2);
	memcpy(longpath + 4100, "file", 5);
	result("stat(4104-byte path)", stat(longpath, &(struct stat){ 0 }));
	longpath[4094 - 4] = 0;
	memcpy(longpath + 4090, "file", 5);
	result("stat(4094-byte path)", stat(longpath, &(struct stat){ 0 }));
	result("unlink(missing)", unlink("missing"));
	result("unlink(.)", unlink("."));
	result("rmdir(.)", rmdir("."));
	result("rmdir(missing)", rmdir("missing"));
	result("mkdir(file)", mkdir("file", 0755));
	result("mkdir(file/x)", mkdir("file/x", 0755));
	result("link(missing, y)", link("missing", "y"));
	result("link(file, file)", link("file", "file"));
	result("readlink(missing)", readlink("missing", name, 10));
	result("truncate(., 0)", truncate(".", 0));
	result("truncate(missing, 0)", truncate("missing", 0));
	result("chdir(file)", chdir("file"));
	result("lseek on a bad fd", lseek(99, 0, SEEK_SET));
	unlink("file");
	free(longpath);
}

static void stdio_files(void)
{
	char line[64];
	FILE *f = fopen("s.txt", "w");

	result("fopen(w)", f ? 0 : -1);
	fprintf(f, "line %d\n", 1);
	fputs("line 2\n", f);
	fclose(f);
	f = fopen("s.txt", "a");
	fprintf(f, "line 3\n");
	fclose(f);
	f = fopen("s.txt", "r+");
	while (fgets(line, sizeof(line), f))
		printf("got: %s", line);
	printf("ftell at the end: %ld\n", ftell(f));
	fseek(f, 5, SEEK_SET);
	fputc('X', f);
	fseek(f, 0, SEEK_SET);
	fgets(line, sizeof(line), f);
	printf("after fputc: %s", line);
	fclose(f);
	result("remove(s.txt)", remove("s.txt"));
	result("fopen(s.txt, r) after remove", fopen("s.txt", "r") ? 0 : -1);
	f = tmpfile();
	result("tmpfile", f ? 0 : -1);
	if (f) {
		fputs("temporary", f);
		rewind(f);
		fgets(line, sizeof(line), f);
		printf("tmpfile reads: %s\n", line);
		fclose(f);
	}
	{
		char tmpl[] = "mkstemp-XXXXXX";
		int fd = mkstemp(tmpl);

		result("mkstemp", fd < 0 ? fd : 0);
		result("write", write(fd, "abc", 3));
		close(fd);
		result("unlink(mkstemp's)", unlink(tmpl));
	}
}

static const struct {
	const char *name;
	void (*fn)(void);
} sections[] = {
	{ "io", io }, { "names", names }, { "links", links },
	{ "dirs", dirs }, { "errors", errors }, { "stdio", stdio_files },
};

#define NSECTIONS	(sizeof(sections) / sizeof(sections[0]))

int main(int argc, char **argv)
{
	char dir[] = "/tmp/fsops.XXXXXX";
	int status = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!mkdtemp(dir)) {
		printf("mkdtemp: %s\n", errname(errno));
		return 1;
	}
	if (chdir(dir) < 0) {
		printf("chdir: %s\n", errname(errno));
		return 1;
	}
	for (size_t i = 0; i < NSECTIONS; i++) {
		bool want = argc < 2;

		for (int k = 1; k < argc; k++)
			want |= !strcmp(argv[k], sections[i].name);
		if (want) {
			printf("== %s\n", sections[i].name);
			sections[i].fn();
		}
	}
	chdir("/");
	if (rmdir(dir) < 0) {
		printf("rmdir(the test directory): %s\n", errname(errno));
		status = 1;
	}
	return status;
}
