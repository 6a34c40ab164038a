/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sockets as Linux system calls, over lwIP's socket API, in the one
 * descriptor table of libuk/posix: a socket is an open file whose node is
 * `socket_node` and whose uk_file is a struct sockfile naming the lwIP
 * socket. The family registers with the POSIX layer's socket calls
 * (AF_INET, AF_INET6); readiness is lwIP's, and lwIP's event callback
 * notifies the socket's poll queue, so poll/select/epoll (libuk/posix)
 * wake when it changes.
 *
 * This file is the anchor of libuk-net-PLAT.a: it defines socket(), which
 * a program's call to socket() pulls from the archive ahead of musl's, so
 * that a program without sockets links none of lwIP. The stack starts
 * at boot in an image that links it (netconf.c); socket() makes sure.
 *
 * Linux's sockaddr_in and sockaddr_in6 (16-bit family) are translated
 * to lwIP's (length and 8-bit family); options, levels and message flags
 * are translated too. AF_INET and AF_INET6; an AF_INET6 socket is dual
 * stack unless IPV6_V6ONLY is set, as on Linux: IPv4 peers appear as
 * ::ffff:a.b.c.d. An address of the other family is EAFNOSUPPORT (Linux
 * takes an AF_INET one on AF_INET6 datagram sockets; lwIP does not).
 * POLLRDHUP/EPOLLRDHUP only once the data ahead of the FIN is read.
 */
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/string.h>
#include <uk/thread.h>
#include <uk/uaccess.h>
#include "../posix/file.h"
#include "../posix/socket.h"
#include "lwip/api.h"
#include "lwip/priv/sockets_priv.h"
#include "lwip/sockets.h"
#include "lwip/ip.h"
#include "lwip/tcpip.h"
#include "uk_lwip.h"

#define L_SOCK_TYPE_MASK	0xf
#define L_SOCK_NONBLOCK	L_O_NONBLOCK
#define L_SOCK_CLOEXEC	L_O_CLOEXEC

#define L_SOL_SOCKET	1
#define L_IPPROTO_IPV6	41
#define L_IPV6_V6ONLY	26
#define L_MSG_OOB	0x1
#define L_MSG_PEEK	0x2
#define L_MSG_DONTWAIT	0x40
#define L_MSG_WAITALL	0x100
#define L_MSG_NOSIGNAL	0x4000
#define L_MSG_MORE	0x8000

struct l_sockaddr_in {
	uint16_t family;
	uint16_t port;
	uint32_t addr;
	uint8_t zero[8];
};

struct l_sockaddr_in6 {
	uint16_t family;
	uint16_t port;
	uint32_t flowinfo;
	uint8_t addr[16];
	uint32_t scope_id;
};

/* An address in lwIP's form, of either family. */
union lw_addr {
	struct sockaddr sa;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
};

int socket(int domain, int type, int protocol);
int *__errno_location(void);

static long sock_read(struct uk_ofile *of, void *buf, size_t len, bool block);
static long sock_write(struct uk_ofile *of, const void *buf, size_t len);
static void sock_release(struct uk_ofile *of);
static unsigned int sock_poll(struct uk_ofile *of);
static long sock_ioctl(struct uk_ofile *of, unsigned long req,
		       unsigned long arg);
static const struct uk_sock_ops lwip_sock_ops;

static const struct uk_node socket_node = {
	.name = "socket",
	.path = "socket:",
	.mode = 0140000 | 0777,
};

static const struct uk_file_ops socket_ops = {
	.read = sock_read,
	.write = sock_write,
	.release = sock_release,
	.poll = sock_poll,
	.ioctl = sock_ioctl,
	.sock = &lwip_sock_ops,
};

