/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sockets as Linux system calls, over lwIP's socket API, in the one
 * descriptor table of libuk/posix: a socket is an open file whose node is
 * `socket_node` and whose uk_file is a struct sockfile naming the lwIP
 * socket. Also poll, select and epoll over sockets; they block in lwIP's
 * select machinery, which waits on scheduler semaphores (no polling).
 *
 * This file is the anchor of libuk-net-PLAT.a: it defines socket(), which
 * a program's call to socket() pulls from the archive ahead of musl's, so
 * that a program without sockets links none of lwIP. The first socket
 * system call starts the stack (netif.c).
 *
 * Linux's sockaddr_in (16-bit family) is translated to lwIP's (length and
 * 8-bit family); options, levels and message flags are translated too.
 * AF_INET only (AF_INET6 and AF_UNIX: EAFNOSUPPORT). Non-socket
 * descriptors in poll/select/epoll: reported writable when open for
 * writing, never readable. EPOLLET is served as level triggered;
 * POLLRDHUP/EPOLLRDHUP only once the data ahead of the FIN is read.
 */
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/string.h>
#include <uk/thread.h>
#include "../posix/file.h"
#include "lwip/sockets.h"
#include "uk_lwip.h"

#define L_AF_UNIX	1
#define L_AF_INET	2
#define L_AF_INET6	10
#define L_SOCK_TYPE_MASK	0xf
#define L_SOCK_NONBLOCK	L_O_NONBLOCK
#define L_SOCK_CLOEXEC	L_O_CLOEXEC

#define L_SOL_SOCKET	1
#define L_MSG_OOB	0x1
#define L_MSG_PEEK	0x2
#define L_MSG_DONTWAIT	0x40
#define L_MSG_WAITALL	0x100
#define L_MSG_NOSIGNAL	0x4000
#define L_MSG_MORE	0x8000

#define L_POLLIN	0x001
#define L_POLLPRI	0x002
#define L_POLLOUT	0x004
#define L_POLLERR	0x008
#define L_POLLHUP	0x010
#define L_POLLNVAL	0x020
#define L_POLLRDHUP	0x2000

#define L_EPOLL_CTL_ADD	1
#define L_EPOLL_CTL_DEL	2
#define L_EPOLL_CTL_MOD	3
#define L_EPOLLONESHOT	(1u << 30)
#define L_EPOLLET	(1u << 31)
#define EPOLL_MAX	1024

struct l_sockaddr_in {
	uint16_t family;
	uint16_t port;
	uint32_t addr;
	uint8_t zero[8];
};

struct l_msghdr {
	void *name;
	unsigned int namelen;
	struct l_iovec *iov;
	size_t iovlen;
	void *control;
	size_t controllen;
	int flags;
};

struct l_pollfd {
	int fd;
	short events;
	short revents;
};

/* Linux packs it on x86_64 only (12 bytes); elsewhere data is aligned */
struct l_epoll_event {
	uint32_t events;
	uint64_t data;
}
#if defined(__x86_64__)
__packed
#endif
;

int socket(int domain, int type, int protocol);
int *__errno_location(void);

static long sock_read(struct uk_ofile *of, void *buf, size_t len, bool block);
static long sock_write(struct uk_ofile *of, const void *buf, size_t len);
static void sock_release(struct uk_ofile *of);

static const struct uk_node socket_node = {
	.name = "socket",
	.path = "socket:",
	.mode = 0140000 | 0777,
};

static const struct uk_file_ops socket_ops = {
	.read = sock_read,
	.write = sock_write,
	.release = sock_release,
};

/* An open socket: the lwIP socket behind it. */
struct sockfile {
	struct uk_file f;
	int s;
	bool connected;		/* accepted, or connect() was called */
	bool eof;		/* a read returned the end of the stream */
};

static int lwip_fd(const struct uk_ofile *of)
{
	return ((struct sockfile *)of->file)->s;
}

/*
 * A send's result as Linux gives it: on a connection that was
 * established, lwIP's ENOTCONN (shut down for writing, closed) is EPIPE,
 * and EPIPE raises SIGPIPE in the calling thread unless @nosignal.
 */
static long sent(const struct uk_ofile *of, long r, bool nosignal)
{
	if (r != -ENOTCONN || !((struct sockfile *)of->file)->connected)
		return r;
	if (!nosignal)
		uk_syscall(UK_NR_tgkill, 1L,
			   (long)uk_thread_tid(uk_thread_current()), 13L);
	return -UK_EPIPE;
}

