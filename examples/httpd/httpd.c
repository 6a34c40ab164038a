/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * httpd: an ordinary HTTP/1.1 server on epoll, one thread, non-blocking
 * sockets, keep-alive and pipelining. The same source builds as a libuk
 * image (pkg-config uk-kvm) and natively on Linux.
 *
 *   httpd [-p PORT] [-u PORT] [-d DIR] [-c MAXCONN] [-t SECONDS] [-q] [-x]
 *
 *   -p PORT     TCP port of the HTTP server (default 80)
 *   -u PORT     also echo UDP datagrams on PORT (default: no UDP)
 *   -d DIR      serve the regular files under DIR (at most 1 MiB each);
 *               without it only the built-in pages exist
 *   -c MAXCONN  connections open at once; more are accepted and closed
 *               at once (default 1024)
 *   -t SECONDS  a connection idle that long is closed (default 30)
 *   -q          no line per start/stop on stdout
 *   -x          GET /quit ends the server
 *
 * Built-in pages: "/" (a short HTML page), "/hello" (12 bytes of text),
 * "/64k" (65536 bytes) and "/stats" (requests served, connections open,
 * accepted, refused, closed for idleness, free memory from sysinfo()).
 * GET and HEAD are served; another method gets 501, a malformed request
 * or one whose head exceeds 8 KiB gets 400 and the connection closes; an
 * unknown path gets 404. HTTP/1.1 keeps the connection open unless the
 * client sends "Connection: close"; HTTP/1.0 closes unless it sends
 * "Connection: keep-alive".
 *
 * It runs until killed, or with -x until a GET /quit (exit status 0;
 * the tests use it).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define REQ_MAX		8192		/* bytes of one request head */
#define FILE_MAX	(1 << 20)	/* bytes of a served file */
#define EVENTS		64

struct conn {
	int fd;
	struct conn *prev, *next;	/* by last activity, oldest first */
	time_t last;
	size_t in_len;
	char in[REQ_MAX];
	/* the response being sent: head, then body */
	char head[512];
	size_t head_len, head_off;
	const char *body;
	char *body_owned;		/* a file's contents, freed when sent */
	size_t body_len, body_off;
	int close_after;
	int want_out;			/* EPOLLOUT is armed */
};

static struct {
	unsigned long requests, accepted, refused, idle_closed;
	unsigned int open;
} st;

static int ep, max_conn = 1024, idle_s = 30, quiet, quit_ok;
static const char *root;
static struct conn *oldest, *newest;
static char page64k[65536];

static const char index_page[] =
	"<!DOCTYPE html>\n<html><head><title>httpd</title></head>\n"
	"<body><p>hello from httpd</p></body></html>\n";

static time_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void lru_unlink(struct conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		oldest = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		newest = c->prev;
	c->prev = c->next = NULL;
}

static void lru_touch(struct conn *c)
{
	if (newest == c) {
		c->last = now_s();
		return;
	}
	if (c->prev || oldest == c)
		lru_unlink(c);
	c->last = now_s();
	c->prev = newest;
	if (newest)
		newest->next = c;
	else
		oldest = c;
	newest = c;
}

static void conn_close(struct conn *c)
{
	lru_unlink(c);
	/* close() alone would do on Linux; the explicit removal keeps the
	 * set right on a kernel whose epoll tracks descriptor numbers */
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->body_owned);
	free(c);
	st.open--;
}

static const char *status_text(int code)
{
	switch (code) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 501: return "Not Implemented";
	default: return "Internal Server Error";
	}
}

/* Sets up @c's response: the head and a body of @len bytes at @body
 * (@owned: a malloc'd buffer the connection frees); HEAD sends the head
 * only. */
static void respond(struct conn *c, int code, const char *type,
		    const char *body, size_t len, char *owned, int head_only)
{
	c->head_len = (size_t)snprintf(c->head, sizeof(c->head),
		"HTTP/1.1 %d %s\r\nServer: httpd\r\nContent-Type: %s\r\n"
		"Content-Length: %zu\r\nConnection: %s\r\n\r\n",
		code, status_text(code), type, len,
		c->close_after ? "close" : "keep-alive");
	c->head_off = 0;
	c->body = head_only ? NULL : body;
	c->body_len = head_only ? 0 : len;
	c->body_off = 0;
	c->body_owned = owned;
	if (head_only && owned) {
		free(owned);
		c->body_owned = NULL;
	}
}