/* An open socket: the lwIP socket behind it. */
struct sockfile {
	struct uk_file f;
	int s;
	int family;		/* L_AF_INET or L_AF_INET6 */
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

/*
 * Readiness changes: lwIP calls its netconn's callback (its sockets'
 * event_callback) for each; the hook calls it, then notifies the poll
 * queue of the socket behind the netconn. Accepted netconns inherit
 * the hook from their listener.
 */
#define NSOCK	(MEMP_NUM_NETCONN + LWIP_SOCKET_OFFSET)
static struct sockfile *by_lwip_fd[NSOCK];
static netconn_callback lwip_event;

static void event_hook(struct netconn *conn, enum netconn_evt evt,
		       u16_t len)
{
	int s;

	lwip_event(conn, evt, len);
	s = conn ? conn->socket : -1;
	if (s >= 0 && s < NSOCK && by_lwip_fd[s])
		uk_pollq_notify(&by_lwip_fd[s]->f.pq);
}

static void hook(struct sockfile *sf)
{
	struct lwip_sock *ls = lwip_socket_dbg_get_socket(sf->s);

	if (sf->s >= 0 && sf->s < NSOCK)
		by_lwip_fd[sf->s] = sf;
	if (!ls || !ls->conn)
		return;
	if (!lwip_event && ls->conn->callback != event_hook)
		lwip_event = ls->conn->callback;
	ls->conn->callback = event_hook;
}

static void sock_release(struct uk_ofile *of)
{
	int s = lwip_fd(of);

	if (s >= 0 && s < NSOCK)
		by_lwip_fd[s] = NULL;
	lwip_close(lwip_fd(of));
	uk_free(uk_alloc_get_default(), of->file);
}

/* The family of lwIP socket @s (AF_INET6 sockets name themselves so). */
static int lwip_family(int s)
{
	union lw_addr a;
	socklen_t l = sizeof(a);

	a.sa.sa_family = AF_INET;
	lwip_getsockname(s, &a.sa, &l);
	return a.sa.sa_family == AF_INET6 ? L_AF_INET6 : L_AF_INET;
}

static int family_of(const struct uk_ofile *of)
{
	return ((struct sockfile *)of->file)->family;
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
	uk_file_init(&sf->f, &socket_ops);
	sf->s = s;
	sf->family = lwip_family(s);
	sf->connected = false;
	sf->eof = false;
	uk_posix_fd_get((int)fd)->file = &sf->f;
	hook(sf);
	return fd;
}

static long uk_sys_socket(int domain, int type, int protocol)
{
	int kind = type & L_SOCK_TYPE_MASK;
	int s;

	if (type & ~(L_SOCK_TYPE_MASK | L_SOCK_NONBLOCK | L_SOCK_CLOEXEC))
		return -UK_EINVAL;
	if (domain != L_AF_INET && domain != L_AF_INET6)
		return -EAFNOSUPPORT;
	if (kind != SOCK_STREAM && kind != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol && !((kind == SOCK_STREAM && protocol == IPPROTO_TCP) ||
			  (kind == SOCK_DGRAM && protocol == IPPROTO_UDP)))
		return -EPROTONOSUPPORT;
	uk_lwip_start();
	s = lwip_socket(domain == L_AF_INET6 ? AF_INET6 : AF_INET, kind, 0);
	if (s < 0)
		return ret(s);
	return new_fd(s, type);
}

/*
 * Linux's address @a (@len bytes) for a socket of @family into lwIP's
 * @out, as Linux checks it: -EINVAL when too short, -EAFNOSUPPORT for
 * another family.
 */
static long addr_in(const void *a, unsigned int len, int family,
		    union lw_addr *out)
{
	union {
		struct l_sockaddr_in sin;
		struct l_sockaddr_in6 sin6;
	} k = { 0 };
	const struct l_sockaddr_in *l = &k.sin;
	const struct l_sockaddr_in6 *l6 = &k.sin6;