/* lwIP's result: the value, or -errno. */
static long ret(int r)
{
	return r < 0 ? -(long)uk_lwip_errno : r;
}

/* The lwIP socket behind @fd: >= 0, or -EBADF / -ENOTSOCK. */
static int sock_of(int fd, struct uk_ofile **ofp)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);

	if (!of)
		return -UK_EBADF;
	if (of->node != &socket_node)
		return -ENOTSOCK;
	if (ofp)
		*ofp = of;
	lwip_fcntl(lwip_fd(of), F_SETFL,
		   (of->flags & L_O_NONBLOCK) ? O_NONBLOCK : 0);
	return lwip_fd(of);
}

static long sock_recvfrom(struct uk_ofile *of, int s, void *buf, size_t len,
			  int flags, void *addr, unsigned int *lenp);

static long sock_read(struct uk_ofile *of, void *buf, size_t len, bool block)
{
	return sock_recvfrom(of, lwip_fd(of), buf, len, 0, NULL,
			     NULL);
}

static long sock_write(struct uk_ofile *of, const void *buf, size_t len)
{
	int s = lwip_fd(of);

	return sent(of, ret(lwip_send(s, buf, len,
				      (of->flags & L_O_NONBLOCK) ?
				      MSG_DONTWAIT : 0)), false);
}

static void sock_release(struct uk_ofile *of)
{
	lwip_close(lwip_fd(of));
	uk_free(uk_alloc_get_default(), of->file);
}

/* A new descriptor for lwIP socket @s (closed on failure). */
static long new_fd(int s, int flags)
{
	struct sockfile *sf = uk_malloc(uk_alloc_get_default(), sizeof(*sf));
	long fd = sf ? uk_posix_fd_open(&socket_node, L_O_RDWR |
					(flags & (L_O_NONBLOCK | L_O_CLOEXEC))) :
		       -UK_ENOMEM;

	if (fd < 0) {
		uk_free(uk_alloc_get_default(), sf);
		lwip_close(s);
		return fd;
	}
	sf->f.ops = &socket_ops;
	sf->s = s;
	sf->connected = false;
	sf->eof = false;
	uk_posix_fd_get((int)fd)->file = &sf->f;
	return fd;
}

static long uk_sys_socket(int domain, int type, int protocol)
{
	int kind = type & L_SOCK_TYPE_MASK;
	int s;

	if (type & ~(L_SOCK_TYPE_MASK | L_SOCK_NONBLOCK | L_SOCK_CLOEXEC))
		return -UK_EINVAL;
	if (domain != L_AF_INET)
		return -EAFNOSUPPORT;
	if (kind != SOCK_STREAM && kind != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol && !((kind == SOCK_STREAM && protocol == IPPROTO_TCP) ||
			  (kind == SOCK_DGRAM && protocol == IPPROTO_UDP)))
		return -EPROTONOSUPPORT;
	uk_lwip_start();
	s = lwip_socket(AF_INET, kind, 0);
	if (s < 0)
		return ret(s);
	return new_fd(s, type);
}
UK_SYSCALL_REGISTER(socket, uk_sys_socket);

/* Linux's address @a (@len bytes) into lwIP's @out. */
static long addr_in(const void *a, unsigned int len, struct sockaddr_in *out)
{
	const struct l_sockaddr_in *l = a;

	if (!a)
		return -UK_EFAULT;
	if (len < sizeof(*l) || (int)len < 0)
		return -UK_EINVAL;
	if (l->family != L_AF_INET)
		return -EAFNOSUPPORT;
	uk_memset(out, 0, sizeof(*out));
	out->sin_len = sizeof(*out);
	out->sin_family = AF_INET;
	out->sin_port = l->port;
	out->sin_addr.s_addr = l->addr;
	return 0;
}

/* lwIP's address @in into Linux's @a, @lenp as getsockname() does. */
static long addr_out(const struct sockaddr_in *in, void *a, unsigned int *lenp)
{
	struct l_sockaddr_in l = {
		.family = L_AF_INET,
		.port = in->sin_port,
		.addr = in->sin_addr.s_addr,
	};

	if (!a || !lenp)
		return -UK_EFAULT;
	if ((int)*lenp < 0)
		return -UK_EINVAL;
	uk_memcpy(a, &l, UK_MIN((size_t)*lenp, sizeof(l)));
	*lenp = sizeof(l);
	return 0;
}

