/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device's side of a split virtqueue (virtio 1.2, 2.7), for the tests
 * that drive virtio code through a fake transport (virtio core,
 * virtio-blk, virtio-net). Test-only, header-only: each test image
 * includes it once.
 *
 * A fake transport's queue_enable() hands the ring's addresses to
 * fake_ring_enable(); the test's "device" then takes chains with
 * fake_ring_pop() and returns them with fake_ring_push(). Nothing here
 * checks what the driver wrote: the tests do.
 */
#ifndef FAKE_VIRTIO_H
#define FAKE_VIRTIO_H

#include <uk/virtio.h>

/* A descriptor as the device reads it. */
struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* One queue as the device sees it, after the driver enabled it. */
struct fake_ring {
	uint16_t size;
	struct desc *desc;
	uint16_t *avail;		/* flags, idx, ring[size], used_event */
	uint16_t *used;			/* flags, idx, then elements */
	uint16_t last_avail;		/* next available entry to take */
};

/* The ring the driver placed at @desc, @avail, @used, @size entries. */
static inline void fake_ring_enable(struct fake_ring *r, uint16_t size,
				    uint64_t desc, uint64_t avail,
				    uint64_t used)
{
	r->size = size;
	r->desc = (struct desc *)(uintptr_t)desc;
	r->avail = (uint16_t *)(uintptr_t)avail;
	r->used = (uint16_t *)(uintptr_t)used;
	r->last_avail = 0;
}

/* The device takes the next available chain: 0 and its head, or -1. */
static inline int fake_ring_pop(struct fake_ring *r, uint16_t *head)
{
	uint16_t idx = __atomic_load_n(&r->avail[1], __ATOMIC_ACQUIRE);

	if (idx == r->last_avail)
		return -1;
	*head = r->avail[2 + (r->last_avail++ & (r->size - 1))];
	return 0;
}

/*
 * The device returns a chain: used element (@id, @len), then the used
 * index moved by @advance (1 for a well-behaved device).
 */
static inline void fake_ring_push_n(struct fake_ring *r, uint32_t id,
				    uint32_t len, uint16_t advance)
{
	uint16_t idx = r->used[1];
	uint32_t *e = (uint32_t *)(r->used + 2) + 2 * (idx & (r->size - 1));

	e[0] = id;
	e[1] = len;
	__atomic_store_n(&r->used[1], (uint16_t)(idx + advance),
			 __ATOMIC_RELEASE);
}

static inline void fake_ring_push(struct fake_ring *r, uint32_t id,
				  uint32_t len)
{
	fake_ring_push_n(r, id, len, 1);
}

#endif /* FAKE_VIRTIO_H */