	if ((int)len < 0 || len < (family == L_AF_INET6 ?
				   offsetof(struct l_sockaddr_in6, scope_id) :
				   sizeof(*l)))
		return a ? -UK_EINVAL : -UK_EFAULT;
	if (uk_copy_from_user(&k, a, UK_MIN((size_t)len, sizeof(k))))
		return -UK_EFAULT;
	if (l->family != family)
		return -EAFNOSUPPORT;
	uk_memset(out, 0, sizeof(*out));
	if (family == L_AF_INET) {
		out->sin.sin_len = sizeof(out->sin);
		out->sin.sin_family = AF_INET;
		out->sin.sin_port = l->port;
		out->sin.sin_addr.s_addr = l->addr;
		return 0;
	}
	out->sin6.sin6_len = sizeof(out->sin6);
	out->sin6.sin6_family = AF_INET6;
	out->sin6.sin6_port = l6->port;
	out->sin6.sin6_flowinfo = l6->flowinfo;
	uk_memcpy(&out->sin6.sin6_addr, l6->addr, sizeof(l6->addr));
	if (len >= sizeof(*l6))
		out->sin6.sin6_scope_id = l6->scope_id;
	return 0;
}

/*
 * lwIP's address @in into Linux's @a for a socket of @family (an IPv4
 * address on an AF_INET6 socket is IPv4-mapped), @lenp as getsockname()
 * does; user memory through uk/uaccess.h.
 */
static long addr_out(const union lw_addr *in, int family, void *a,
		     unsigned int *lenp)
{
	union {
		struct l_sockaddr_in sin;
		struct l_sockaddr_in6 sin6;
	} l = { 0 };
	unsigned int len, size = sizeof(l.sin);

	if (!a || uk_copy_from_user(&len, lenp, sizeof(len)))
		return -UK_EFAULT;
	if ((int)len < 0)
		return -UK_EINVAL;
	if (in->sa.sa_family == AF_INET6) {
		l.sin6.family = L_AF_INET6;
		l.sin6.port = in->sin6.sin6_port;
		l.sin6.flowinfo = in->sin6.sin6_flowinfo;
		uk_memcpy(l.sin6.addr, &in->sin6.sin6_addr, 16);
		l.sin6.scope_id = in->sin6.sin6_scope_id;
		size = sizeof(l.sin6);
	} else if (family == L_AF_INET6) {
		l.sin6.family = L_AF_INET6;
		l.sin6.port = in->sin.sin_port;
		l.sin6.addr[10] = l.sin6.addr[11] = 0xff;
		uk_memcpy(&l.sin6.addr[12], &in->sin.sin_addr, 4);
		size = sizeof(l.sin6);
	} else {
		l.sin.family = L_AF_INET;
		l.sin.port = in->sin.sin_port;
		l.sin.addr = in->sin.sin_addr.s_addr;
	}
	if (uk_copy_to_user(a, &l, UK_MIN(len, size)) ||
	    uk_copy_to_user(lenp, &size, sizeof(size)))
		return -UK_EFAULT;
	return 0;
}

static long uk_sys_bind(int fd, const void *addr, unsigned int len)
{
	union lw_addr la;
	struct uk_ofile *of;
	int s = sock_of(fd, &of);
	long r;

	if (s < 0)
		return s;
	r = addr_in(addr, len, family_of(of), &la);
	return r ? r : ret(lwip_bind(s, &la.sa, la.sa.sa_len));
}

static long uk_sys_connect(int fd, const void *addr, unsigned int len)
{
	union lw_addr la;
	struct uk_ofile *of;
	int s = sock_of(fd, &of);
	long r;

	if (s < 0)
		return s;
	r = addr_in(addr, len, family_of(of), &la);
	if (r)
		return r;
	r = ret(lwip_connect(s, &la.sa, la.sa.sa_len));
	if (r == -ECONNRESET)	/* a reset before the connection was made */
		r = -ECONNREFUSED;
	if (r == 0 || r == -EINPROGRESS)
		((struct sockfile *)of->file)->connected = true;
	return r;
}

static long uk_sys_listen(int fd, int backlog)
{
	int s = sock_of(fd, NULL);

	if (s < 0)
		return s;
	if (backlog < 0 || backlog > 255)
		backlog = 255;
	return ret(lwip_listen(s, backlog));
}

static long uk_sys_accept4(int fd, void *addr, unsigned int *lenp, int flags)
{
	unsigned int alen;
	union lw_addr sin;
	socklen_t sl = sizeof(sin);
	struct uk_ofile *of;
	int s = sock_of(fd, &of), c;
	long r;

	if (s < 0)
		return s;
	if (flags & ~(L_SOCK_NONBLOCK | L_SOCK_CLOEXEC))
		return -UK_EINVAL;
	if (addr && uk_copy_from_user(&alen, lenp, sizeof(alen)))
		return -UK_EFAULT;
	if (addr && (int)alen < 0)
		return -UK_EINVAL;
	c = lwip_accept(s, &sin.sa, &sl);
	if (c < 0)
		return ret(c);
	r = new_fd(c, flags);
	if (r >= 0)
		((struct sockfile *)uk_posix_fd_get((int)r)->file)->connected =
			true;
	if (r >= 0 && addr)
		addr_out(&sin, family_of(of), addr, lenp);
	return r;
}

/* Is @a the unspecified address (0.0.0.0, ::)? */
static bool unspecified(const union lw_addr *a)
{
	static const uint8_t zero[16];

	return a->sa.sa_family == AF_INET6 ?
	       !uk_memcmp(&a->sin6.sin6_addr, zero, 16) :
	       a->sin.sin_addr.s_addr == 0;
}

/*
 * The source address lwIP sends from to @peer, in @a (whose port is
 * kept): a connected UDP socket's name, which lwIP leaves unspecified
 * where Linux gives the address of the route. False when there is no
 * route.
 */
static bool source_for(const union lw_addr *peer, union lw_addr *a)
{
	const uint8_t *p6 = (const uint8_t *)&peer->sin6.sin6_addr;
	const ip_addr_t *src = NULL;
	struct netif *n;
	ip_addr_t dst;

	if (peer->sa.sa_family == AF_INET6 && !ip6_addr_isipv4mappedipv6(
		    (const ip6_addr_t *)&peer->sin6.sin6_addr)) {
		inet6_addr_to_ip6addr(ip_2_ip6(&dst), &peer->sin6.sin6_addr);
		IP_SET_TYPE_VAL(dst, IPADDR_TYPE_V6);
	} else {
		uk_memcpy(ip_2_ip4(&dst), peer->sa.sa_family == AF_INET6 ?
			  p6 + 12 : (const uint8_t *)&peer->sin.sin_addr, 4);
		IP_SET_TYPE_VAL(dst, IPADDR_TYPE_V4);
	}
	LOCK_TCPIP_CORE();
	n = ip_route(IP_ANY_TYPE, &dst);
	if (n)
		src = ip_netif_get_local_ip(n, &dst);
	if (src && IP_IS_V6(src) && a->sa.sa_family == AF_INET6) {
		inet6_addr_from_ip6addr(&a->sin6.sin6_addr, ip_2_ip6(src));
	} else if (src && IP_IS_V4(src) && a->sa.sa_family == AF_INET6) {
		uint8_t *m = (uint8_t *)&a->sin6.sin6_addr;

		uk_memset(m, 0, 10);
		m[10] = m[11] = 0xff;
		uk_memcpy(m + 12, ip_2_ip4(src), 4);
	} else if (src && IP_IS_V4(src)) {
		inet_addr_from_ip4addr(&a->sin.sin_addr, ip_2_ip4(src));
	}
	UNLOCK_TCPIP_CORE();
	return src != NULL;
}

static long name_of(int fd, void *addr, unsigned int *lenp, bool peer)
{
	union lw_addr sin, to;
	socklen_t sl = sizeof(sin), tl = sizeof(to);
	struct uk_ofile *of;
	int s = sock_of(fd, &of), r;

	if (s < 0)
		return s;
	r = peer ? lwip_getpeername(s, &sin.sa, &sl) :
		   lwip_getsockname(s, &sin.sa, &sl);
	if (r < 0)
		return ret(r);
	if (!peer && unspecified(&sin) &&
	    lwip_getpeername(s, &to.sa, &tl) == 0)
		source_for(&to, &sin);
	return addr_out(&sin, family_of(of), addr, lenp);
}

static long uk_sys_getsockname(int fd, void *addr, unsigned int *lenp)
{
	return name_of(fd, addr, lenp, false);
}

static long uk_sys_getpeername(int fd, void *addr, unsigned int *lenp)
{
	return name_of(fd, addr, lenp, true);
}

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
	union lw_addr la;
	int s = sock_of(fd, &of), m;
	long r;