static long uk_sys_bind(int fd, const void *addr, unsigned int len)
{
	struct sockaddr_in sin;
	int s = sock_of(fd, NULL);
	long r;

	if (s < 0)
		return s;
	r = addr_in(addr, len, &sin);
	return r ? r : ret(lwip_bind(s, (struct sockaddr *)&sin, sizeof(sin)));
}
UK_SYSCALL_REGISTER(bind, uk_sys_bind);

static long uk_sys_connect(int fd, const void *addr, unsigned int len)
{
	struct sockaddr_in sin;
	struct uk_ofile *of;
	int s = sock_of(fd, &of);
	long r;

	if (s < 0)
		return s;
	r = addr_in(addr, len, &sin);
	if (r)
		return r;
	r = ret(lwip_connect(s, (struct sockaddr *)&sin, sizeof(sin)));
	if (r == 0 || r == -EINPROGRESS)
		((struct sockfile *)of->file)->connected = true;
	return r;
}
UK_SYSCALL_REGISTER(connect, uk_sys_connect);

static long uk_sys_listen(int fd, int backlog)
{
	int s = sock_of(fd, NULL);

	if (s < 0)
		return s;
	if (backlog < 0 || backlog > 255)
		backlog = 255;
	return ret(lwip_listen(s, backlog));
}
UK_SYSCALL_REGISTER(listen, uk_sys_listen);

static long uk_sys_accept4(int fd, void *addr, unsigned int *lenp, int flags)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int s = sock_of(fd, NULL), c;
	long r;

	if (s < 0)
		return s;
	if (flags & ~(L_SOCK_NONBLOCK | L_SOCK_CLOEXEC))
		return -UK_EINVAL;
	if (addr && (!lenp || (int)*lenp < 0))
		return lenp ? -UK_EINVAL : -UK_EFAULT;
	c = lwip_accept(s, (struct sockaddr *)&sin, &sl);
	if (c < 0)
		return ret(c);
	r = new_fd(c, flags);
	if (r >= 0)
		((struct sockfile *)uk_posix_fd_get((int)r)->file)->connected =
			true;
	if (r >= 0 && addr)
		addr_out(&sin, addr, lenp);
	return r;
}
UK_SYSCALL_REGISTER(accept4, uk_sys_accept4);

static long uk_sys_accept(int fd, void *addr, unsigned int *lenp)
{
	return uk_sys_accept4(fd, addr, lenp, 0);
}
UK_SYSCALL_REGISTER(accept, uk_sys_accept);

static long name_of(int fd, void *addr, unsigned int *lenp, bool peer)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int s = sock_of(fd, NULL), r;

	if (s < 0)
		return s;
	r = peer ? lwip_getpeername(s, (struct sockaddr *)&sin, &sl) :
		   lwip_getsockname(s, (struct sockaddr *)&sin, &sl);
	return r < 0 ? ret(r) : addr_out(&sin, addr, lenp);
}

static long uk_sys_getsockname(int fd, void *addr, unsigned int *lenp)
{
	return name_of(fd, addr, lenp, false);
}
UK_SYSCALL_REGISTER(getsockname, uk_sys_getsockname);

static long uk_sys_getpeername(int fd, void *addr, unsigned int *lenp)
{
	return name_of(fd, addr, lenp, true);
}
UK_SYSCALL_REGISTER(getpeername, uk_sys_getpeername);

/* Linux's message flags into lwIP's; -EOPNOTSUPP for MSG_OOB. */
static int msg_flags(int f, const struct uk_ofile *of)
{
	int m = 0;

	if (f & L_MSG_OOB)
		return -UK_EOPNOTSUPP;
	if (f & L_MSG_PEEK)
		m |= MSG_PEEK;
	if ((f & L_MSG_DONTWAIT) || (of->flags & L_O_NONBLOCK))
		m |= MSG_DONTWAIT;
	if (f & L_MSG_WAITALL)
		m |= MSG_WAITALL;
	if (f & L_MSG_MORE)
		m |= MSG_MORE;
	return m;
}

