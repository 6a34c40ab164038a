/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: split virtqueues as the virtio core drives them
 * (plat/drivers/virtio/virtq.c, virtio.c) against a device the input
 * plays. The first bytes choose the queue's size and features (indirect
 * descriptors, event index); then each byte is an operation: the driver
 * adds a chain, kicks, takes a used buffer, toggles interrupts, detaches;
 * the device writes a used entry and index of its choice (anything: an
 * id out of range, a length too long, an index far ahead), or behaves
 * and returns the next available chain after walking its descriptors.
 * Checked besides the sanitizers: a buffer taken back was in flight and
 * is taken once, its length fits its writable buffers, descriptors the
 * driver publishes form chains of the buffers it was given, and once
 * the core declared the device broken every call says -EIO.
 */
#include <virtio/transport.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include "shim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
struct used_elem { uint32_t id, len; };

static struct {
	uint16_t max, size;
	struct desc *desc;
	uint16_t *avail;		/* flags, idx, ring[size], used_event */
	volatile uint16_t *used;	/* flags, idx, then the elements */
	uint16_t dev_avail;		/* next available entry the device reads */
	uint16_t dev_used;		/* next used index the device writes */
} q;

#define NCOOKIES	512
static struct {
	bool inflight;
	uint32_t wlen;
	uint8_t nbufs, nout;
	struct uk_virtq_buf bufs[UK_VIRTQ_CHAIN_MAX];
} ck[NCOOKIES];
static uint8_t bufmem[64 * 1024];
static uint16_t head_ck[0x8000];	/* the cookie of a head, as added */

static uint16_t t_queue_max(struct uk_virtio_dev *vdev, uint16_t index)
{
	return index ? 0 : q.max;
}

static int t_queue_enable(struct uk_virtio_dev *vdev, uint16_t index,
			  uint16_t size, uint64_t desc, uint64_t avail,
			  uint64_t used, bool has_cb)
{
	q.size = size;
	q.desc = (struct desc *)(uintptr_t)desc;
	q.avail = (uint16_t *)(uintptr_t)avail;
	q.used = (volatile uint16_t *)(uintptr_t)used;
	return 0;
}

static void t_queue_notify(struct uk_virtio_dev *vdev, uint16_t index)
{
}

static void t_status_set(struct uk_virtio_dev *vdev, uint8_t status)
{
}

static uint8_t t_status_get(struct uk_virtio_dev *vdev)
{
	return 0;
}

static const struct virtio_transport_ops ops = {
	.status_get = t_status_get,
	.status_set = t_status_set,
	.queue_max = t_queue_max,
	.queue_enable = t_queue_enable,
	.queue_notify = t_queue_notify,
};

static struct used_elem *used_ring(void)
{
	return (struct used_elem *)(uintptr_t)(q.used + 2);
}

/* The chain at descriptor @head as a device reads it: must be cookie @c's */
static void walk(uint16_t head, unsigned int c)
{
	const struct desc *d = q.desc;
	unsigned int n = 0, i = head, limit = q.size;
	struct desc cur;

	if (head >= q.size)
		shim_fail("available head %u >= size %u\n", head, q.size);
	if (d[head].flags & 4) {	/* indirect: a table of len bytes */
		if (d[head].len % sizeof(struct desc) || !d[head].len)
			shim_fail("indirect table of %u bytes\n", d[head].len);
		d = (const struct desc *)(uintptr_t)d[head].addr;
		limit = d == NULL ? 0 : q.desc[head].len / sizeof(struct desc);
		i = 0;
	}
	for (;;) {
		if (n >= ck[c].nbufs || i >= limit)
			shim_fail("chain %u longer than its %u buffers\n", c,
				  ck[c].nbufs);
		cur = d[i];
		if (cur.addr != (uintptr_t)ck[c].bufs[n].addr ||
		    cur.len != ck[c].bufs[n].len ||
		    !!(cur.flags & 2) != (n >= ck[c].nout))
			shim_fail("descriptor %u (%u) of chain %u is not its buffer: 0x%lx+%u flags %x, not %p+%u\n",
				  n, i, c, (unsigned long)cur.addr, cur.len,
				  cur.flags, ck[c].bufs[n].addr,
				  ck[c].bufs[n].len);
		n++;
		if (!(cur.flags & 1))
			break;
		i = cur.next;
	}
	if (n != ck[c].nbufs)
		shim_fail("chain %u: %u descriptors for %u buffers\n", c, n,
			  ck[c].nbufs);
}

/* The input, read a byte at a time (zeros after its end). */
static const uint8_t *p, *end;

static uint8_t BYTE(void)
{
	return p < end ? *p++ : 0;
}

static uint16_t U16(void)
{
	uint16_t lo = BYTE();

	return lo | BYTE() << 8;
}

