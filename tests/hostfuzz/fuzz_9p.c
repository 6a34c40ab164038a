/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the 9P2000.L client's reply parser
 * (libuk/9pfs/client.c) against a server that answers with the input.
 *
 * The input is a list of steps. The harness connects (Tversion), then
 * each step is an operation byte (which call, then its arguments from
 * the input) and every request the call sends is answered by the next
 * reply of the input:
 *
 *   flags[1] len[2] bytes[len]
 *
 * flags: 1 puts the request's tag into the reply, 2 the reply's length
 * into its size field, 4 the request's type + 1 into its type (so that
 * the fuzzer reaches the fields past the header), 8 reports a received
 * length of got[4] (read next) instead of the bytes written, 16 fails
 * the transport (-EIO). An input that ends makes the transport fail.
 *
 * Checked beyond the sanitizers (every kernel block is a host malloc,
 * shim_alloc_host(): ASan sees each block's bounds, LeakSanitizer a
 * buffer not freed): a request's size field is the bytes sent and at
 * most the msize agreed; each call returns 0, a count no larger than
 * asked or a negative errno in -4095..-1; a readdir name lies inside
 * the reply's bytes; a readlink target fits the buffer, NUL-terminated,
 * and is no longer than the reply.
 */
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/string.h>
#include "../../libuk/9pfs/p9.h"
#include <uk/print.h>
#include "shim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern void *malloc(size_t size);
extern void free(void *p);

#define F_TAG	1
#define F_SIZE	2
#define F_TYPE	4
#define F_GOT	8
#define F_DEAD	16

static const uint8_t *in_p;
static size_t in_n;
static struct p9 client;
static uint8_t reply[65536 + 8];
static uint32_t rep_bytes;	/* of the last reply, into its first piece */
static volatile uint8_t sink;	/* bytes read only for ASan to check */

static void skip(size_t n)
{
	n = UK_MIN(n, in_n);
	in_p += n;
	in_n -= n;
}

/* A little-endian number of @n <= 8 bytes of the input (0 past it). */
static uint64_t take(size_t n)
{
	uint64_t v = 0;

	uk_memcpy(&v, in_p, UK_MIN(n, in_n));
	skip(n);
	return v;
}

/* A block of its own of @n bytes (ASan sees its end), filled with 'x'. */
static char *block(size_t n)
{
	char *b = malloc(n ? n : 1);

	if (!b)
		shim_fail("9p: no host memory\n");
	uk_memset(b, 'x', n);
	return b;
}

/* @n bytes of the input (fewer at its end) in a block of their own */
static char *take_bytes(size_t n)
{
	char *b = block(n);

	uk_memcpy(b, in_p, UK_MIN(n, in_n));
	skip(n);
	return b;
}

static uint32_t iov_total(const struct uk_9p_iov *v, unsigned int n)
{
	uint32_t t = 0;

	for (unsigned int i = 0; i < n; i++)
		t += v[i].len;
	return t;
}

static int request(struct uk_9p_trans *t, const struct uk_9p_iov *out,
		   unsigned int nout, const struct uk_9p_iov *in,
		   unsigned int nin, uint32_t *got)
{
	uint32_t size, sent = iov_total(out, nout), cap, len, at = 0;
	uint32_t limit = client.msize ? client.msize : P9_MSIZE;
	uint8_t flags;

	if (nout < 1 || nout > 2 || nin < 1 || nin > 2 || out[0].len < 7)
		shim_fail("9p: request of %u+%u pieces, header %u\n", nout,
			  nin, out[0].len);
	uk_memcpy(&size, out[0].base, 4);
	if (size != sent || size > limit)
		shim_fail("9p: size field %u, %u bytes sent, msize %u\n",
			  size, sent, limit);
	for (unsigned int i = 0; i < nout; i++)	/* every byte readable */
		for (uint32_t j = 0; j < out[i].len; j++)
			sink += ((const uint8_t *)out[i].base)[j];
	if (!in_n)
		return -UK_EIO;
	flags = take(1);
	len = take(2);
	if (flags & F_DEAD)
		return -UK_EIO;
	uk_memcpy(reply, in_p, UK_MIN(len, in_n));
	skip(len);
	if (len >= 7) {
		if (flags & F_SIZE)
			uk_memcpy(reply, &len, 4);
		if (flags & F_TYPE)
			reply[4] = ((const uint8_t *)out[0].base)[4] + 1;
		if (flags & F_TAG)
			uk_memcpy(reply + 5, (const uint8_t *)out[0].base + 5,
				  2);
	}
	cap = iov_total(in, nin);
	len = UK_MIN(len, cap);
	rep_bytes = UK_MIN(len, in[0].len);
	for (unsigned int i = 0; i < nin && at < len; i++) {
		uint32_t n = UK_MIN(in[i].len, len - at);

		uk_memcpy(in[i].base, reply + at, n);
		at += n;
	}
	*got = flags & F_GOT ? (uint32_t)take(4) : len;
	return 0;
}