	if (s < 0)
		return s;
	m = msg_flags(flags, of);
	if (m < 0)
		return m;
	if (!uk_user_ok(buf, len, false))
		return -UK_EFAULT;
	if (!addr)
		return sent(of, ret(lwip_send(s, buf, len, m)),
			    flags & L_MSG_NOSIGNAL);
	r = addr_in(addr, alen, family_of(of), &la);
	if (r)
		return r;
	return sent(of, ret(lwip_sendto(s, buf, len, m, &la.sa, la.sa.sa_len)),
		    flags & L_MSG_NOSIGNAL);
}

/*
 * lwip_recvfrom, and the end of a stream as Linux keeps it: lwIP returns
 * 0 once, then fails (and no longer says readable); a socket remembers
 * it, and reads 0 from then on.
 */
static long recv_stream(const struct uk_ofile *of, int s, void *buf,
			size_t len, int m, void *sin, socklen_t *sl)
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
	union lw_addr sin;
	socklen_t sl = sizeof(sin);
	int m = msg_flags(flags, of);
	long r;

	if (m < 0)
		return m;
	if (!uk_user_ok(buf, len, true))
		return -UK_EFAULT;
	uk_memset(&sin, 0, sizeof(sin));
	r = recv_stream(of, s, buf, len, m, &sin, &sl);
	if (r < 0 && r != -ENOTCONN && not_connected(s))
		return -ENOTCONN;	/* lwIP says EAGAIN; Linux ENOTCONN */
	if (r >= 0 && addr && (sin.sa.sa_family == AF_INET ||
			       sin.sa.sa_family == AF_INET6))
		addr_out(&sin, family_of(of), addr, lenp);
	else if (r >= 0 && addr && lenp &&
		 uk_copy_to_user(lenp, &(unsigned int){ 0 }, sizeof(*lenp)))
		return -UK_EFAULT;
	return r;
}

