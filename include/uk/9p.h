/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9P transports: what carries 9P2000.L messages between the 9pfs client
 * (libuk/9pfs, the VFS file-system type "9p") and a server. A driver
 * (virtio-9p) registers one transport per device, named by its mount
 * tag; `mount -t 9p TAG` (vfs.mount=9p:TAG:/path) finds it by that tag.
 *
 * One request at a time: the client serialises its calls (every system
 * call runs with preemption off), so a transport carries at most one
 * request and MUST have returned its buffers when request() returns.
 */
#ifndef UK_9P_H
#define UK_9P_H

#include <uk/essentials.h>

/* One piece of a message: the request's pieces are sent one after the
 * other as one message; the reply fills the reply pieces in order. */
struct uk_9p_iov {
	void *base;
	uint32_t len;
};

struct uk_9p_trans {
	const char *tag;	/* the mount tag, NUL-terminated */
	/* Largest message the transport carries (0: no limit of its own). */
	uint32_t max_msize;
	/*
	 * Sends the request made of @out[0..nout) (nout <= 2) and waits for
	 * the reply, written into @in[0..nin) (nin <= 2); *@got is the
	 * number of bytes the server wrote. Returns 0, or -EIO when the
	 * transport failed (the server did not answer in time, the device
	 * is broken): the transport is then dead and every later request
	 * fails. Nothing here checks the reply: the client does.
	 */
	int (*request)(struct uk_9p_trans *t, const struct uk_9p_iov *out,
		       unsigned int nout, const struct uk_9p_iov *in,
		       unsigned int nin, uint32_t *got);
	void *priv;
	struct uk_9p_trans *next;	/* the registry's */
};

/* Adds @t to the registry; -EEXIST when its tag is taken already. */
int uk_9p_trans_register(struct uk_9p_trans *t);

/* The transport with mount tag @tag, or NULL. */
struct uk_9p_trans *uk_9p_trans_find(const char *tag);

#endif /* UK_9P_H */
