/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * An ordinary socket program, built like a user's, for lwip.test:
 *   sockets PORT   runs TAP checks inside the image (bad input, loopback
 *                  TCP and UDP, poll and epoll), connects out to the
 *                  host's server at 10.0.2.2:PORT, then serves a TCP echo
 *                  on port 7 (one thread per connection) and an HTTP
 *                  responder on port 80 (epoll, one thread) until a
 *                  client sends "quit" to the echo port.
 * Output is TAP; the host side (lwip.test) adds its own checks.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

static int n_test;
static int failed;

static void check(int cond, const char *what)
{
	n_test++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
	if (!cond)
		failed = 1;
	fflush(stdout);
}

/* check that @r is -1 with errno @e */
static void check_err(int r, int e, const char *what)
{
	int saved = errno;

	check(r == -1 && saved == e, what);
	if (!(r == -1 && saved == e))
		printf("# got %d errno %d (%s), want errno %d\n", r, saved,
		       strerror(saved), e);
}

static struct sockaddr_in addr(const char *ip, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port) };

	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static int tcp_listen(int port)
{
	struct sockaddr_in a = addr("0.0.0.0", port);
	int one = 1, s = socket(AF_INET, SOCK_STREAM, 0);

	if (s < 0)
		return -1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(s, 16)) {
		close(s);
		return -1;
	}
	return s;
}

static void bad_input(void)
{
	struct sockaddr_in a = addr("127.0.0.1", 1);
	char c;
	int s;

	s = socket(AF_INET6, SOCK_STREAM, 0);
	check(s >= 3 && close(s) == 0, "socket(AF_INET6) gives a descriptor");
	check_err(socket(12345, SOCK_STREAM, 0), EAFNOSUPPORT,
		  "socket(unknown family): EAFNOSUPPORT");
	check_err(socket(AF_INET, SOCK_STREAM | 0x100000, 0), EINVAL,
		  "socket(bad type flags): EINVAL");
	check_err(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP),
		  EPROTONOSUPPORT, "socket(stream, UDP): EPROTONOSUPPORT");
	check_err(bind(99, (struct sockaddr *)&a, sizeof(a)), EBADF,
		  "bind(closed fd): EBADF");
	check_err(bind(1, (struct sockaddr *)&a, sizeof(a)), ENOTSOCK,
		  "bind(stdout): ENOTSOCK");
	s = socket(AF_INET, SOCK_STREAM, 0);
	check(s >= 3, "socket(AF_INET, SOCK_STREAM) gives a descriptor");
	check_err(bind(s, (struct sockaddr *)&a, 3), EINVAL,
		  "bind(short sockaddr): EINVAL");
	check_err(bind(s, NULL, sizeof(a)), EFAULT, "bind(NULL): EFAULT");
	a.sin_family = AF_UNIX;
	check_err(bind(s, (struct sockaddr *)&a, sizeof(a)), EAFNOSUPPORT,
		  "bind(AF_UNIX address on AF_INET): EAFNOSUPPORT");
	check_err(recv(s, &c, 1, MSG_DONTWAIT), ENOTCONN,
		  "recv on an unconnected TCP socket: ENOTCONN");
	check_err(setsockopt(s, SOL_SOCKET, 9999, &s, sizeof(s)), ENOPROTOOPT,
		  "setsockopt(unknown): ENOPROTOOPT");
	check(close(s) == 0, "close(socket)");
	check_err(close(s), EBADF, "close again: EBADF");
}

static volatile int sigpipes;

static void on_sigpipe(int sig)
{
	sigpipes++;
}

