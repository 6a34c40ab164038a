/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <string.h>, <ctype.h>, qsort/bsearch and multibyte conversion, as an
 * unmodified program uses them. Compared with the host's static musl
 * build by tests/apps-compare.test.
 */
#define _GNU_SOURCE	/* memrchr, strcasestr */
#include <ctype.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

static void show(const char *what, const char *s)
{
	printf("%s: %s%s%s\n", what, s ? "\"" : "", s ? s : "NULL",
	       s ? "\"" : "");
}

/* Reduces a comparison result to its sign. */
static int sgn(int v)
{
	return (v > 0) - (v < 0);
}

static void search(void)
{
	const char *s = "the quick brown fox jumps over the lazy dog";

	printf("strlen = %zu, strnlen(s, 5) = %zu\n", strlen(s),
	       strnlen(s, 5));
	show("strchr(s, 'q')", strchr(s, 'q'));
	show("strrchr(s, 'o')", strrchr(s, 'o'));
	show("strchr(s, 'Z')", strchr(s, 'Z'));
	printf("strchr(s, 0) is the terminator: %s\n",
	       strchr(s, 0) == s + strlen(s) ? "yes" : "no");
	show("strstr(s, \"the\")", strstr(s, "the"));
	show("strstr(s, \"lazy\")", strstr(s, "lazy"));
	show("strstr(s, \"cat\")", strstr(s, "cat"));
	show("strstr(s, \"\")", strstr(s, ""));
	show("strpbrk(s, \"xyz\")", strpbrk(s, "xyz"));
	printf("strspn(s, \"the \") = %zu, strcspn(s, \"kx\") = %zu\n",
	       strspn(s, "the "), strcspn(s, "kx"));
	show("memchr(s, 'j', 30)", memchr(s, 'j', 30));
	show("memchr(s, 'j', 20)", memchr(s, 'j', 20));
	show("memrchr(s, 'e', 43)", memrchr(s, 'e', 43));
	show("strcasestr(s, \"BROWN\")", strcasestr(s, "BROWN"));
}

static void compare(void)
{
	printf("strcmp: %d %d %d %d\n", sgn(strcmp("abc", "abd")),
	       sgn(strcmp("abc", "abc")), sgn(strcmp("b", "abc")),
	       sgn(strcmp("ab", "abc")));
	printf("strcmp of high bytes is unsigned: %d\n",
	       sgn(strcmp("\xff", "a")));
	printf("strncmp: %d %d\n", sgn(strncmp("abcdef", "abcxyz", 3)),
	       sgn(strncmp("abcdef", "abcxyz", 4)));
	printf("strcasecmp: %d %d, strncasecmp: %d\n",
	       sgn(strcasecmp("HeLLo", "hello")),
	       sgn(strcasecmp("apple", "BANANA")),
	       sgn(strncasecmp("ABCx", "abcy", 3)));
	printf("memcmp: %d %d %d\n", sgn(memcmp("ab\0c", "ab\0d", 4)),
	       sgn(memcmp("\x80", "\x7f", 1)), sgn(memcmp("x", "y", 0)));
	printf("strcoll: %d, strxfrm length: %zu\n",
	       sgn(strcoll("abc", "abd")), strxfrm(NULL, "hello", 0));
}

static void copy(void)
{
	char buf[64], *p;
	char ov[] = "0123456789";
	volatile size_t n;

	strcpy(buf, "alpha");
	strcat(buf, "-beta");
	n = 6;	/* volatile: the compiler would warn of the truncation */
	strncat(buf, "-gamma-delta", n);
	show("strcpy/strcat/strncat", buf);
	memset(buf, '#', sizeof(buf));
	strncpy(buf, "ab", 5);
	printf("strncpy pads: %d %d %d %d %c\n", buf[0], buf[2], buf[3],
	       buf[4], buf[5]);
	p = stpcpy(buf, "stp");
	p = stpcpy(p, "cpy");
	printf("stpcpy: %s, end at %td\n", buf, p - buf);
	memmove(ov + 2, ov, 6);
	show("memmove forward overlap", ov);
	strcpy(ov, "0123456789");
	memmove(ov, ov + 3, 7);
	show("memmove backward overlap", ov);
	memset(buf, 'z', 10);
	buf[10] = 0;
	show("memset", buf);
	memcpy(buf, "copied\0tail", 12);
	printf("memcpy: %s|%s\n", buf, buf + 7);
	p = strdup("duplicate");
	show("strdup", p);
	free(p);
	p = strndup("duplicate", 3);
	show("strndup", p);
	free(p);
	n = 4;
	printf("snprintf into 4 bytes: %d\n", snprintf(buf, n, "%s", "abcdef"));
	show("  result", buf);
}

static void tokens(void)
{
	char line[] = "  one,two;;three , four ";
	char *save, *tok;
	int i = 0;

	for (tok = strtok_r(line, " ,;", &save); tok;
	     tok = strtok_r(NULL, " ,;", &save))
		printf("token %d: \"%s\"\n", i++, tok);

	char line2[] = "a:b::c";
	char *rest = line2;

	while ((tok = strsep(&rest, ":")))
		printf("strsep: \"%s\"\n", tok);
}