static long uk_sys_recvfrom(int fd, void *buf, size_t len, int flags,
			    void *addr, unsigned int *lenp)
{
	struct uk_ofile *of;
	int s = sock_of(fd, &of);

	return s < 0 ? s : sock_recvfrom(of, s, buf, len, flags, addr, lenp);
}

/* sendmsg/recvmsg: buffer by buffer (no ancillary data). */
static long msg_io(int fd, struct l_msghdr *umsg, int flags, bool out)
{
	struct l_msghdr k, *msg = &k;
	struct l_iovec kv, *v = &kv;
	long total = 0, r = 0;

	if (uk_copy_from_user(msg, umsg, sizeof(*msg)))
		return -UK_EFAULT;
	if (msg->iovlen > 1024)
		return -EMSGSIZE;
	for (size_t i = 0; i < msg->iovlen; i++) {
		if (uk_copy_from_user(v, &msg->iov[i], sizeof(*v))) {
			r = -UK_EFAULT;
			break;
		}

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
		if (uk_copy_to_user(umsg, msg, sizeof(*msg)))
			return -UK_EFAULT;
	}
	return total ? total : UK_MIN(r, 0L);
}

static long uk_sys_sendmsg(int fd, struct l_msghdr *msg, int flags)
{
	return msg_io(fd, msg, flags, true);
}

static long uk_sys_recvmsg(int fd, struct l_msghdr *msg, int flags)
{
	return msg_io(fd, msg, flags, false);
}

static long uk_sys_shutdown(int fd, int how)
{
	int s = sock_of(fd, NULL);

	if (s < 0)
		return s;
	if (how < 0 || how > 2)
		return -UK_EINVAL;
	return ret(lwip_shutdown(s, how));	/* SHUT_RD/WR/RDWR: 0/1/2 */
}

/* Linux's (level, name) into lwIP's for a socket of @family; false when
 * lwIP has no such option (*@ignore: accepted and ignored, as SO_SNDBUF
 * and SO_REUSEPORT). */
static bool opt_map(int family, int *level, int *name, bool *ignore)
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
	if (*level == L_IPPROTO_IPV6 && family == L_AF_INET6 &&
	    *name == L_IPV6_V6ONLY) {
		*level = IPPROTO_IPV6;
		*name = IPV6_V6ONLY;
		return true;
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
	struct uk_ofile *of;
	int s = sock_of(fd, &of);
	bool ignore;

	if (s < 0)
		return s;
	if (!uk_user_ok(val, len, false))
		return -UK_EFAULT;
	if (!opt_map(family_of(of), &level, &name, &ignore))
		return -ENOPROTOOPT;
	if (ignore)
		return len >= sizeof(int) ? 0 : -UK_EINVAL;
	return ret(lwip_setsockopt(s, level, name, val, len));
}