static long uk_sys_sendto(int fd, const void *buf, size_t len, int flags,
			  const void *addr, unsigned int alen)
{
	struct uk_ofile *of;
	struct sockaddr_in sin;
	int s = sock_of(fd, &of), m;
	long r;

	if (s < 0)
		return s;
	m = msg_flags(flags, of);
	if (m < 0)
		return m;
	if (!buf && len)
		return -UK_EFAULT;
	if (!addr)
		return sent(of, ret(lwip_send(s, buf, len, m)),
			    flags & L_MSG_NOSIGNAL);
	r = addr_in(addr, alen, &sin);
	if (r)
		return r;
	return sent(of, ret(lwip_sendto(s, buf, len, m,
					(struct sockaddr *)&sin, sizeof(sin))),
		    flags & L_MSG_NOSIGNAL);
}
UK_SYSCALL_REGISTER(sendto, uk_sys_sendto);

/*
 * lwip_recvfrom, and the end of a stream as Linux keeps it: lwIP returns
 * 0 once, then fails (and no longer says readable); a socket remembers
 * it, and reads 0 from then on.
 */
static long recv_stream(const struct uk_ofile *of, int s, void *buf,
			size_t len, int m, struct sockaddr_in *sin,
			socklen_t *sl)
{
	struct sockfile *sf = (struct sockfile *)of->file;
	long r;

	if (sf->eof)
		return 0;
	r = ret(lwip_recvfrom(s, buf, len, m, (struct sockaddr *)sin, sl));
	if (r == 0 && len && sf->connected)
		sf->eof = true;
	return r;
}

/* A TCP socket without a peer (lwIP reports reads on it as EAGAIN). */
static bool not_connected(int s)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int type = 0;
	socklen_t tl = sizeof(type);

	return lwip_getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &tl) == 0 &&
	       type == SOCK_STREAM &&
	       lwip_getpeername(s, (struct sockaddr *)&sin, &sl) != 0;
}

static long sock_recvfrom(struct uk_ofile *of, int s, void *buf, size_t len,
			  int flags, void *addr, unsigned int *lenp)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	int m = msg_flags(flags, of);
	long r;

	if (m < 0)
		return m;
	if (!buf && len)
		return -UK_EFAULT;
	uk_memset(&sin, 0, sizeof(sin));
	r = recv_stream(of, s, buf, len, m, &sin, &sl);
	if (r < 0 && r != -ENOTCONN && not_connected(s))
		return -ENOTCONN;	/* lwIP says EAGAIN; Linux ENOTCONN */
	if (r >= 0 && addr && sin.sin_family == AF_INET)
		addr_out(&sin, addr, lenp);
	else if (r >= 0 && addr && lenp)
		*lenp = 0;
	return r;
}

static long uk_sys_recvfrom(int fd, void *buf, size_t len, int flags,
			    void *addr, unsigned int *lenp)
{
	struct uk_ofile *of;
	int s = sock_of(fd, &of);

	return s < 0 ? s : sock_recvfrom(of, s, buf, len, flags, addr, lenp);
}
UK_SYSCALL_REGISTER(recvfrom, uk_sys_recvfrom);

/* sendmsg/recvmsg: buffer by buffer (no ancillary data). */
static long msg_io(int fd, struct l_msghdr *msg, int flags, bool out)
{
	long total = 0, r = 0;

	if (!msg || (msg->iovlen && !msg->iov))
		return -UK_EFAULT;
	if (msg->iovlen > 1024)
		return -EMSGSIZE;
	for (size_t i = 0; i < msg->iovlen; i++) {
		struct l_iovec *v = &msg->iov[i];

		if (!v->len)
			continue;
		r = out ? uk_sys_sendto(fd, v->base, v->len, flags,
					i ? NULL : msg->name,
					msg->namelen) :
			  uk_sys_recvfrom(fd, v->base, v->len, flags,
					  i ? NULL : msg->name,
					  i ? NULL : &msg->namelen);
		if (r < 0)
			break;
		total += r;
		if ((size_t)r < v->len)
			break;
		flags |= L_MSG_DONTWAIT;
	}
	if (!out) {
		msg->controllen = 0;
		msg->flags = 0;
	}
	return total ? total : UK_MIN(r, 0L);
}

static long uk_sys_sendmsg(int fd, struct l_msghdr *msg, int flags)
{
	return msg_io(fd, msg, flags, true);
}
UK_SYSCALL_REGISTER(sendmsg, uk_sys_sendmsg);