static uint32_t U32(void)
{
	uint32_t lo = U16();

	return lo | (uint32_t)U16() << 16;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uk_virtio_dev vdev = { .ops = &ops, .name = "fuzz" };
	struct uk_virtqueue *vq;
	unsigned int next_ck = 0;
	/* the device wrote an entry of its own, or the driver took chains
	 * back (as at a reset): what is available no longer says what is
	 * in flight */
	bool lied = false;

	p = data;
	end = data + size;
	shim_alloc(16 * UK_MiB);
	shim_alloc_reset();
	/* the compiler's: uk_memset is instrumented, and slow on 270 KiB */
	__builtin_memset(&q, 0, sizeof(q));
	__builtin_memset(ck, 0, sizeof(ck));
	/* sizes above 1024 work alike, only slower to set up */
	q.max = U16() % 1025;
	vdev.fixed_queue_size = BYTE() & 1;
	vdev.features = (uint64_t)(BYTE() & 3) << UK_VIRTIO_F_INDIRECT_DESC;
	if (uk_virtio_vq_setup(&vdev, 0, U16(), NULL, NULL, &vq) < 0)
		return 0;
	if (!UK_IS_POW2(q.size) || q.size > q.max)
		shim_fail("queue size %u (max %u)\n", q.size, q.max);
	while (p < end) {
		uint8_t op = BYTE();
		unsigned int c, nout, nin;
		void *cookie;
		uint32_t len;
		int r;

		switch (op % 8) {
		case 0:	/* the driver adds a chain */
			if (next_ck == NCOOKIES)
				break;
			c = next_ck;
			nout = BYTE() % 4;
			nin = BYTE() % (UK_VIRTQ_CHAIN_MAX + 2);
			if (nout + nin > UK_VIRTQ_CHAIN_MAX)
				nin = UK_VIRTQ_CHAIN_MAX - nout;
			ck[c].nout = nout;
			ck[c].nbufs = nout + nin;
			ck[c].wlen = 0;
			for (unsigned int k = 0; k < nout + nin; k++) {
				uint16_t off = U16() % sizeof(bufmem);

				ck[c].bufs[k].addr = bufmem + off;
				ck[c].bufs[k].len = 1 + BYTE() % (sizeof(bufmem) - off);
				if (k >= nout)
					ck[c].wlen += ck[c].bufs[k].len;
			}
			r = uk_virtq_add(vq, ck[c].bufs, nout, nin, &ck[c]);
			if (r == 0) {
				ck[c].inflight = true;
				head_ck[q.avail[2 + (uint16_t)(q.avail[1] - 1) %
						q.size]] = c;
				next_ck++;
			} else if (vdev.broken && nout + nin && r != -UK_EIO) {
				shim_fail("add on a broken device: %d\n", r);
			}
			break;
		case 1:
			uk_virtq_kick(vq);
			break;
		case 2:	/* the driver takes a used buffer */
			r = uk_virtq_get(vq, &cookie, &len);
			if (vdev.broken && r != -UK_EIO)
				shim_fail("get on a broken device: %d\n", r);
			if (r)
				break;
			c = ((uint8_t *)cookie - (uint8_t *)ck) / sizeof(ck[0]);
			if ((uint8_t *)cookie < (uint8_t *)ck || c >= next_ck ||
			    (void *)&ck[c] != cookie || !ck[c].inflight)
				shim_fail("cookie %p was not in flight\n", cookie);
			if (len > ck[c].wlen)
				shim_fail("used length %u > %u writable\n", len,
					  ck[c].wlen);
			ck[c].inflight = false;
			break;
		case 3:
			if (BYTE() & 1)
				uk_virtq_intr_enable(vq);
			else
				uk_virtq_intr_disable(vq);
			break;
		case 4:	/* the device writes any used entry and index */
			lied = true;
			c = U16() % q.size;
			len = U32();
			used_ring()[c] = (struct used_elem){ len, U32() };
			q.used[1] = U16();
			break;
		case 5:	/* the device returns the next chain, as it should */
			if (q.dev_avail == q.avail[1] || vdev.broken)
				break;
			nin = q.avail[2 + q.dev_avail++ % q.size];
			c = head_ck[nin % 0x8000];
			/* after a lie, chains may have been taken back early */
			if (!lied)
				walk(nin, c);
			len = U32();
			used_ring()[q.dev_used % q.size] = (struct used_elem){
				nin, ck[c].wlen ? len % (ck[c].wlen + 1) : 0 };
			q.used[1] = ++q.dev_used;
			break;
		case 6:	/* the device writes its flags or avail_event */
			if (BYTE() & 1)
				q.used[0] = U16();
			else
				*(uint16_t *)(uintptr_t)&used_ring()[q.size] = U16();
			break;
		case 7:
			lied = true;
			cookie = uk_virtq_detach_unused(vq);
			if (cookie)
				((__typeof__(&ck[0]))cookie)->inflight = false;
			break;
		}
	}
	return 0;
}