static void respond_text(struct conn *c, int code, const char *text)
{
	respond(c, code, "text/plain", text, strlen(text), NULL, 0);
}

/* The contents of DIR/PATH into a new buffer, or NULL (@code: 404 when
 * it does not exist or is no regular file, 400 for a path with ".."). */
static char *read_file(const char *path, size_t *len, int *code)
{
	char full[1024];
	struct stat sb;
	char *buf;
	ssize_t n;
	size_t got = 0;
	int fd;

	*code = 404;
	if (strstr(path, "..")) {
		*code = 400;
		return NULL;
	}
	if (snprintf(full, sizeof(full), "%s%s", root, path) >=
	    (int)sizeof(full))
		return NULL;
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode) || sb.st_size > FILE_MAX ||
	    !(buf = malloc((size_t)sb.st_size + 1))) {
		close(fd);
		return NULL;
	}
	while (got < (size_t)sb.st_size &&
	       (n = read(fd, buf + got, (size_t)sb.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	*len = got;
	*code = 200;
	return buf;
}

/* Handles one request head of @len bytes at @req (NUL-terminated, the
 * blank line included). */
static void handle(struct conn *c, char *req, size_t len)
{
	char *line_end = strstr(req, "\r\n"), *method, *path, *version, *sp;
	char *h, stats[256];
	int head_only, http10, keep = -1, code = 404;
	size_t flen;
	char *file;

	(void)len;
	st.requests++;
	c->close_after = 0;
	*line_end = '\0';
	method = req;
	sp = strchr(method, ' ');
	path = sp ? sp + 1 : NULL;
	sp = path ? strchr(path, ' ') : NULL;
	version = sp ? sp + 1 : NULL;
	if (!version || path[0] != '/' ||
	    strncmp(version, "HTTP/1.", 7) || !version[7] || version[8]) {
		c->close_after = 1;
		respond_text(c, 400, "bad request\n");
		return;
	}
	path[-1] = '\0';
	version[-1] = '\0';
	http10 = version[7] == '0';
	/* the headers: only Connection matters here */
	for (h = line_end + 2; *h && strncmp(h, "\r\n", 2); ) {
		char *e = strstr(h, "\r\n");

		if (!e)
			break;
		*e = '\0';
		if (!strncasecmp(h, "Connection:", 11)) {
			char *v = h + 11;

			while (*v == ' ' || *v == '\t')
				v++;
			if (!strcasecmp(v, "close"))
				keep = 0;
			else if (!strcasecmp(v, "keep-alive"))
				keep = 1;
		} else if (!strchr(h, ':')) {
			c->close_after = 1;
			respond_text(c, 400, "bad header\n");
			return;
		}
		h = e + 2;
	}
	c->close_after = keep == 0 || (http10 && keep != 1);
	head_only = !strcmp(method, "HEAD");
	if (!head_only && strcmp(method, "GET")) {
		respond_text(c, 501, "only GET and HEAD\n");
		return;
	}
	sp = strchr(path, '?');
	if (sp)
		*sp = '\0';
	if (!strcmp(path, "/")) {
		respond(c, 200, "text/html", index_page,
			sizeof(index_page) - 1, NULL, head_only);
	} else if (!strcmp(path, "/hello")) {
		respond(c, 200, "text/plain", "hello libuk\n", 12, NULL,
			head_only);
	} else if (!strcmp(path, "/64k")) {
		respond(c, 200, "application/octet-stream", page64k,
			sizeof(page64k), NULL, head_only);
	} else if (!strcmp(path, "/stats")) {
		struct sysinfo si;
		unsigned long long freeram = 0;

		if (!sysinfo(&si))
			freeram = (unsigned long long)si.freeram * si.mem_unit;
		snprintf(stats, sizeof(stats),
			 "requests %lu\nopen %u\naccepted %lu\nrefused %lu\n"
			 "idle_closed %lu\nfreeram %llu\n", st.requests,
			 st.open, st.accepted, st.refused, st.idle_closed,
			 freeram);
		/* the body must outlive this call: copy it */
		file = strdup(stats);
		respond(c, 200, "text/plain", file, file ? strlen(file) : 0,
			file, head_only);
	} else if (!strcmp(path, "/quit") && quit_ok) {
		if (!quiet)
			printf("httpd: quit after %lu requests\n", st.requests);
		exit(0);
	} else if (root && (file = read_file(path, &flen, &code))) {
		respond(c, 200, "application/octet-stream", file, flen, file,
			head_only);
	} else {
		respond_text(c, root && code == 400 ? 400 : 404,
			     root && code == 400 ? "bad path\n" : "not found\n");
		if (root && code == 400)
			c->close_after = 1;
	}
}

static int set_out(struct conn *c, int want)
{
	struct epoll_event ev = {
		.events = EPOLLIN | EPOLLRDHUP | (want ? EPOLLOUT : 0),
		.data.ptr = c,
	};

	if (c->want_out == want)
		return 0;
	c->want_out = want;
	return epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Sends what is pending. 1: all sent; 0: the socket is full; -1: error */
static int flush_out(struct conn *c)
{
	while (c->head_off < c->head_len || c->body_off < c->body_len) {
		struct iovec iov[2];
		struct msghdr mh = { .msg_iov = iov };
		ssize_t n;

		if (c->head_off < c->head_len) {
			iov[mh.msg_iovlen].iov_base = c->head + c->head_off;
			iov[mh.msg_iovlen++].iov_len = c->head_len - c->head_off;
		}
		if (c->body_off < c->body_len) {
			iov[mh.msg_iovlen].iov_base =
				(char *)c->body + c->body_off;
			iov[mh.msg_iovlen++].iov_len = c->body_len - c->body_off;
		}
		n = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
		if ((size_t)n <= c->head_len - c->head_off) {
			c->head_off += (size_t)n;
		} else {
			n -= (ssize_t)(c->head_len - c->head_off);
			c->head_off = c->head_len;
			c->body_off += (size_t)n;
		}
	}
	free(c->body_owned);
	c->body_owned = NULL;
	c->body = NULL;
	c->head_len = c->head_off = c->body_len = c->body_off = 0;
	return 1;
}

/* Answers the complete requests buffered in @c while its output drains.
 * 0: keep the connection; -1: close it. */
static int serve(struct conn *c)
{
	for (;;) {
		char *end;
		size_t used;
		int r = flush_out(c);

		if (r < 0)
			return -1;
		if (r == 0)
			return set_out(c, 1) ? -1 : 0;
		if (c->close_after)
			return -1;
		c->in[c->in_len] = '\0';
		end = strstr(c->in, "\r\n\r\n");
		if (!end) {
			if (c->in_len >= REQ_MAX - 1 ||
			    memchr(c->in, '\0', c->in_len)) {
				/* too long, or binary: one answer, then close */
				c->close_after = 1;
				c->in_len = 0;
				st.requests++;
				respond_text(c, 400, "bad request\n");
				continue;
			}
			return set_out(c, 0) ? -1 : 0;
		}
		used = (size_t)(end + 4 - c->in);
		end[2] = '\0';
		if (memchr(c->in, '\0', used - 2)) {
			/* binary garbage before the blank line */
			c->close_after = 1;
			st.requests++;
			respond_text(c, 400, "bad request\n");
		} else {
			handle(c, c->in, used);
		}
		memmove(c->in, c->in + used, c->in_len - used);
		c->in_len -= used;
	}
}

static void on_conn(struct conn *c, unsigned int events)
{
	if (events & EPOLLIN) {
		for (;;) {
			ssize_t n = recv(c->fd, c->in + c->in_len,
					 REQ_MAX - 1 - c->in_len, 0);

			if (n == 0 || (n < 0 && errno != EAGAIN &&
				       errno != EWOULDBLOCK)) {
				conn_close(c);
				return;
			}
			if (n < 0)
				break;
			c->in_len += (size_t)n;
			if (c->in_len >= REQ_MAX - 1)
				break;
		}
	} else if (events & (EPOLLERR | EPOLLHUP)) {
		conn_close(c);
		return;
	}
	lru_touch(c);
	if (serve(c))
		conn_close(c);
}

static void on_listener(int lfd)
{
	for (;;) {
		int one = 1, fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK |
					  SOCK_CLOEXEC);
		struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP };
		struct conn *c;

		if (fd < 0)
			return;
		st.accepted++;
		if (st.open >= (unsigned int)max_conn ||
		    !(c = calloc(1, sizeof(*c)))) {
			st.refused++;
			close(fd);
			continue;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		c->fd = fd;
		ev.data.ptr = c;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) {
			close(fd);
			free(c);
			continue;
		}
		st.open++;
		lru_touch(c);
	}
}

static void on_udp(int ufd)
{
	char buf[2048];
	struct sockaddr_storage from;

	for (;;) {
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(ufd, buf, sizeof(buf), 0,
				     (struct sockaddr *)&from, &fl);

		if (n < 0)
			return;
		sendto(ufd, buf, (size_t)n, 0, (struct sockaddr *)&from, fl);
	}
}

static void close_idle(void)
{
	time_t limit = now_s() - idle_s;

	while (oldest && oldest->last <= limit) {
		st.idle_closed++;
		conn_close(oldest);
	}
}

static int open_socket(int type, int port)
{
	struct sockaddr_in a = {
		.sin_family = AF_INET,
		.sin_port = htons((unsigned short)port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int one = 1, s = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC,
				0);

	if (s < 0)
		return -1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) ||
	    (type == SOCK_STREAM && listen(s, SOMAXCONN))) {
		close(s);
		return -1;
	}
	return s;
}