static long uk_sys_recvmsg(int fd, struct l_msghdr *msg, int flags)
{
	return msg_io(fd, msg, flags, false);
}
UK_SYSCALL_REGISTER(recvmsg, uk_sys_recvmsg);

static long uk_sys_shutdown(int fd, int how)
{
	int s = sock_of(fd, NULL);

	if (s < 0)
		return s;
	if (how < 0 || how > 2)
		return -UK_EINVAL;
	return ret(lwip_shutdown(s, how));	/* SHUT_RD/WR/RDWR: 0/1/2 */
}
UK_SYSCALL_REGISTER(shutdown, uk_sys_shutdown);

/* Linux's (level, name) into lwIP's; false when lwIP has no such option
 * (*@ignore: accepted and ignored, as SO_SNDBUF and SO_REUSEPORT). */
static bool opt_map(int *level, int *name, bool *ignore)
{
	static const int so[][2] = {
		{ 2, SO_REUSEADDR }, { 9, SO_KEEPALIVE }, { 6, SO_BROADCAST },
		{ 13, SO_LINGER }, { 8, SO_RCVBUF }, { 20, SO_RCVTIMEO },
		{ 21, SO_SNDTIMEO }, { 4, SO_ERROR }, { 3, SO_TYPE },
		{ 30, SO_ACCEPTCONN },
	};
	static const int tcp[][2] = {
		{ 1, TCP_NODELAY }, { 4, TCP_KEEPIDLE }, { 5, TCP_KEEPINTVL },
		{ 6, TCP_KEEPCNT },
	};

	*ignore = false;
	if (*level == L_SOL_SOCKET) {
		if (*name == 7 || *name == 15) {	/* SNDBUF, REUSEPORT */
			*ignore = true;
			return true;
		}
		for (size_t i = 0; i < UK_ARRAY_SIZE(so); i++)
			if (so[i][0] == *name) {
				*level = SOL_SOCKET;
				*name = so[i][1];
				return true;
			}
		return false;
	}
	if (*level == IPPROTO_TCP) {
		for (size_t i = 0; i < UK_ARRAY_SIZE(tcp); i++)
			if (tcp[i][0] == *name) {
				*name = tcp[i][1];
				return true;
			}
	}
	return false;
}

static long uk_sys_setsockopt(int fd, int level, int name, const void *val,
			      unsigned int len)
{
	int s = sock_of(fd, NULL);
	bool ignore;

	if (s < 0)
		return s;
	if (!val && len)
		return -UK_EFAULT;
	if (!opt_map(&level, &name, &ignore))
		return -ENOPROTOOPT;
	if (ignore)
		return len >= sizeof(int) ? 0 : -UK_EINVAL;
	return ret(lwip_setsockopt(s, level, name, val, len));
}
UK_SYSCALL_REGISTER(setsockopt, uk_sys_setsockopt);

static long uk_sys_getsockopt(int fd, int level, int name, void *val,
			      unsigned int *lenp)
{
	int s = sock_of(fd, NULL);
	bool ignore;
	socklen_t l;
	long r;

	if (s < 0)
		return s;
	if (!val || !lenp)
		return -UK_EFAULT;
	if (!opt_map(&level, &name, &ignore))
		return -ENOPROTOOPT;
	if (ignore) {
		if (*lenp < sizeof(int))
			return -UK_EINVAL;
		*(int *)val = name == 7 ? TCP_SND_BUF : 0;
		*lenp = sizeof(int);
		return 0;
	}
	l = *lenp;
	r = ret(lwip_getsockopt(s, level, name, val, &l));
	if (!r) {
		*lenp = l;
		if (level == SOL_SOCKET && name == SO_TYPE)
			*(int *)val = *(int *)val == SOCK_STREAM ? 1 : 2;
	}
	return r;
}
UK_SYSCALL_REGISTER(getsockopt, uk_sys_getsockopt);

/* ---- readiness: poll, select, epoll ---- */

/* The open socket behind @fd, or NULL. */
static const struct uk_ofile *of_socket(int fd)
{
	const struct uk_ofile *of = uk_posix_fd_get(fd);

	return of && of->node == &socket_node ? of : NULL;
}

/*
 * Fills @out[i].revents for the @n Linux pollfds @in, waiting up to
 * @timeout ms (-1: forever) for one to be ready. Sockets go to
 * lwip_poll; other descriptors are answered here.
 */
