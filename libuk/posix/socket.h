/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Socket families. The socket system calls (socket.c) find the family
 * of socket() and socketpair() in a table that families register into
 * from their own code, and every other call through the socket's open
 * file (its uk_file_ops' sock). AF_UNIX (unix.c) is always there; lwIP
 * (libuk/lwip/socket.c, in the network archive) registers AF_INET and
 * AF_INET6 when an image links it. A family nobody registered is
 * EAFNOSUPPORT.
 *
 *     static const struct uk_sock_ops ops = { .bind = ..., ... };
 *     UK_SOCK_FAMILY(inet, 2, my_socket, NULL);
 *
 * Every operation has the system call's Linux semantics and gets the
 * descriptor (already known to be a socket of the family); a NULL one
 * is EOPNOTSUPP.
 */
#ifndef UK_POSIX_SOCKET_H
#define UK_POSIX_SOCKET_H

#include <uk/essentials.h>
#include "linux.h"

#define L_AF_UNIX	1
#define L_AF_INET	2
#define L_AF_INET6	10

struct l_msghdr {
	void *name;
	unsigned int namelen;
	struct l_iovec *iov;
	size_t iovlen;
	void *control;
	size_t controllen;
	int flags;
};

struct uk_sock_ops {
	long (*bind)(int fd, const void *addr, unsigned int len);
	long (*connect)(int fd, const void *addr, unsigned int len);
	long (*listen)(int fd, int backlog);
	long (*accept4)(int fd, void *addr, unsigned int *lenp, int flags);
	long (*getsockname)(int fd, void *addr, unsigned int *lenp);
	long (*getpeername)(int fd, void *addr, unsigned int *lenp);
	long (*sendto)(int fd, const void *buf, size_t len, int flags,
		       const void *addr, unsigned int alen);
	long (*recvfrom)(int fd, void *buf, size_t len, int flags,
			 void *addr, unsigned int *lenp);
	long (*sendmsg)(int fd, struct l_msghdr *msg, int flags);
	long (*recvmsg)(int fd, struct l_msghdr *msg, int flags);
	long (*shutdown)(int fd, int how);
	long (*setsockopt)(int fd, int level, int name, const void *val,
			   unsigned int len);
	long (*getsockopt)(int fd, int level, int name, void *val,
			   unsigned int *lenp);
};

struct uk_sock_family {
	int family;
	/* a new socket's descriptor, or -errno (type with its flags) */
	long (*socket)(int family, int type, int protocol);
	/* two connected sockets into @sv; NULL: EOPNOTSUPP */
	long (*socketpair)(int family, int type, int protocol, int *sv);
};

#define UK_SOCK_FAMILY(name_, family_, socket_, socketpair_)		\
	static const struct uk_sock_family				\
	__used __section(".uk_sockfams") __aligned(8)			\
	__uk_sockfam_##name_ = { family_, socket_, socketpair_ }

#endif /* UK_POSIX_SOCKET_H */