static struct uk_9p_trans trans = { .tag = "fuzz", .request = request };

static void check_err(long r, const char *call)
{
	if (r > 0 || r < -4095)
		shim_fail("9p: %s returned %ld\n", call, r);
}

static unsigned int entries;

static void on_entry(void *arg, const char *name, size_t len,
		     const struct p9_qid *qid)
{
	if (name < client.rep + 7 || len > rep_bytes ||
	    name + len > client.rep + rep_bytes)
		shim_fail("9p: readdir name outside the reply\n");
	for (size_t i = 0; i < len; i++)
		sink += (uint8_t)name[i];
	entries++;
}

/* One call, chosen and fed by the input. */
static void step(void)
{
	uint8_t op = take(1);
	uint32_t fid = take(1), fid2 = take(1), len;
	struct p9_qid qid;
	struct p9_attr attr;
	struct p9_statfs st;
	uint64_t off = 0;
	char *name, *name2, *buf;
	size_t nlen = take(1), nlen2 = 0;
	long r = 0;

	if (nlen == 255)	/* now and then, longer than 9P takes */
		nlen = 0x10000;
	name = take_bytes(nlen);
	if (shim_console_on)	/* HOSTFUZZ_VERBOSE: which calls */
		uk_pr_info("9p harness: op %u\n", op % 19);
	switch (op % 19) {
	case 0:
		r = p9_attach(&client, fid, &qid);
		break;
	case 1:
		r = p9_walk(&client, fid, fid2, name, nlen, &qid);
		break;
	case 2:
		r = p9_getattr(&client, fid, &attr);
		break;
	case 3:
		uk_memset(&attr, 0, sizeof(attr));
		r = p9_setattr(&client, fid, take(4), &attr);
		break;
	case 4:
		r = p9_lopen(&client, fid, take(4));
		break;
	case 5:
		r = p9_lcreate(&client, fid, name, nlen, take(4), take(4),
			       &qid);
		break;
	case 6:
	case 7:
		len = take(3) % (P9_MSIZE + 4096);	/* chunk() cuts it */
		buf = op % 19 == 6 ? block(len) : take_bytes(len);
		r = op % 19 == 6 ? p9_read(&client, fid, take(8), buf, len) :
		    p9_write(&client, fid, take(8), buf, len);
		check_err(r < 0 ? r : 0, "read/write");
		if (r > (long)len)
			shim_fail("9p: %ld bytes moved of %u\n", r, len);
		free(buf);
		r = 0;
		break;
	case 8:
		entries = 0;
		r = p9_readdir(&client, fid, &off, on_entry, NULL);
		if (r >= 0 && (unsigned long)r != entries)
			shim_fail("9p: readdir says %ld entries, gave %u\n",
				  r, entries);
		r = r > 0 ? 0 : r;
		break;
	case 9:
		r = p9_mkdir(&client, fid, name, nlen, take(4), &qid);
		break;
	case 10:
		nlen2 = take(1);
		name2 = block(nlen2 + 1);
		uk_memcpy(name2, in_p, UK_MIN(nlen2, in_n));
		skip(nlen2);
		name2[nlen2] = 0;
		r = p9_symlink(&client, fid, name, nlen, name2, &qid);
		free(name2);
		break;
	case 11:
		len = take(2) % 4097;
		buf = block(len);
		r = p9_readlink(&client, fid, buf, len);
		if (r == 0 && (!len || uk_strnlen(buf, len) >= len ||
			       uk_strlen(buf) + 9 > rep_bytes))
			shim_fail("9p: readlink target not terminated or longer than the reply\n");
		free(buf);
		break;
	case 12:
		r = p9_link(&client, fid, fid2, name, nlen);
		break;
	case 13:
		r = p9_unlinkat(&client, fid, name, nlen, take(4));
		break;
	case 14:
		nlen2 = take(1);
		name2 = take_bytes(nlen2);
		r = p9_renameat(&client, fid, name, nlen, fid2, name2,
				nlen2);
		free(name2);
		break;
	case 15:
		r = p9_fsync(&client, fid);
		break;
	case 16:
		r = p9_clunk(&client, fid);
		break;
	case 17:
		r = p9_statfs(&client, fid, &st);
		break;
	default:
		if (p9_fid_new(&client) == P9_NOFID)
			shim_fail("9p: p9_fid_new gave NOFID\n");
		break;
	}
	check_err(r, "a call");
	free(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int r;

	shim_alloc_host();
	in_p = data;
	in_n = size;
	trans.max_msize = take(1) & 1 ? 8192 : 0;
	r = p9_connect(&client, &trans);
	check_err(r, "p9_connect");
	if (r < 0) {
		if (client.req || client.rep)
			shim_fail("9p: a failed connect kept its buffers\n");
		return 0;
	}
	if (client.msize < 4096 || client.msize > P9_MSIZE)
		shim_fail("9p: msize %u agreed\n", client.msize);
	for (int i = 0; i < 64 && in_n; i++)
		step();
	p9_disconnect(&client);
	return 0;
}