static long do_poll(struct l_pollfd *in, unsigned int n, int timeout)
{
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	struct pollfd *lp;
	long ready = 0, r;
	char peek;

	if (n > L_NOFILE)
		return -UK_EINVAL;
	if (n && !in)
		return -UK_EFAULT;
	lp = uk_calloc(uk_alloc_get_default(), n ? n : 1, sizeof(*lp));
	if (!lp)
		return -UK_ENOMEM;
	for (unsigned int i = 0; i < n; i++) {
		struct uk_ofile *of = in[i].fd >= 0 ?
				      uk_posix_fd_get(in[i].fd) : NULL;

		in[i].revents = 0;
		lp[i].fd = -1;
		if (in[i].fd < 0)
			continue;
		if (!of) {
			in[i].revents = L_POLLNVAL;
		} else if (of->node == &socket_node &&
			   ((struct sockfile *)of->file)->eof) {
			/* at the end of the stream: readable for good */
			in[i].revents = in[i].events &
					(L_POLLIN | L_POLLRDHUP | L_POLLOUT);
		} else if (of->node == &socket_node) {
			lp[i].fd = lwip_fd(of);
			lp[i].events = (in[i].events & (L_POLLIN | L_POLLPRI) ?
					POLLIN : 0) |
				       (in[i].events & L_POLLOUT ? POLLOUT : 0);
			continue;
		} else if ((of->flags & L_O_ACCMODE) != L_O_RDONLY) {
			in[i].revents = in[i].events & L_POLLOUT;
		}
		if (in[i].revents)
			ready++;
	}
	r = ret(lwip_poll(lp, n, ready ? 0 : timeout));
	for (unsigned int i = 0; r >= 0 && i < n; i++) {
		short e = lp[i].revents;

		if (lp[i].fd < 0)
			continue;
		in[i].revents = (e & POLLIN ? L_POLLIN : 0) |
				(e & POLLOUT ? L_POLLOUT : 0) |
				(e & POLLERR ? L_POLLERR : 0) |
				(e & POLLHUP ? L_POLLHUP : 0) |
				(e & POLLNVAL ? L_POLLNVAL : 0);
		in[i].revents &= in[i].events | L_POLLERR | L_POLLHUP |
				 L_POLLNVAL;
		/* the peer's FIN, when no data is ahead of it */
		if ((in[i].events & L_POLLRDHUP) && (e & POLLIN) &&
		    of_socket(in[i].fd) &&
		    recv_stream(of_socket(in[i].fd), lp[i].fd, &peek, 1,
				MSG_PEEK | MSG_DONTWAIT, &sin, &sl) == 0)
			in[i].revents |= L_POLLRDHUP;
		if (in[i].revents)
			ready++;
	}
	uk_free(uk_alloc_get_default(), lp);
	return r < 0 ? r : ready;
}

#ifdef UK_NR_poll	/* x86_64 only: aarch64 has the newer call */
static long uk_sys_poll(struct l_pollfd *fds, unsigned int n, int timeout)
{
	return do_poll(fds, n, timeout < 0 ? -1 : timeout);
}
UK_SYSCALL_REGISTER(poll, uk_sys_poll);
#endif

/* @ts (NULL: forever) in ms for lwip_poll, rounded up; -EINVAL if bad */
static long ts_ms(const struct l_timespec *ts)
{
	if (!ts)
		return -1;
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L)
		return -UK_EINVAL - 1000;
	if (ts->tv_sec > 0x7fffffffL / 1000 - 1)
		return 0x7fffffff;
	return ts->tv_sec * 1000 + (ts->tv_nsec + 999999) / 1000000;
}

static long uk_sys_ppoll(struct l_pollfd *fds, unsigned int n,
			 const struct l_timespec *ts, const void *mask)
{
	long ms = ts_ms(ts);

	if (ms < -1)
		return ms + 1000;
	return do_poll(fds, n, (int)ms);
}
UK_SYSCALL_REGISTER(ppoll, uk_sys_ppoll);

#define FDSET_BITS	(8 * sizeof(unsigned long))

static bool fdset_has(const unsigned long *set, int fd)
{
	return set && (set[fd / FDSET_BITS] >> (fd % FDSET_BITS)) & 1;
}