/* a number in [lo, hi] from @s, or -1 */
static int number(const char *s, int lo, int hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	return (int)v;
}

static void usage(void)
{
	fprintf(stderr, "usage: httpd [-p PORT] [-u PORT] [-d DIR] "
		"[-c MAXCONN] [-t SECONDS] [-q] [-x]\n");
}

int main(int argc, char **argv)
{
	struct epoll_event evs[EVENTS], ev = { .events = EPOLLIN };
	int port = 80, uport = 0, opt, lfd, ufd = -1;
	size_t i;

	while ((opt = getopt(argc, argv, "p:u:d:c:t:qx")) != -1) {
		switch (opt) {
		case 'p': port = number(optarg, 1, 65535); break;
		case 'u': uport = number(optarg, 1, 65535); break;
		case 'd': root = optarg; break;
		case 'c': max_conn = number(optarg, 1, 1 << 20); break;
		case 't': idle_s = number(optarg, 1, 86400); break;
		case 'q': quiet = 1; break;
		case 'x': quit_ok = 1; break;
		default: usage(); return 2;
		}
	}
	if (optind != argc || port < 0 || uport < 0 || max_conn < 0 ||
	    idle_s < 0) {
		usage();
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < sizeof(page64k); i++)
		page64k[i] = (char)('a' + i % 26);
	ep = epoll_create1(EPOLL_CLOEXEC);
	lfd = open_socket(SOCK_STREAM, port);
	if (ep < 0 || lfd < 0) {
		perror("httpd: listening");
		return 1;
	}
	ev.data.fd = lfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	if (uport) {
		ufd = open_socket(SOCK_DGRAM, uport);
		if (ufd < 0) {
			perror("httpd: UDP");
			return 1;
		}
		ev.data.fd = ufd;
		epoll_ctl(ep, EPOLL_CTL_ADD, ufd, &ev);
	}
	if (!quiet) {
		printf("httpd: serving on port %d", port);
		if (uport)
			printf(", UDP echo on port %d", uport);
		printf("\n");
		fflush(stdout);
	}
	for (;;) {
		int n = epoll_wait(ep, evs, EVENTS, 1000);

		if (n < 0 && errno != EINTR) {
			perror("httpd: epoll_wait");
			return 1;
		}
		for (int k = 0; k < n; k++) {
			/* the listener and UDP socket carry their fd, the
			 * connections a pointer: tell them apart first */
			if (evs[k].data.u64 == (uint64_t)(unsigned int)lfd)
				on_listener(lfd);
			else if (ufd >= 0 && evs[k].data.u64 ==
				 (uint64_t)(unsigned int)ufd)
				on_udp(ufd);
			else
				on_conn(evs[k].data.ptr, evs[k].events);
		}
		close_idle();
	}
}
