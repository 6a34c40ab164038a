/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Files, between the descriptor table (fd.c) and the names (vfs.c).
 *
 * A node says how an open file moves data: a character device or the
 * console (its read and write functions), a socket, or the VFS for
 * regular files and directories (uk_posix_file_node, uk_posix_dir_node:
 * the data is the vnode's). Nodes are static and never go away; the
 * vnode an open file came from is held by it (struct uk_ofile's vn)
 * until its last close. An open file (what Linux
 * calls an open file description) is a node with the flags it was opened
 * with and a position; dup() shares it. A descriptor is a slot of the
 * table pointing to an open file, plus its close-on-exec flag.
 *
 * Locking: none. Every system call runs with preemption off (the trap
 * enters with interrupts masked, uk_syscall() disables preemption), so
 * the table changes only inside one system call at a time.
 */
#ifndef UK_POSIX_FILE_H
#define UK_POSIX_FILE_H

#include <uk/essentials.h>
#include "linux.h"

/* open() flags: the generic values, and x86_64's where they differ */
#define L_O_ACCMODE	03
#define L_O_RDONLY	00
#define L_O_WRONLY	01
#define L_O_RDWR	02
#define L_O_CREAT	0100
#define L_O_EXCL	0200
#define L_O_NOCTTY	0400
#define L_O_TRUNC	01000
#define L_O_APPEND	02000
#define L_O_NONBLOCK	04000
#define L_O_DSYNC	010000
#define L_O_ASYNC	020000
#define L_O_NOATIME	01000000
#define L_O_CLOEXEC	02000000
#define L_O_SYNC	04010000
#define L_O_PATH	010000000
#define L_O_TMPFILE_DIR	020000000	/* O_TMPFILE without O_DIRECTORY */
#if defined(UK_ARCH_X86_64)
#define L_O_DIRECT	040000
#define L_O_LARGEFILE	0100000
#define L_O_DIRECTORY	0200000
#define L_O_NOFOLLOW	0400000
#else
#define L_O_DIRECTORY	040000
#define L_O_NOFOLLOW	0100000
#define L_O_DIRECT	0200000
#define L_O_LARGEFILE	0400000
#endif

#define L_AT_FDCWD		(-100)
#define L_AT_SYMLINK_NOFOLLOW	0x100
#define L_AT_EACCESS		0x200
#define L_AT_EMPTY_PATH		0x1000

#define L_S_IFMT	0170000
#define L_S_IFDIR	0040000
#define L_PATH_MAX	4096
#define L_NAME_MAX	255
#define L_NOFILE	1024	/* table size; RLIMIT_NOFILE caps it below */

/*
 * Readiness. A poll queue belongs to something whose readiness changes
 * (a pipe, an eventfd, a socket, the console): whoever changes it calls
 * uk_pollq_notify(), which wakes the threads blocked on it (a read, a
 * write, poll, select, epoll_wait) and marks the epoll entries watching
 * it ready. Waiters re-check what they wait for: a notification says
 * only that something may have changed. Safe from interrupt handlers
 * and from kernel threads (lwIP's).
 */
#define L_POLLIN	0x001
#define L_POLLPRI	0x002
#define L_POLLOUT	0x004
#define L_POLLERR	0x008
#define L_POLLHUP	0x010
#define L_POLLNVAL	0x020
#define L_POLLRDNORM	0x040
#define L_POLLRDBAND	0x080
#define L_POLLWRNORM	0x100
#define L_POLLWRBAND	0x200
#define L_POLLRDHUP	0x2000

struct uk_pollwaiter;
struct uk_epitem;

struct uk_pollq {
	uint64_t seq;			/* notifications so far */
	struct uk_pollwaiter *waiters;	/* blocked threads */
	struct uk_epitem *watchers;	/* epoll entries (epoll.c) */
};

void uk_pollq_notify(struct uk_pollq *q);

/*
 * The same for a change of @events alone (L_POLL*; Linux's wake-up
 * key): epoll entries that wait for none of them stay as they are (an
 * edge-triggered reader is not woken by a read that made room).
 * Blocked threads are all woken.
 */
void uk_pollq_notify_ev(struct uk_pollq *q, unsigned int events);

/*
 * Blocks until @q is notified after it showed @seq (returns at once if
 * it has been), monotonic @deadline (0: none) or a signal. Returns 0,
 * -ETIMEDOUT, or -EINTR when a signal is pending (callers choose
 * between EINTR and a restart).
 */
int uk_pollq_wait(struct uk_pollq *q, uint64_t seq, uint64_t deadline);

static inline uint64_t uk_pollq_seq(const struct uk_pollq *q)
{
	return __atomic_load_n(&q->seq, __ATOMIC_ACQUIRE);
}

struct uk_node {
	const char *name;		/* last component ("" for the root) */
	const char *path;		/* absolute, for getcwd */
	const struct uk_node *parent;	/* the root is its own parent */
	unsigned int mode;		/* L_S_IF* and permissions */
	unsigned int rdev;		/* (major << 8) | minor */
	/* @block: wait for a first byte (console input only); NULL read or
	 * write: the node cannot (EINVAL, as Linux says for such devices) */
	long (*read)(void *buf, size_t len, bool block);
	long (*write)(const void *buf, size_t len);
	bool seekable;			/* lseek succeeds (at 0) rather than ESPIPE */
	bool maps_anon;			/* mmap gives anonymous memory (/dev/zero) */
	/* the L_POLL* events ready now, and the queue notified when they
	 * change (the console); NULL poll: always readable and writable */
	unsigned int (*poll)(void);
	struct uk_pollq *pq;
	/* bytes a read would get now (FIONREAD); NULL: ENOTTY */
	long (*nread)(void);
};

struct uk_ofile;

struct uk_sock_ops;

/*
 * Files with state of their own (sockets, pipes, eventfds, epoll
 * instances): an open file whose `file` is set reads and writes through
 * its ops (NULL read or write: EINVAL) instead of the node's; release
 * is called when the last descriptor closes. The owner embeds struct
 * uk_file in its own state and initialises it with uk_file_init().
 *
 * read blocks when @block (the descriptor is blocking, and no byte was
 * read yet by this call) until it can return something; write looks at
 * of->flags' O_NONBLOCK itself. Both return -ERESTARTSYS (posix.h) when
 * a signal ends their wait. poll returns the L_POLL* events ready now
 * (NULL: none ever); uk_pollq_notify(&f->pq) when they change.
 * ioctl serves the requests the descriptor table does not (-ENOTTY if
 * NULL), and fcntl the commands it does not (-EINVAL if NULL). sock is
 * set for sockets (socket.h), NULL for every other file.
 */
struct uk_file_ops {
	long (*read)(struct uk_ofile *of, void *buf, size_t len, bool block);
	long (*write)(struct uk_ofile *of, const void *buf, size_t len);
	void (*release)(struct uk_ofile *of);
	unsigned int (*poll)(struct uk_ofile *of);
	long (*ioctl)(struct uk_ofile *of, unsigned long req,
		      unsigned long arg);
	long (*fcntl)(struct uk_ofile *of, int cmd, unsigned long arg);
	const struct uk_sock_ops *sock;
};

struct uk_file {
	const struct uk_file_ops *ops;
	struct uk_pollq pq;
};

static inline void uk_file_init(struct uk_file *f,
				const struct uk_file_ops *ops)
{
	f->ops = ops;
	f->pq = (struct uk_pollq){ 0, NULL, NULL };
}

struct uk_vnode;

struct uk_ofile {
	const struct uk_node *node;
	/* the VFS's vnode for files, directories and device nodes that
	 * came from a name (uk/vfs.h); NULL for the console's first
	 * descriptors and for nodes without a name (sockets) */
	struct uk_vnode *vn;
	int flags;			/* access mode and status flags */
	unsigned int refs;		/* descriptors sharing it; 0: free */
	long pos;			/* directories: the next entry's index */
	struct uk_file *file;		/* NULL: the node's read/write */
	struct uk_ofile *all_next;	/* fd.c's list of open files */
};

static inline bool uk_node_is_dir(const struct uk_node *n)
{
	return (n->mode & L_S_IFMT) == L_S_IFDIR;
}

/* The open file behind @fd, or NULL if @fd is not open. */
struct uk_ofile *uk_posix_fd_get(int fd);

/* Opens @node with open() @flags at the lowest free descriptor; returns
 * it, or -EMFILE / -ENFILE / -ENOMEM. */
long uk_posix_fd_open(const struct uk_node *node, int flags);

/* The same with the vnode @vn it came from (a reference is taken and
 * dropped at the last close). */
long uk_posix_fd_open_vnode(struct uk_vnode *vn, const struct uk_node *node,
			    int flags);

/*
 * References to an open file that are not descriptors (a descriptor in
 * flight in an AF_UNIX message): get takes one, put drops it (the last
 * reference of all releases the file, as the last close does), and
 * install makes a new descriptor of @of at the lowest free number with
 * open() @flags' O_CLOEXEC, its own reference: the descriptor, or
 * -EMFILE / -ENOMEM.
 */
void uk_posix_ofile_get(struct uk_ofile *of);
void uk_posix_ofile_put(struct uk_ofile *of);
long uk_posix_fd_install(struct uk_ofile *of, int flags);
/* The nodes of open regular files (and symlinks under O_PATH) and of
 * directories: their data goes through the vnode (vfs.c). */
extern const struct uk_node uk_posix_file_node;
extern const struct uk_node uk_posix_dir_node;

/*
 * Opens the stateful file @f (under @node, for fstat) with open()
 * @flags at the lowest free descriptor; returns it, or a negative errno
 * (then @f is not released: the caller frees it).
 */
long uk_posix_fd_open_file(const struct uk_node *node, struct uk_file *f,
			   int flags);

/*
 * Readiness of any open file (poll.c): the L_POLL* events ready now
 * (regular files and directories: always readable and writable), and
 * the queue notified when they change (NULL: they never change).
 */
unsigned int uk_posix_poll(struct uk_ofile *of);
struct uk_pollq *uk_posix_pollq(struct uk_ofile *of);

/*
 * Waiting for any file at all (poll, select, epoll): read the count
 * with uk_posix_poll_any_seq() before looking at the files, then wait
 * with uk_posix_poll_any_wait() (returns as uk_pollq_wait). A file
 * whose readiness cannot be notified (the console without its
 * interrupt) calls uk_posix_poll_slice_request() from its poll; a
 * caller that saw uk_posix_poll_slices() move while it looked waits
 * with @slice: a few ms at most, then it looks again.
 */
uint64_t uk_posix_poll_any_seq(void);
int uk_posix_poll_any_wait(uint64_t seq, uint64_t deadline, bool slice);
void uk_posix_poll_slice_request(void);
unsigned int uk_posix_poll_slices(void);

/* @of's last descriptor is going: epoll forgets it (epoll.c). */
void uk_posix_epoll_forget(struct uk_ofile *of);

/* Raises SIGPIPE in the calling thread, as a write to a broken pipe
 * does (signal.c's tgkill). */
void uk_posix_sigpipe(void);

/* uk_vfs_lookup() of @path from the directory at @dirfd (or the working
 * directory: L_AT_FDCWD) (vfs.c). */
struct uk_vfs_nd;
long uk_posix_lookup_at(int dirfd, const char *path, int flags,
			struct uk_vfs_nd *nd);

/* Fills @st for @vn (vfs.c). */
void uk_posix_vnode_stat(const struct uk_vnode *vn, struct l_stat *st);

/* The console (fd.c), named /dev/ttyS0 by vfs.c. */
extern const struct uk_node uk_posix_console;

/* Fills @st for @node, a node without a vnode (fd.c). */
void uk_posix_node_stat(const struct uk_node *node, struct l_stat *st);

/* The vnode /dev/ttyS0 when it names the console, else NULL (vfs.c). */
struct uk_vnode *uk_posix_console_vnode(void);

/* Locks (lock.c): fcntl's lock commands on @of; what a close of a
 * descriptor of @of drops (@last: its last descriptor). */
#define L_F_GETLK	5
#define L_F_SETLK	6
#define L_F_SETLKW	7
#define L_F_OFD_GETLK	36
#define L_F_OFD_SETLK	37
#define L_F_OFD_SETLKW	38
long uk_posix_lock_fcntl(struct uk_ofile *of, int cmd, unsigned long arg);
void uk_posix_lock_close(struct uk_ofile *of, bool last);

/* Random bytes as getrandom() gives them (system.c); returns @len. */
long uk_posix_random(void *buf, size_t len);

#endif /* UK_POSIX_FILE_H */