/* select over do_poll: the sets in, ready descriptors out */
static long do_select(int n, unsigned long *rd, unsigned long *wr,
		      unsigned long *ex, int ms)
{
	struct l_pollfd *p;
	unsigned int cnt = 0;
	long r;

	if (n < 0 || n > L_NOFILE)
		return -UK_EINVAL;
	p = uk_calloc(uk_alloc_get_default(), n ? n : 1, sizeof(*p));
	if (!p)
		return -UK_ENOMEM;
	for (int fd = 0; fd < n; fd++) {
		short ev = (fdset_has(rd, fd) ? L_POLLIN : 0) |
			   (fdset_has(wr, fd) ? L_POLLOUT : 0) |
			   (fdset_has(ex, fd) ? L_POLLPRI : 0);

		if (!ev)
			continue;
		if (!uk_posix_fd_get(fd)) {
			uk_free(uk_alloc_get_default(), p);
			return -UK_EBADF;
		}
		p[cnt++] = (struct l_pollfd){ fd, ev, 0 };
	}
	r = do_poll(p, cnt, ms);
	if (r >= 0) {
		size_t words = (n + FDSET_BITS - 1) / FDSET_BITS;

		r = 0;
		for (unsigned long *s = rd; s; s = s == rd ? wr :
		     s == wr ? ex : NULL)
			uk_memset(s, 0, words * sizeof(long));
		for (unsigned int i = 0; i < cnt; i++) {
			int fd = p[i].fd;
			short e = p[i].revents;
			unsigned long bit = 1UL << (fd % FDSET_BITS);

			if (rd && (e & (L_POLLIN | L_POLLHUP | L_POLLERR)) &&
			    (p[i].events & L_POLLIN)) {
				rd[fd / FDSET_BITS] |= bit;
				r++;
			}
			if (wr && (e & (L_POLLOUT | L_POLLERR)) &&
			    (p[i].events & L_POLLOUT)) {
				wr[fd / FDSET_BITS] |= bit;
				r++;
			}
		}
	}
	uk_free(uk_alloc_get_default(), p);
	return r;
}

#ifdef UK_NR_select	/* x86_64 only: aarch64 has the newer call */
static long uk_sys_select(int n, unsigned long *rd, unsigned long *wr,
			  unsigned long *ex, struct l_timeval *tv)
{
	long ms = -1;

	if (tv) {
		if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
			return -UK_EINVAL;
		ms = tv->tv_sec > 0x7fffffffL / 1000 - 1 ? 0x7fffffff :
		     tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000;
	}
	return do_select(n, rd, wr, ex, (int)ms);
}
UK_SYSCALL_REGISTER(select, uk_sys_select);
#endif

static long uk_sys_pselect6(int n, unsigned long *rd, unsigned long *wr,
			    unsigned long *ex, const struct l_timespec *ts,
			    const void *sig)
{
	long ms = ts_ms(ts);

	if (ms < -1)
		return ms + 1000;
	return do_select(n, rd, wr, ex, (int)ms);
}
UK_SYSCALL_REGISTER(pselect6, uk_sys_pselect6);

/* An epoll instance: its interest list (descriptor, events, data). */
struct epoll {
	struct uk_file f;
	unsigned int n;
	struct {
		int fd;
		uint32_t events;
		uint64_t data;
	} ent[EPOLL_MAX];
};

static void epoll_release(struct uk_ofile *of)
{
	uk_free(uk_alloc_get_default(), of->file);
}

static const struct uk_node epoll_node = {
	.name = "[eventpoll]",
	.path = "anon_inode:[eventpoll]",
	.mode = 0600,
};

static const struct uk_file_ops epoll_ops = {
	.release = epoll_release,
};

static long uk_sys_epoll_create1(int flags)
{
	struct epoll *ep;
	long fd;

	if (flags & ~L_O_CLOEXEC)
		return -UK_EINVAL;
	ep = uk_calloc(uk_alloc_get_default(), 1, sizeof(*ep));
	if (!ep)
		return -UK_ENOMEM;
	fd = uk_posix_fd_open(&epoll_node, L_O_RDWR | flags);
	if (fd < 0) {
		uk_free(uk_alloc_get_default(), ep);
		return fd;
	}
	ep->f.ops = &epoll_ops;
	uk_posix_fd_get((int)fd)->file = &ep->f;
	return fd;
}
UK_SYSCALL_REGISTER(epoll_create1, uk_sys_epoll_create1);