static void ctype_table(void)
{
	static const struct {
		const char *name;
		int (*fn)(int);
	} cls[] = {
		{ "alnum", isalnum }, { "alpha", isalpha },
		{ "blank", isblank }, { "cntrl", iscntrl },
		{ "digit", isdigit }, { "graph", isgraph },
		{ "lower", islower }, { "print", isprint },
		{ "punct", ispunct }, { "space", isspace },
		{ "upper", isupper }, { "xdigit", isxdigit },
	};
	size_t k;
	int c;

	/* one line per class: a mark for each of the 128 ASCII codes */
	for (k = 0; k < sizeof(cls) / sizeof(cls[0]); k++) {
		char row[129];

		for (c = 0; c < 128; c++)
			row[c] = cls[k].fn(c) ? '1' : '.';
		row[128] = 0;
		printf("%-6s %s\n", cls[k].name, row);
	}
	for (c = 128; c < 256; c++)
		if (isalpha(c) || isprint(c) || isspace(c))
			printf("byte %d is classified in the C locale\n", c);
	printf("toupper: ");
	for (c = 'a'; c <= 'z'; c++)
		putchar(toupper(c));
	printf(", tolower: ");
	for (c = 'A'; c <= 'Z'; c++)
		putchar(tolower(c));
	printf(", toupper('1') = '%c', tolower(EOF) = %d\n", toupper('1'),
	       tolower(EOF));
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct rec {
	int key;
	int seq;
};

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->key != y->key)
		return x->key - y->key;
	return x->seq - y->seq;
}

static void sorting(void)
{
	enum { N = 2000 };
	static int v[N];
	static struct rec r[N];
	const char *words[] = { "pear", "apple", "fig", "banana", "cherry",
				"apple", "date", "Zebra", "" };
	uint32_t x = 12345;
	unsigned long sum = 0;
	int i, ok = 1, key, found = 0, missing = 0;

	/* a fixed pseudo-random sequence (LCG) */
	for (i = 0; i < N; i++) {
		x = x * 1103515245u + 12345u;
		v[i] = (int)(x >> 8) % 10007 - 5000;
		r[i].key = (int)(x >> 16) % 50;
		r[i].seq = i;
	}
	qsort(v, N, sizeof(v[0]), cmp_int);
	for (i = 1; i < N; i++)
		if (v[i - 1] > v[i])
			ok = 0;
	for (i = 0; i < N; i++)
		sum = sum * 31 + (unsigned)v[i];
	printf("qsort of %d ints: sorted %s, min %d, max %d, hash %lu\n", N,
	       ok ? "yes" : "no", v[0], v[N - 1], sum);
	for (key = -5000; key <= 5006; key += 97) {
		int *p = bsearch(&key, v, N, sizeof(v[0]), cmp_int);

		if (p && *p == key)
			found++;
		else if (!p)
			missing++;
	}
	printf("bsearch: %d found, %d missing\n", found, missing);
	key = v[N / 2];
	printf("bsearch of an element: %s\n",
	       *(int *)bsearch(&key, v, N, sizeof(v[0]), cmp_int) == key ?
	       "found" : "wrong");
	key = 99999;
	printf("bsearch beyond the end: %s\n",
	       bsearch(&key, v, N, sizeof(v[0]), cmp_int) ? "found" : "NULL");
	printf("bsearch in an empty array: %s\n",
	       bsearch(&key, v, 0, sizeof(v[0]), cmp_int) ? "found" : "NULL");

	qsort(r, N, sizeof(r[0]), cmp_rec);
	for (i = 1; i < N; i++)
		if (cmp_rec(&r[i - 1], &r[i]) > 0)
			ok = 0;
	printf("qsort of records: ordered %s, first (%d,%d), last (%d,%d)\n",
	       ok ? "yes" : "no", r[0].key, r[0].seq, r[N - 1].key,
	       r[N - 1].seq);

	qsort(words, sizeof(words) / sizeof(words[0]), sizeof(words[0]),
	      cmp_str);
	printf("qsort of strings:");
	for (i = 0; i < (int)(sizeof(words) / sizeof(words[0])); i++)
		printf(" \"%s\"", words[i]);
	printf("\n");
	qsort(v, 0, sizeof(v[0]), cmp_int);
	qsort(v, 1, sizeof(v[0]), cmp_int);
	printf("qsort of 0 and 1 elements: fine\n");
}

static void multibyte(void)
{
	const char *utf8 = "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80";
	wchar_t w[32];
	char back[64];
	mbstate_t st;
	size_t n, i;

	printf("MB_CUR_MAX in the C locale: %zu\n", (size_t)MB_CUR_MAX);
	printf("setlocale(LC_CTYPE, \"C.UTF-8\"): %s\n",
	       setlocale(LC_CTYPE, "C.UTF-8") ? "ok" : "NULL");
	printf("MB_CUR_MAX: %zu\n", (size_t)MB_CUR_MAX);
	n = mbstowcs(w, utf8, 32);
	printf("mbstowcs: %zu wide characters:", n);
	for (i = 0; i < n && i < 32; i++)
		printf(" %lx", (unsigned long)w[i]);
	printf("\n");
	n = wcstombs(back, w, sizeof(back));
	printf("wcstombs: %zu bytes, round trip %s\n", n,
	       n != (size_t)-1 && !strcmp(back, utf8) ? "equal" : "DIFFERENT");
	memset(&st, 0, sizeof(st));
	n = mbrtowc(w, "\xe2\x82", 2, &st);
	printf("mbrtowc of an incomplete sequence: %zd\n", (ssize_t)n);
	n = mbrtowc(w, "\xac", 1, &st);
	printf("  completed: %zd, U+%04lx\n", (ssize_t)n, (unsigned long)w[0]);
	memset(&st, 0, sizeof(st));
	n = mbrtowc(w, "\xff", 1, &st);
	printf("mbrtowc of an invalid byte: %zd\n", (ssize_t)n);
	printf("wcslen: %zu, wcwidth(U+00E9) = %d\n", wcslen(L"wide"),
	       wcwidth(0xe9));
	setlocale(LC_CTYPE, "C");
}

int main(void)
{
	search();
	compare();
	copy();
	tokens();
	ctype_table();
	sorting();
	multibyte();
	return 0;
}
