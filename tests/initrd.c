/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the initrd put under a directory, one line per name in byte order
 * of the paths (as LC_ALL=C sort), for tests/initrd.test to compare
 * with the host's view of the same tree:
 *
 *   PATH d MODE               directories
 *   PATH f MODE CKSUM SIZE    regular files (POSIX cksum's CRC)
 *   PATH l TARGET             symbolic links
 *
 *   initrd DIR
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *paths[4096];
static int npaths;

static void walk(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d) {
		perror(dir);
		exit(1);
	}
	while ((e = readdir(d))) {
		char *p;
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		p = malloc(strlen(dir) + strlen(e->d_name) + 2);
		sprintf(p, "%s/%s", dir, e->d_name);
		if (npaths < 4096)
			paths[npaths++] = p;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			walk(p);
	}
	closedir(d);
}

static unsigned int crc_table[256];

/* POSIX cksum: CRC-32 (0x04c11db7, MSB first) of the data, then of the
 * length's bytes, complemented. */
static unsigned int crc_step(unsigned int crc, unsigned char c)
{
	return crc << 8 ^ crc_table[(crc >> 24 ^ c) & 0xff];
}

static void cksum(const char *path, unsigned long size)
{
	static unsigned char buf[65536];
	unsigned int crc = 0;
	unsigned long total = 0;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			crc = crc_step(crc, buf[i]);
		total += n;
	}
	close(fd);
	for (unsigned long l = total; l; l >>= 8)
		crc = crc_step(crc, l & 0xff);
	printf(" %u %lu", ~crc, total);
	if (total != size)
		printf(" (stat says %lu)", size);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *top = argc > 1 ? argv[1] : "/";
	size_t tl = strlen(top);

	for (unsigned int i = 0; i < 256; i++) {
		unsigned int c = i << 24;

		for (int k = 0; k < 8; k++)
			c = c & 0x80000000U ? c << 1 ^ 0x04c11db7U : c << 1;
		crc_table[i] = c;
	}
	walk(top);
	qsort(paths, npaths, sizeof(paths[0]), cmp);
	for (int i = 0; i < npaths; i++) {
		struct stat st;
		char target[256];
		ssize_t n;

		lstat(paths[i], &st);
		printf("%s", paths[i] + tl + 1);
		if (S_ISDIR(st.st_mode)) {
			printf(" d %o", (unsigned int)(st.st_mode & 07777));
		} else if (S_ISLNK(st.st_mode)) {
			n = readlink(paths[i], target, sizeof(target) - 1);
			target[n < 0 ? 0 : n] = 0;
			printf(" l %s", target);
		} else {
			printf(" f %o", (unsigned int)(st.st_mode & 07777));
			cksum(paths[i], st.st_size);
		}
		printf("\n");
	}
	return 0;
}
