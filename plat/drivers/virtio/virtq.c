/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueues (virtio 1.2, 2.7): the queue side of uk/virtio.h.
 *
 * The ring memory is one block laid out as the legacy interface wants it
 * (descriptors, available ring, padding to 4 KiB, used ring), which a
 * modern transport accepts too. Everything the device writes (the used
 * ring) is checked before use; what the driver needs to take a chain
 * back (its cookie, its length, its descriptors) is kept in memory the
 * device never sees.
 */
#include <virtio/transport.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/print.h>

#define VRING_DESC_F_NEXT	1
#define VRING_DESC_F_WRITE	2
#define VRING_DESC_F_INDIRECT	4
#define VRING_AVAIL_F_NO_INTERRUPT	1
#define VRING_USED_F_NO_NOTIFY		1

#define VQ_SIZE_DEFAULT_MAX	256

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];	/* then used_event */
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];	/* then avail_event */
};

/* What the driver knows of a chain, by its head descriptor. */
struct chain {
	void *cookie;		/* NULL: not in flight */
	uint32_t wlen;		/* bytes the device may write */
	uint16_t ndesc;		/* descriptors of the ring it holds */
};

struct uk_virtqueue {
	struct uk_virtio_dev *vdev;
	uint16_t index;
	uint16_t size;
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	void *mem;
	unsigned long mem_pages;
	struct vring_desc *indirect;	/* size * UK_VIRTQ_CHAIN_MAX, or NULL */
	struct chain *chains;		/* by head */
	uint16_t *next;			/* free list and chain links */
	uint16_t free_head;
	uint16_t num_free;
	uint16_t avail_idx;		/* next avail->idx */
	uint16_t kicked_idx;		/* avail->idx at the last kick */
	uint16_t last_used;		/* next used entry to read */
	uint16_t inflight;		/* chains made available, not taken */
	bool event_idx;
	bool intr;			/* interrupts wanted */
	uk_virtq_callback_t cb;
	void *cb_arg;
};