#ifdef UK_NR_epoll_create	/* x86_64 only: aarch64 has the newer call */
static long uk_sys_epoll_create(int size)
{
	return size <= 0 ? -UK_EINVAL : uk_sys_epoll_create1(0);
}
UK_SYSCALL_REGISTER(epoll_create, uk_sys_epoll_create);
#endif

static struct epoll *epoll_of(int epfd)
{
	struct uk_ofile *of = uk_posix_fd_get(epfd);

	return of && of->node == &epoll_node ? (struct epoll *)of->file : NULL;
}

static long uk_sys_epoll_ctl(int epfd, int op, int fd,
			     const struct l_epoll_event *ev)
{
	struct epoll *ep = epoll_of(epfd);
	unsigned int i;

	if (!uk_posix_fd_get(epfd) || !uk_posix_fd_get(fd))
		return -UK_EBADF;
	if (!ep || fd == epfd)
		return -UK_EINVAL;
	if (op != L_EPOLL_CTL_DEL && !ev)
		return -UK_EFAULT;
	for (i = 0; i < ep->n && ep->ent[i].fd != fd; i++)
		;
	switch (op) {
	case L_EPOLL_CTL_ADD:
		if (i < ep->n)
			return -UK_EEXIST;
		if (ep->n == EPOLL_MAX)
			return -UK_ENOSPC;
		ep->n++;
		break;
	case L_EPOLL_CTL_MOD:
	case L_EPOLL_CTL_DEL:
		if (i == ep->n)
			return -UK_ENOENT;
		if (op == L_EPOLL_CTL_DEL) {
			ep->ent[i] = ep->ent[--ep->n];
			return 0;
		}
		break;
	default:
		return -UK_EINVAL;
	}
	ep->ent[i].fd = fd;
	ep->ent[i].events = ev->events | L_POLLERR | L_POLLHUP;
	ep->ent[i].data = ev->data;
	return 0;
}
UK_SYSCALL_REGISTER(epoll_ctl, uk_sys_epoll_ctl);

static long uk_sys_epoll_pwait(int epfd, struct l_epoll_event *evs, int max,
			       int timeout, const void *sig)
{
	struct epoll *ep = epoll_of(epfd);
	struct l_pollfd *p;
	long r, got = 0;

	if (!uk_posix_fd_get(epfd))
		return -UK_EBADF;
	if (!ep || max <= 0)
		return -UK_EINVAL;
	if (!evs)
		return -UK_EFAULT;
	p = uk_calloc(uk_alloc_get_default(), ep->n ? ep->n : 1, sizeof(*p));
	if (!p)
		return -UK_ENOMEM;
	for (unsigned int i = 0; i < ep->n; i++) {
		/* a disarmed EPOLLONESHOT entry waits for nothing */
		p[i].fd = ep->ent[i].events ? ep->ent[i].fd : -1;
		p[i].events = (short)(ep->ent[i].events & 0xffff);
	}
	r = do_poll(p, ep->n, timeout < 0 ? -1 : timeout);
	for (unsigned int i = 0; r > 0 && i < ep->n && got < max; i++) {
		if (!p[i].revents || p[i].fd < 0)
			continue;
		evs[got].events = (uint16_t)p[i].revents;
		evs[got].data = ep->ent[i].data;
		got++;
		if (ep->ent[i].events & L_EPOLLONESHOT)
			ep->ent[i].events = 0;
	}
	uk_free(uk_alloc_get_default(), p);
	return r < 0 ? r : got;
}
UK_SYSCALL_REGISTER(epoll_pwait, uk_sys_epoll_pwait);

#ifdef UK_NR_epoll_wait	/* x86_64 only: aarch64 has the newer call */
static long uk_sys_epoll_wait(int epfd, struct l_epoll_event *evs, int max,
			      int timeout)
{
	return uk_sys_epoll_pwait(epfd, evs, max, timeout, NULL);
}
UK_SYSCALL_REGISTER(epoll_wait, uk_sys_epoll_wait);
#endif

/* The archive's anchor: musl's socket(), ahead of musl's own. */
int socket(int domain, int type, int protocol)
{
	long r = uk_syscall(UK_NR_socket, domain, type, protocol);

	if (r < 0) {
		*__errno_location() = (int)-r;
		return -1;
	}
	return (int)r;
}