static long uk_sys_getsockopt(int fd, int level, int name, void *val,
			      unsigned int *lenp)
{
	struct uk_ofile *of;
	int s = sock_of(fd, &of);
	bool ignore;
	socklen_t l;
	long r;

	if (s < 0)
		return s;
	if (!val || uk_copy_from_user(&l, lenp, sizeof(l)))
		return -UK_EFAULT;
	if (!opt_map(family_of(of), &level, &name, &ignore))
		return -ENOPROTOOPT;
	if (ignore) {
		int v = name == 7 ? TCP_SND_BUF : 0;

		if (l < sizeof(int))
			return -UK_EINVAL;
		l = sizeof(int);
		if (uk_copy_to_user(val, &v, sizeof(v)) ||
		    uk_copy_to_user(lenp, &l, sizeof(l)))
			return -UK_EFAULT;
		return 0;
	}
	/* lwIP writes the value itself: checked in place */
	if (!uk_user_ok(val, l, true))
		return -UK_EFAULT;
	r = ret(lwip_getsockopt(s, level, name, val, &l));
	if (!r) {
		if (uk_copy_to_user(lenp, &l, sizeof(l)))
			return -UK_EFAULT;
		if (level == SOL_SOCKET && name == SO_TYPE)
			*(int *)val = *(int *)val == SOCK_STREAM ? 1 : 2;
	}
	return r;
}

/* ---- readiness (poll, select, epoll are libuk/posix's) ---- */

/* lwIP's readiness of @of as Linux's L_POLL* events. */
static unsigned int sock_poll(struct uk_ofile *of)
{
	struct sockfile *sf = (struct sockfile *)of->file;
	struct pollfd p = { sf->s, POLLIN | POLLOUT, 0 };
	struct sockaddr_in sin;
	socklen_t sl = sizeof(sin);
	unsigned int ev = 0;
	char peek;

	/* at the end of the stream: readable for good */
	if (sf->eof)
		return L_POLLIN | L_POLLRDNORM | L_POLLRDHUP | L_POLLOUT |
		       L_POLLWRNORM;
	if (lwip_poll(&p, 1, 0) < 0)
		return L_POLLERR;
	if (p.revents & POLLIN)
		ev |= L_POLLIN | L_POLLRDNORM;
	if (p.revents & POLLOUT)
		ev |= L_POLLOUT | L_POLLWRNORM;
	if (p.revents & POLLERR)
		ev |= L_POLLERR;
	if (p.revents & POLLHUP)
		ev |= L_POLLHUP;
	if (p.revents & POLLNVAL)
		ev |= L_POLLNVAL;
	/* the peer's FIN, when no data is ahead of it */
	if ((p.revents & POLLIN) &&
	    recv_stream(of, sf->s, &peek, 1, MSG_PEEK | MSG_DONTWAIT, &sin,
			&sl) == 0)
		ev |= L_POLLRDHUP;
	return ev;
}

#define L_FIONREAD	0x541b

static long sock_ioctl(struct uk_ofile *of, unsigned long req,
		       unsigned long arg)
{
	int n = 0;
	long r;

	if (req != L_FIONREAD)
		return -UK_ENOTTY;
	r = ret(lwip_ioctl(lwip_fd(of), FIONREAD, &n));
	if (r == -EINVAL || r == -ENOTCONN)	/* nothing yet */
		r = n = 0;
	if (!r && uk_copy_to_user((void *)arg, &n, sizeof(n)))
		r = -UK_EFAULT;
	return r;
}

/* ---- the family (libuk/posix/socket.h) ---- */

static const struct uk_sock_ops lwip_sock_ops = {
	.bind = uk_sys_bind,
	.connect = uk_sys_connect,
	.listen = uk_sys_listen,
	.accept4 = uk_sys_accept4,
	.getsockname = uk_sys_getsockname,
	.getpeername = uk_sys_getpeername,
	.sendto = uk_sys_sendto,
	.recvfrom = uk_sys_recvfrom,
	.sendmsg = uk_sys_sendmsg,
	.recvmsg = uk_sys_recvmsg,
	.shutdown = uk_sys_shutdown,
	.setsockopt = uk_sys_setsockopt,
	.getsockopt = uk_sys_getsockopt,
};

UK_SOCK_FAMILY(inet, L_AF_INET, uk_sys_socket, NULL);
UK_SOCK_FAMILY(inet6, L_AF_INET6, uk_sys_socket, NULL);

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