static inline uint16_t read16(const volatile uint16_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static inline void write16(volatile uint16_t *p, uint16_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

static uint16_t *used_event(struct uk_virtqueue *vq)
{
	return &vq->avail->ring[vq->size];
}

static uint16_t *avail_event(struct uk_virtqueue *vq)
{
	return (uint16_t *)&vq->used->ring[vq->size];
}

static size_t ring_bytes(uint16_t size, size_t *used_off)
{
	size_t avail_end = 16UL * size + 6 + 2UL * size;

	*used_off = UK_ALIGN_UP(avail_end, VIRTIO_LEGACY_ALIGN);
	return *used_off + 6 + 8UL * size;
}

void virtio_vq_free(struct uk_virtqueue *vq)
{
	struct uk_alloc *a = uk_alloc_get_default();

	uk_pfree(a, vq->mem, vq->mem_pages);
	uk_free(a, vq->indirect);
	uk_free(a, vq->chains);
	uk_free(a, vq->next);
	uk_free(a, vq);
}

static void vq_init_state(struct uk_virtqueue *vq)
{
	for (uint16_t i = 0; i < vq->size; i++)
		vq->next[i] = i + 1;
	vq->free_head = 0;
	vq->num_free = vq->size;
	vq->avail_idx = vq->kicked_idx = vq->last_used = vq->inflight = 0;
}

static uint16_t pick_size(struct uk_virtio_dev *vdev, uint16_t max,
			  uint16_t wanted)
{
	uint16_t size;

	if (vdev->fixed_queue_size)
		return max;
	if (!wanted)
		wanted = VQ_SIZE_DEFAULT_MAX;
	size = 1;
	while (size * 2 <= UK_MIN(max, wanted) && size < 0x8000)
		size *= 2;
	return size;
}

static struct uk_virtqueue *vq_alloc(struct uk_virtio_dev *vdev,
				     uint16_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_virtqueue *vq;
	size_t used_off, bytes = ring_bytes(size, &used_off);

	vq = uk_calloc(a, 1, sizeof(*vq));
	if (!vq)
		return NULL;
	vq->size = size;
	vq->mem_pages = UK_ALIGN_UP(bytes, UK_PAGE_SIZE) / UK_PAGE_SIZE;
	vq->mem = uk_palloc(a, vq->mem_pages);
	vq->chains = uk_calloc(a, size, sizeof(*vq->chains));
	vq->next = uk_calloc(a, size, sizeof(*vq->next));
	if (uk_virtio_has_feature(vdev, UK_VIRTIO_F_INDIRECT_DESC))
		vq->indirect = uk_memalign(a, 16, (size_t)size *
					   UK_VIRTQ_CHAIN_MAX *
					   sizeof(struct vring_desc));
	if (!vq->mem || !vq->chains || !vq->next ||
	    (uk_virtio_has_feature(vdev, UK_VIRTIO_F_INDIRECT_DESC) &&
	     !vq->indirect)) {
		virtio_vq_free(vq);
		return NULL;
	}
	uk_memset(vq->mem, 0, vq->mem_pages * UK_PAGE_SIZE);
	vq->desc = vq->mem;
	vq->avail = (struct vring_avail *)((char *)vq->mem + 16UL * size);
	vq->used = (struct vring_used *)((char *)vq->mem + used_off);
	return vq;
}

int uk_virtio_vq_setup(struct uk_virtio_dev *vdev, uint16_t index,
		       uint16_t max_size, uk_virtq_callback_t cb, void *arg,
		       struct uk_virtqueue **out)
{
	struct uk_virtqueue *vq;
	uint16_t max;
	int rc;

	if (!out)
		return -UK_EINVAL;
	if (vdev->broken)
		return -UK_EIO;
	if (index >= VIRTIO_QUEUES_MAX)
		return -UK_ENOENT;
	max = vdev->ops->queue_max(vdev, index);
	if (!max)
		return -UK_ENOENT;
	if (vdev->fixed_queue_size && !UK_IS_POW2(max)) {
		virtio_dev_fail(vdev, "queue size not a power of two");
		return -UK_EIO;
	}
	vq = vq_alloc(vdev, pick_size(vdev, max, max_size));
	if (!vq)
		return -UK_ENOMEM;
	vq->vdev = vdev;
	vq->index = index;
	vq->event_idx = uk_virtio_has_feature(vdev, UK_VIRTIO_F_EVENT_IDX);
	vq->cb = cb;
	vq->cb_arg = arg;
	vq->intr = cb != NULL;
	vq_init_state(vq);
	if (!cb)
		uk_virtq_intr_disable(vq);
	rc = vdev->ops->queue_enable(vdev, index, vq->size,
				     virtio_phys(vq->desc),
				     virtio_phys(vq->avail),
				     virtio_phys(vq->used), cb != NULL);
	if (rc) {
		virtio_vq_free(vq);
		return rc;
	}
	if (vdev->vqs[index])
		virtio_vq_free(vdev->vqs[index]);
	vdev->vqs[index] = vq;
	*out = vq;
	return 0;
}

uint16_t uk_virtq_size(const struct uk_virtqueue *vq)
{
	return vq->size;
}

struct uk_virtio_dev *uk_virtq_dev(const struct uk_virtqueue *vq)
{
	return vq->vdev;
}

uint16_t virtio_vq_index(const struct uk_virtqueue *vq)
{
	return vq->index;
}

uint16_t uk_virtq_space(const struct uk_virtqueue *vq)
{
	return vq->num_free;
}

static void desc_fill(struct vring_desc *d, const struct uk_virtq_buf *b,
		      bool write)
{
	d->addr = virtio_phys(b->addr);
	d->len = b->len;
	d->flags = write ? VRING_DESC_F_WRITE : 0;
}

/* Takes @n descriptors from the free list, linked; returns the head. */
static uint16_t take_desc(struct uk_virtqueue *vq, unsigned int n,
			  const struct uk_virtq_buf *bufs, unsigned int nout)
{
	uint16_t head = vq->free_head, i = head;

	for (unsigned int k = 0; k < n; k++) {
		desc_fill(&vq->desc[i], &bufs[k], k >= nout);
		if (k + 1 < n) {
			vq->desc[i].flags |= VRING_DESC_F_NEXT;
			vq->desc[i].next = vq->next[i];
		}
		i = vq->next[i];
	}
	vq->free_head = i;
	vq->num_free -= n;
	return head;
}

/* One ring descriptor pointing at the head's indirect table. */
static uint16_t take_indirect(struct uk_virtqueue *vq, unsigned int n,
			      const struct uk_virtq_buf *bufs,
			      unsigned int nout)
{
	uint16_t head = vq->free_head;
	struct vring_desc *t = &vq->indirect[(size_t)head *
					     UK_VIRTQ_CHAIN_MAX];

	for (unsigned int k = 0; k < n; k++) {
		desc_fill(&t[k], &bufs[k], k >= nout);
		t[k].next = k + 1;
		if (k + 1 < n)
			t[k].flags |= VRING_DESC_F_NEXT;
	}
	vq->desc[head].addr = virtio_phys(t);
	vq->desc[head].len = n * sizeof(*t);
	vq->desc[head].flags = VRING_DESC_F_INDIRECT;
	vq->free_head = vq->next[head];
	vq->num_free--;
	return head;
}

int uk_virtq_add(struct uk_virtqueue *vq, const struct uk_virtq_buf *bufs,
		 unsigned int nout, unsigned int nin, void *cookie)
{
	unsigned int n = nout + nin;
	uint32_t wlen = 0;
	uint16_t head;
	bool indirect;

	if (!bufs || !cookie || n == 0 || n > UK_VIRTQ_CHAIN_MAX)
		return -UK_EINVAL;
	for (unsigned int k = 0; k < n; k++) {
		if (!bufs[k].len)
			return -UK_EINVAL;
		if (k >= nout) {
			if (bufs[k].len > UINT32_MAX - wlen)
				return -UK_EINVAL;
			wlen += bufs[k].len;
		}
	}
	if (vq->vdev->broken)
		return -UK_EIO;
	indirect = vq->indirect && n > 1;
	if (vq->num_free < (indirect ? 1 : n))
		return -UK_ENOSPC;
	head = indirect ? take_indirect(vq, n, bufs, nout)
			: take_desc(vq, n, bufs, nout);
	vq->chains[head] = (struct chain){ cookie, wlen, indirect ? 1 : n };
	vq->avail->ring[vq->avail_idx & (vq->size - 1)] = head;
	vq->avail_idx++;
	vq->inflight++;
	virtio_mb();	/* the ring entry before the index */
	write16(&vq->avail->idx, vq->avail_idx);
	return 0;
}

void uk_virtq_kick(struct uk_virtqueue *vq)
{
	uint16_t old = vq->kicked_idx, now = vq->avail_idx;
	bool notify;

	if (old == now || vq->vdev->broken)
		return;
	virtio_mb();	/* the index before reading the device's wishes */
	if (vq->event_idx) {
		uint16_t ev = read16(avail_event(vq));

		notify = (uint16_t)(now - ev - 1) < (uint16_t)(now - old);
	} else {
		notify = !(read16(&vq->used->flags) & VRING_USED_F_NO_NOTIFY);
	}
	vq->kicked_idx = now;
	if (notify)
		vq->vdev->ops->queue_notify(vq->vdev, vq->index);
}

bool uk_virtq_renotify(struct uk_virtqueue *vq)
{
	if (!vq->inflight || vq->vdev->broken)
		return false;
	virtio_mb();	/* the ring before the notification */
	vq->kicked_idx = vq->avail_idx;
	vq->vdev->ops->queue_notify(vq->vdev, vq->index);
	return true;
}

static void chain_free(struct uk_virtqueue *vq, uint16_t head)
{
	uint16_t i = head, n = vq->chains[head].ndesc;

	for (uint16_t k = 1; k < n; k++)
		i = vq->next[i];
	vq->next[i] = vq->free_head;
	vq->free_head = head;
	vq->num_free += n;
	vq->chains[head].cookie = NULL;
	vq->inflight--;
}

/* Checks the next used entry; 0, -EAGAIN, or -EIO (device dropped). */
static int used_check(struct uk_virtqueue *vq, uint16_t *id, uint32_t *len)
{
	struct uk_virtio_dev *vdev = vq->vdev;
	uint16_t used_idx, pending;
	struct vring_used_elem e;

	if (vdev->broken)
		return -UK_EIO;
	used_idx = read16(&vq->used->idx);
	if (used_idx == vq->last_used)
		return -UK_EAGAIN;
	pending = used_idx - vq->last_used;
	if (pending > vq->inflight) {
		uk_pr_err("%s: queue %u: used index %u is %u past the last one read (%u), only %u in flight\n",
			  vdev->name, vq->index, used_idx, pending,
			  vq->last_used, vq->inflight);
		virtio_dev_fail(vdev, "used index beyond what was made available");
		return -UK_EIO;
	}
	virtio_mb();	/* the index before the entry */
	e = vq->used->ring[vq->last_used & (vq->size - 1)];
	if (e.id >= vq->size || !vq->chains[e.id].cookie) {
		uk_pr_err("%s: queue %u: used id %u %s\n", vdev->name,
			  vq->index, e.id,
			  e.id >= vq->size ? "out of range" : "not in flight");
		virtio_dev_fail(vdev, "bad used id");
		return -UK_EIO;
	}
	if (e.len > vq->chains[e.id].wlen) {
		uk_pr_err("%s: queue %u: used length %u larger than the %u writable bytes\n",
			  vdev->name, vq->index, e.len,
			  vq->chains[e.id].wlen);
		virtio_dev_fail(vdev, "used length larger than the buffers");
		return -UK_EIO;
	}
	*id = e.id;
	*len = e.len;
	return 0;
}

int uk_virtq_get(struct uk_virtqueue *vq, void **cookie, uint32_t *len)
{
	uint32_t l;
	uint16_t id;
	int rc;

	if (!cookie)
		return -UK_EINVAL;
	rc = used_check(vq, &id, &l);
	if (rc)
		return rc;
	*cookie = vq->chains[id].cookie;
	if (len)
		*len = l;
	chain_free(vq, id);
	vq->last_used++;
	if (vq->event_idx && vq->intr)
		write16(used_event(vq), vq->last_used);
	return 0;
}

bool uk_virtq_has_used(struct uk_virtqueue *vq)
{
	return vq->vdev->broken ||
	       read16(&vq->used->idx) != vq->last_used;
}

bool uk_virtq_intr_enable(struct uk_virtqueue *vq)
{
	vq->intr = true;
	if (vq->event_idx)
		write16(used_event(vq), vq->last_used);
	else
		write16(&vq->avail->flags, 0);
	virtio_mb();	/* the wish before looking at the index */
	return !uk_virtq_has_used(vq);
}

void uk_virtq_intr_disable(struct uk_virtqueue *vq)
{
	vq->intr = false;
	if (vq->event_idx)	/* as far away as the index goes */
		write16(used_event(vq), vq->last_used + 0x8000);
	else
		write16(&vq->avail->flags, VRING_AVAIL_F_NO_INTERRUPT);
}

void *uk_virtq_detach_unused(struct uk_virtqueue *vq)
{
	for (uint16_t i = 0; i < vq->size; i++) {
		void *cookie = vq->chains[i].cookie;

		if (cookie) {
			chain_free(vq, i);
			return cookie;
		}
	}
	return NULL;
}

void virtio_vq_callback(struct uk_virtqueue *vq)
{
	if (vq->cb && vq->intr && uk_virtq_has_used(vq))
		vq->cb(vq, vq->cb_arg);
}

void virtio_vq_interrupt(struct uk_virtqueue *vq)
{
	vq->vdev->irqs++;
	virtio_vq_callback(vq);
}
