/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The kernel's own printf formatter (see uk/print.h for what it accepts).
 * Output goes through a callback in small pieces, so the same code serves
 * uk_snprintf and the console without a buffer of its own.
 */
#include <uk/print.h>
#include <uk/string.h>

#define F_LEFT		0x01
#define F_ZERO		0x02
#define F_PLUS		0x04
#define F_SPACE		0x08
#define F_ALT		0x10
#define F_UPPER		0x20

struct spec {
	int flags;
	int width;
	int prec;	/* -1: none */
};

struct sink {
	uk_print_out_t out;
	void *arg;
	int count;
};

static void emit(struct sink *k, const char *s, size_t len)
{
	if (len) {
		k->out(k->arg, s, len);
		k->count += (int)len;
	}
}

static void pad(struct sink *k, char c, int n)
{
	char buf[16];

	uk_memset(buf, c, sizeof(buf));
	while (n > 0) {
		int m = n < (int)sizeof(buf) ? n : (int)sizeof(buf);

		emit(k, buf, m);
		n -= m;
	}
}

/* Pads a finished field of @len characters to the spec's width. */
static void field(struct sink *k, const struct spec *sp,
		  const char *s, size_t len)
{
	int fill = sp->width - (int)len;

	if (!(sp->flags & F_LEFT))
		pad(k, ' ', fill);
	emit(k, s, len);
	if (sp->flags & F_LEFT)
		pad(k, ' ', fill);
}

static void number(struct sink *k, const struct spec *sp,
		   unsigned long long v, bool neg, unsigned int base)
{
	const char *digits = (sp->flags & F_UPPER) ? "0123456789ABCDEF"
						   : "0123456789abcdef";
	char buf[24];
	char prefix[3];
	int n = 0, np = 0, zeros, fill;

	do {
		buf[sizeof(buf) - 1 - n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->prec == 0 && n == 1 && buf[sizeof(buf) - 1] == '0')
		n = 0;	/* "%.0d" of 0 prints nothing */

	if (neg)
		prefix[np++] = '-';
	else if (sp->flags & F_PLUS)
		prefix[np++] = '+';
	else if (sp->flags & F_SPACE)
		prefix[np++] = ' ';
	if ((sp->flags & F_ALT) && base == 16 && n) {
		prefix[np++] = '0';
		prefix[np++] = (sp->flags & F_UPPER) ? 'X' : 'x';
	} else if ((sp->flags & F_ALT) && base == 8 &&
		   (n == 0 || buf[sizeof(buf) - n] != '0')) {
		prefix[np++] = '0';
	}

	zeros = sp->prec > n ? sp->prec - n : 0;
	fill = sp->width - np - zeros - n;
	if ((sp->flags & F_ZERO) && !(sp->flags & F_LEFT) && sp->prec < 0) {
		zeros += fill > 0 ? fill : 0;
		fill = 0;
	}
	if (!(sp->flags & F_LEFT))
		pad(k, ' ', fill);
	emit(k, prefix, np);
	pad(k, '0', zeros);
	emit(k, buf + sizeof(buf) - n, n);
	if (sp->flags & F_LEFT)
		pad(k, ' ', fill);
}

static int parse_int(const char **fmt)
{
	int v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (v < 100000)
			v = v * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return v;
}

/* Length modifiers: 0 int, 1 long, 2 long long, -1 short, -2 char. */
static int parse_length(const char **fmt)
{
	switch (**fmt) {
	case 'h':
		(*fmt)++;
		if (**fmt == 'h') {
			(*fmt)++;
			return -2;
		}
		return -1;
	case 'l':
		(*fmt)++;
		if (**fmt == 'l') {
			(*fmt)++;
			return 2;
		}
		return 1;
	case 'z': case 't': case 'j':
		(*fmt)++;
		return 2;
	default:
		return 0;
	}
}

static long long arg_signed(va_list *ap, int len)
{
	switch (len) {
	case 2: return va_arg(*ap, long long);
	case 1: return va_arg(*ap, long);
	case -1: return (short)va_arg(*ap, int);
	case -2: return (signed char)va_arg(*ap, int);
	default: return va_arg(*ap, int);
	}
}

static unsigned long long arg_unsigned(va_list *ap, int len)
{
	switch (len) {
	case 2: return va_arg(*ap, unsigned long long);
	case 1: return va_arg(*ap, unsigned long);
	case -1: return (unsigned short)va_arg(*ap, unsigned int);
	case -2: return (unsigned char)va_arg(*ap, unsigned int);
	default: return va_arg(*ap, unsigned int);
	}
}

static void parse_spec(const char **fmt, struct spec *sp, va_list *ap)
{
	sp->flags = 0;
	sp->prec = -1;
	for (;; (*fmt)++) {
		switch (**fmt) {
		case '-': sp->flags |= F_LEFT; continue;
		case '0': sp->flags |= F_ZERO; continue;
		case '+': sp->flags |= F_PLUS; continue;
		case ' ': sp->flags |= F_SPACE; continue;
		case '#': sp->flags |= F_ALT; continue;
		}
		break;
	}
	if (**fmt == '*') {
		(*fmt)++;
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->flags |= F_LEFT;
			sp->width = -sp->width;
		}
	} else {
		sp->width = parse_int(fmt);
	}
	if (**fmt == '.') {
		(*fmt)++;
		if (**fmt == '*') {
			(*fmt)++;
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
		} else {
			sp->prec = parse_int(fmt);
		}
	}
}