static void loopback(void)
{
	struct sockaddr_in a = addr("127.0.0.1", 5555), peer;
	socklen_t len = sizeof(peer);
	struct epoll_event ev = { .events = EPOLLIN }, out[4];
	struct pollfd pfd;
	char buf[64] = "";
	int l = tcp_listen(5555), c, s, ep, one = 1, v = 0, n;

	check(l >= 0, "loopback: listen on port 5555");
	ep = epoll_create1(EPOLL_CLOEXEC);
	check(ep >= 0, "epoll_create1");
	ev.data.fd = l;
	check(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev) == 0, "epoll_ctl ADD");
	check_err(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev), EEXIST,
		  "epoll_ctl ADD twice: EEXIST");
	check(epoll_wait(ep, out, 4, 10) == 0, "epoll_wait times out empty");
	c = socket(AF_INET, SOCK_STREAM, 0);
	check(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0,
	      "connect to 127.0.0.1:5555");
	n = epoll_wait(ep, out, 4, 2000);
	check(n == 1 && out[0].data.fd == l && (out[0].events & EPOLLIN),
	      "epoll_wait: the listener is readable");
	s = accept4(l, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK);
	check(s >= 0 && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
	      "accept4 gives the peer 127.0.0.1");
	check(read(s, buf, sizeof(buf)) == -1 && errno == EAGAIN,
	      "read on an empty non-blocking socket: EAGAIN");
	check(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0,
	      "setsockopt TCP_NODELAY");
	len = sizeof(v);
	check(getsockopt(c, SOL_SOCKET, SO_TYPE, &v, &len) == 0 &&
	      v == SOCK_STREAM, "getsockopt SO_TYPE is SOCK_STREAM");
	check(write(c, "hello", 5) == 5, "write 5 bytes");
	pfd = (struct pollfd){ .fd = s, .events = POLLIN };
	check(poll(&pfd, 1, 2000) == 1 && (pfd.revents & POLLIN),
	      "poll: the accepted socket is readable");
	check(read(s, buf, sizeof(buf)) == 5 && !memcmp(buf, "hello", 5),
	      "read them back on the accepted socket");
	check(shutdown(c, SHUT_WR) == 0, "shutdown(SHUT_WR)");
	signal(SIGPIPE, on_sigpipe);
	check_err(write(c, "x", 1), EPIPE, "write after SHUT_WR: EPIPE");
	check(sigpipes == 1, "... and SIGPIPE");
	check_err(send(c, "x", 1, MSG_NOSIGNAL), EPIPE,
		  "send(MSG_NOSIGNAL) after SHUT_WR: EPIPE");
	check(sigpipes == 1, "... without SIGPIPE");
	pfd = (struct pollfd){ .fd = s, .events = POLLIN | POLLRDHUP };
	check(poll(&pfd, 1, 2000) == 1 && (pfd.revents & POLLRDHUP),
	      "poll: POLLRDHUP after the peer's shutdown");
	fcntl(s, F_SETFL, fcntl(s, F_GETFL) & ~O_NONBLOCK);
	check(read(s, buf, sizeof(buf)) == 0,
	      "the peer reads end of file after shutdown (blocking)");
	check(read(s, buf, sizeof(buf)) == 0, "... and again, as Linux does");
	pfd = (struct pollfd){ .fd = s, .events = POLLIN };
	check(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN),
	      "poll: still readable at end of file");
	len = sizeof(peer);
	check(getsockname(s, (struct sockaddr *)&peer, &len) == 0 &&
	      len == sizeof(peer) && ntohs(peer.sin_port) == 5555,
	      "getsockname: port 5555");
	close(s);
	close(c);
	close(l);
	close(ep);

	/* UDP */
	s = socket(AF_INET, SOCK_DGRAM, 0);
	c = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	a = addr("127.0.0.1", 5556);
	check(bind(s, (struct sockaddr *)&a, sizeof(a)) == 0, "UDP bind");
	check(sendto(c, "dgram", 5, 0, (struct sockaddr *)&a, sizeof(a)) == 5,
	      "UDP sendto 127.0.0.1");
	len = sizeof(peer);
	n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &len);
	check(n == 5 && !memcmp(buf, "dgram", 5) &&
	      peer.sin_family == AF_INET, "UDP recvfrom gets it");
	close(s);
	close(c);
}

/* connects to the host's server, sends a line, expects it upper-cased */
static void client(int port)
{
	struct sockaddr_in a = addr("10.0.2.2", port);
	char buf[64] = "";
	int c = socket(AF_INET, SOCK_STREAM, 0), n = 0, r;

	check(connect(c, (struct sockaddr *)&a, sizeof(a)) == 0,
	      "connect to the host at 10.0.2.2");
	check(send(c, "ping from libuk\n", 16, 0) == 16, "send to the host");
	while (n < 16 && (r = recv(c, buf + n, sizeof(buf) - 1 - n, 0)) > 0)
		n += r;
	check(n == 16 && !memcmp(buf, "PING FROM LIBUK\n", 16),
	      "the host's reply");
	close(c);
}

static volatile int quit;

static void *echo_conn(void *arg)
{
	int s = (int)(long)arg;
	char buf[2048];
	long n;

	while ((n = read(s, buf, sizeof(buf))) > 0) {
		if (n >= 4 && !memcmp(buf, "quit", 4)) {
			quit = 1;
			write(s, "bye\n", 4);
			break;
		}
		if (write(s, buf, n) != n)
			break;
	}
	close(s);
	return NULL;
}

static void *echo_server(void *arg)
{
	int l = (int)(long)arg;

	for (;;) {
		int s = accept(l, NULL, NULL);
		pthread_t t;

		if (s < 0)
			continue;
		if (pthread_create(&t, NULL, echo_conn, (void *)(long)s))
			close(s);
		else
			pthread_detach(t);
	}
	return NULL;
}

/* the HTTP responder: epoll over the listener and its connections */
static void http_serve(int l)
{
	static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n"
				    "Connection: close\r\n\r\nhello libuk\n";
	struct epoll_event ev = { .events = EPOLLIN }, out[16];
	int ep = epoll_create1(0);

	ev.data.fd = l;
	epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
	while (!quit) {
		int n = epoll_wait(ep, out, 16, 200);

		for (int i = 0; i < n; i++) {
			int fd = out[i].data.fd;
			char buf[1024];
			long r;

			if (fd == l) {
				int s = accept4(l, NULL, NULL, SOCK_NONBLOCK);

				if (s < 0)
					continue;
				ev.events = EPOLLIN | EPOLLRDHUP;
				ev.data.fd = s;
				epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
				continue;
			}
			r = read(fd, buf, sizeof(buf) - 1);
			if (r < 0 && errno == EAGAIN)
				continue;
			if (r > 0) {
				buf[r] = '\0';
				if (!strstr(buf, "\r\n\r\n"))
					continue;	/* a partial request */
				write(fd, reply, sizeof(reply) - 1);
			}
			epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
			close(fd);
		}
	}
	close(ep);
}

int main(int argc, char **argv)
{
	pthread_t t;
	int echo, http;

	setvbuf(stdout, NULL, _IOLBF, 0);
	bad_input();
	loopback();
	if (argc > 1)
		client(atoi(argv[1]));
	echo = tcp_listen(7);
	http = tcp_listen(80);
	check(echo >= 0 && http >= 0, "listening on ports 7 and 80");
	pthread_create(&t, NULL, echo_server, (void *)(long)echo);
	printf("# serving\n");
	http_serve(http);
	printf("1..%d\n", n_test);
	return failed;
}
