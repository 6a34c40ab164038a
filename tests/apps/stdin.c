/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reading standard input to its end, three ways: read(2) in chunks,
 * fgets line by line and getchar byte by byte. Each prints the byte and
 * line counts, a checksum, and the input itself with unprintable bytes
 * escaped, so that a lost, doubled or changed byte shows in the diff.
 * After the end, a further read must return 0 again.
 * Compared with the host's static musl build by tests/apps-compare.test.
 *
 *   stdin read|lines|chars [CHUNK]
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint32_t sum = 2166136261u;	/* FNV-1a */
static unsigned long bytes, lines;
static int at_line_start = 1;

/* Accounts for @n bytes and echoes them as "| line" rows. */
static void take(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		sum = (sum ^ c) * 16777619u;
		bytes++;
		if (at_line_start) {
			fputs("| ", stdout);
			at_line_start = 0;
		}
		if (c == '\n') {
			lines++;
			putchar('\n');
			at_line_start = 1;
		} else if (c < 0x20 || c >= 0x7f) {
			printf("\\x%02x", c);
		} else {
			putchar(c);
		}
	}
}

static void by_read(size_t chunk)
{
	char *buf = malloc(chunk);
	ssize_t n;
	unsigned long calls = 0;

	while ((n = read(0, buf, chunk)) > 0) {
		take(buf, (size_t)n);
		calls++;
	}
	if (!at_line_start)
		putchar('\n');
	printf("last read = %zd%s\n", n, n < 0 ? strerror(errno) : "");
	n = read(0, buf, chunk);
	printf("read after the end = %zd\n", n);
	printf("some reads returned data: %s\n", calls ? "yes" : "no");
	free(buf);
}

static void by_lines(void)
{
	char line[256];
	unsigned long calls = 0;

	while (fgets(line, sizeof(line), stdin)) {
		take(line, strlen(line));
		calls++;
	}
	if (!at_line_start)
		putchar('\n');
	printf("fgets calls: %lu, feof %d, ferror %d\n", calls, feof(stdin),
	       ferror(stdin));
	clearerr(stdin);
	printf("fgets after the end: %s\n",
	       fgets(line, sizeof(line), stdin) ? "data" : "NULL");
}

static void by_chars(void)
{
	int c;
	char ch;

	while ((c = getchar()) != EOF) {
		ch = (char)c;
		take(&ch, 1);
	}
	if (!at_line_start)
		putchar('\n');
	printf("getchar reached EOF: feof %d\n", feof(stdin));
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "read";

	if (!strcmp(mode, "lines"))
		by_lines();
	else if (!strcmp(mode, "chars"))
		by_chars();
	else
		by_read(argc > 2 ? strtoul(argv[2], NULL, 0) : 4096);
	printf("%lu bytes, %lu newlines, fnv1a %08x\n", bytes, lines, sum);
	return 0;
}
