/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Linux errno values (identical on x86_64 and aarch64). Kernel functions
 * return them negated; only the POSIX layer stores them in errno.
 */
#ifndef UK_ERRNO_H
#define UK_ERRNO_H

#define UK_EPERM	1
#define UK_ENOENT	2
#define UK_ESRCH	3
#define UK_EINTR	4
#define UK_EIO		5
#define UK_ENXIO	6
#define UK_E2BIG	7
#define UK_ENOEXEC	8
#define UK_EBADF	9
#define UK_ECHILD	10
#define UK_EAGAIN	11
#define UK_ENOMEM	12
#define UK_EACCES	13
#define UK_EFAULT	14
#define UK_EBUSY	16
#define UK_EEXIST	17
#define UK_EXDEV	18
#define UK_ENODEV	19
#define UK_ENOTDIR	20
#define UK_EISDIR	21
#define UK_EINVAL	22
#define UK_ENFILE	23
#define UK_EMFILE	24
#define UK_ENOTTY	25
#define UK_EFBIG	27
#define UK_ENOSPC	28
#define UK_ESPIPE	29
#define UK_EROFS	30
#define UK_EPIPE	32
#define UK_EDOM		33
#define UK_ERANGE	34
#define UK_EDEADLK	35
#define UK_ENAMETOOLONG	36
#define UK_ENOLCK	37
#define UK_ENOSYS	38
#define UK_ENOTEMPTY	39
#define UK_ELOOP	40
#define UK_ETIMEDOUT	110
/* sockets */
#define UK_ENOTSOCK	88
#define UK_EDESTADDRREQ	89
#define UK_EMSGSIZE	90
#define UK_EPROTOTYPE	91
#define UK_ENOPROTOOPT	92
#define UK_EPROTONOSUPPORT 93
#define UK_ESOCKTNOSUPPORT 94
#define UK_EAFNOSUPPORT	97
#define UK_EADDRINUSE	98
#define UK_EADDRNOTAVAIL 99
#define UK_ECONNRESET	104
#define UK_ENOBUFS	105
#define UK_EISCONN	106
#define UK_ENOTCONN	107
#define UK_ECONNREFUSED	111
#define UK_EALREADY	114
#define UK_EINPROGRESS	115
#define UK_EOVERFLOW	75
#define UK_EOPNOTSUPP	95
#define UK_ENOTSUP	UK_EOPNOTSUPP

#endif /* UK_ERRNO_H */