/* Formats one conversion starting after '%'; returns false if unknown. */
static bool convert(struct sink *k, const char **fmt, va_list *ap)
{
	struct spec sp;
	const char *s;
	long long sv;
	char c;
	int len;

	parse_spec(fmt, &sp, ap);
	len = parse_length(fmt);
	switch ((c = *(*fmt)++)) {
	case 'd': case 'i':
		sv = arg_signed(ap, len);
		number(k, &sp, sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv,
		       sv < 0, 10);
		return true;
	case 'u':
		number(k, &sp, arg_unsigned(ap, len), false, 10);
		return true;
	case 'X':
		sp.flags |= F_UPPER;
		/* fallthrough */
	case 'x':
		number(k, &sp, arg_unsigned(ap, len), false, 16);
		return true;
	case 'o':
		number(k, &sp, arg_unsigned(ap, len), false, 8);
		return true;
	case 'p':
		sp.flags |= F_ALT;
		number(k, &sp, (uintptr_t)va_arg(*ap, void *), false, 16);
		return true;
	case 'c':
		c = (char)va_arg(*ap, int);
		field(k, &sp, &c, 1);
		return true;
	case 's':
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		field(k, &sp, s, sp.prec >= 0 ? uk_strnlen(s, sp.prec)
					      : uk_strlen(s));
		return true;
	case '%':
		emit(k, "%", 1);
		return true;
	default:
		return false;
	}
}

int uk_vcbprintf(uk_print_out_t out, void *arg, const char *fmt, va_list ap)
{
	struct sink k = { out, arg, 0 };
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		const char *start = fmt;

		while (*fmt && *fmt != '%')
			fmt++;
		emit(&k, start, fmt - start);
		if (!*fmt)
			break;
		start = fmt++;
		if (!convert(&k, &fmt, &aq)) {
			/* unknown conversion: print it as written */
			if (!fmt[-1])
				fmt--;
			emit(&k, start, fmt - start);
		}
	}
	va_end(aq);
	return k.count;
}

struct strbuf {
	char *buf;
	size_t size;
	size_t pos;
};

static void strbuf_out(void *arg, const char *s, size_t len)
{
	struct strbuf *b = arg;

	if (b->pos + 1 < b->size) {
		size_t room = b->size - 1 - b->pos;

		uk_memcpy(b->buf + b->pos, s, len < room ? len : room);
	}
	b->pos += len;
}

int uk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct strbuf b = { buf, size, 0 };
	int n = uk_vcbprintf(strbuf_out, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int uk_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
