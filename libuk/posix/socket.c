/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The socket system calls, dispatched to the socket's family (socket.h):
 * socket() and socketpair() by their family argument, the others by the
 * descriptor's open file. A descriptor that is not a socket is
 * ENOTSOCK; one that is not open, EBADF.
 */
#include <uk/link.h>
#include <uk/syscall.h>
#include <uk/errno.h>
#include "file.h"
#include "socket.h"

/* linked into programs that make sockets (uk/link.h), with AF_UNIX */
UK_LINK_WHEN(socket);
UK_LINK_WHEN(socketpair);
UK_LINK_PULL(unix);

extern const struct uk_sock_family __uk_sockfams_start[], __uk_sockfams_end[];

static const struct uk_sock_family *family(int f)
{
	for (const struct uk_sock_family *s = __uk_sockfams_start;
	     s < __uk_sockfams_end; s++)
		if (s->family == f)
			return s;
	return NULL;
}

static long uk_sys_socket(int domain, int type, int protocol)
{
	const struct uk_sock_family *f = family(domain);

	return f ? f->socket(domain, type, protocol) : -UK_EAFNOSUPPORT;
}
UK_SYSCALL_REGISTER(socket, uk_sys_socket);

static long uk_sys_socketpair(int domain, int type, int protocol, int *sv)
{
	const struct uk_sock_family *f = family(domain);

	if (!f)
		return -UK_EAFNOSUPPORT;
	if (!f->socketpair)
		return -UK_EOPNOTSUPP;
	return f->socketpair(domain, type, protocol, sv);
}
UK_SYSCALL_REGISTER(socketpair, uk_sys_socketpair);

/* The family operations of the socket @fd, or NULL with *@err set. */
static const struct uk_sock_ops *sock(int fd, long *err)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);

	if (!of) {
		*err = -UK_EBADF;
		return NULL;
	}
	if (!of->file || !of->file->ops->sock) {
		*err = -UK_ENOTSOCK;
		return NULL;
	}
	*err = -UK_EOPNOTSUPP;
	return of->file->ops->sock;
}

/* Calls @fd's operation @op_ with the arguments that follow. */
#define SOCK_CALL(fd_, op_, ...)					\
	({								\
		long __err;						\
		const struct uk_sock_ops *__o = sock(fd_, &__err);	\
		__o && __o->op_ ? __o->op_(fd_, __VA_ARGS__) : __err;	\
	})

static long uk_sys_bind(int fd, const void *addr, unsigned int len)
{
	return SOCK_CALL(fd, bind, addr, len);
}
UK_SYSCALL_REGISTER(bind, uk_sys_bind);

static long uk_sys_connect(int fd, const void *addr, unsigned int len)
{
	return SOCK_CALL(fd, connect, addr, len);
}
UK_SYSCALL_REGISTER(connect, uk_sys_connect);

static long uk_sys_listen(int fd, int backlog)
{
	return SOCK_CALL(fd, listen, backlog);
}
UK_SYSCALL_REGISTER(listen, uk_sys_listen);

static long uk_sys_accept4(int fd, void *addr, unsigned int *lenp, int flags)
{
	return SOCK_CALL(fd, accept4, addr, lenp, flags);
}
UK_SYSCALL_REGISTER(accept4, uk_sys_accept4);

#ifdef UK_NR_accept	/* x86_64 only: aarch64 has the newer call */
static long uk_sys_accept(int fd, void *addr, unsigned int *lenp)
{
	return uk_sys_accept4(fd, addr, lenp, 0);
}
UK_SYSCALL_REGISTER(accept, uk_sys_accept);
#endif

static long uk_sys_getsockname(int fd, void *addr, unsigned int *lenp)
{
	return SOCK_CALL(fd, getsockname, addr, lenp);
}
UK_SYSCALL_REGISTER(getsockname, uk_sys_getsockname);

static long uk_sys_getpeername(int fd, void *addr, unsigned int *lenp)
{
	return SOCK_CALL(fd, getpeername, addr, lenp);
}
UK_SYSCALL_REGISTER(getpeername, uk_sys_getpeername);

static long uk_sys_sendto(int fd, const void *buf, size_t len, int flags,
			  const void *addr, unsigned int alen)
{
	return SOCK_CALL(fd, sendto, buf, len, flags, addr, alen);
}
UK_SYSCALL_REGISTER(sendto, uk_sys_sendto);

static long uk_sys_recvfrom(int fd, void *buf, size_t len, int flags,
			    void *addr, unsigned int *lenp)
{
	return SOCK_CALL(fd, recvfrom, buf, len, flags, addr, lenp);
}
UK_SYSCALL_REGISTER(recvfrom, uk_sys_recvfrom);

static long uk_sys_sendmsg(int fd, struct l_msghdr *msg, int flags)
{
	return SOCK_CALL(fd, sendmsg, msg, flags);
}
UK_SYSCALL_REGISTER(sendmsg, uk_sys_sendmsg);

static long uk_sys_recvmsg(int fd, struct l_msghdr *msg, int flags)
{
	return SOCK_CALL(fd, recvmsg, msg, flags);
}
UK_SYSCALL_REGISTER(recvmsg, uk_sys_recvmsg);

static long uk_sys_shutdown(int fd, int how)
{
	return SOCK_CALL(fd, shutdown, how);
}
UK_SYSCALL_REGISTER(shutdown, uk_sys_shutdown);

static long uk_sys_setsockopt(int fd, int level, int name, const void *val,
			      unsigned int len)
{
	return SOCK_CALL(fd, setsockopt, level, name, val, len);
}
UK_SYSCALL_REGISTER(setsockopt, uk_sys_setsockopt);

static long uk_sys_getsockopt(int fd, int level, int name, void *val,
			      unsigned int *lenp)
{
	return SOCK_CALL(fd, getsockopt, level, name, val, lenp);
}
UK_SYSCALL_REGISTER(getsockopt, uk_sys_getsockopt);
