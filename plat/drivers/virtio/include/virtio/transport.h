/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Between the virtio core and a transport (virtio-mmio, virtio-pci, a
 * fake device in a test). Drivers use uk/virtio.h, never this.
 *
 * A transport fills a struct uk_virtio_dev (ops, its own pointer, name,
 * device ID, the size of the configuration space, legacy or modern) and
 * hands it to virtio_dev_add(), which negotiates and probes. It calls
 * virtio_dev_interrupt() from its interrupt handler, or
 * virtio_vq_interrupt() for a queue that has an interrupt of its own
 * (MSI-X).
 */
#ifndef VIRTIO_TRANSPORT_H
#define VIRTIO_TRANSPORT_H

#include <uk/virtio.h>

/* Device status bits (virtio 1.2, 2.1) */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_NEEDS_RESET	64
#define VIRTIO_STATUS_FAILED		128

/* Interrupt status bits (ISR): used buffers, configuration change */
#define VIRTIO_ISR_QUEUE		1
#define VIRTIO_ISR_CONFIG		2

/* Queues per device the core keeps track of. */
#define VIRTIO_QUEUES_MAX		16

/*
 * Legacy ring layout alignment: the used ring starts on this boundary
 * (the PCI legacy interface fixes it; mmio legacy is told it).
 */
#define VIRTIO_LEGACY_ALIGN		4096

struct virtio_transport_ops {
	uint8_t (*status_get)(struct uk_virtio_dev *vdev);
	void (*status_set)(struct uk_virtio_dev *vdev, uint8_t status);
	/* The device's features (legacy: 32 bits) / the driver's choice. */
	uint64_t (*features_get)(struct uk_virtio_dev *vdev);
	void (*features_set)(struct uk_virtio_dev *vdev, uint64_t features);
	/* NULL on legacy transports (no generation counter). */
	uint32_t (*config_generation)(struct uk_virtio_dev *vdev);
	/* Ranges are checked against config_len by the core. */
	void (*config_read)(struct uk_virtio_dev *vdev, unsigned int off,
			    void *buf, unsigned int len);
	void (*config_write)(struct uk_virtio_dev *vdev, unsigned int off,
			     const void *buf, unsigned int len);
	/* The largest size of queue @index; 0 when there is no such queue. */
	uint16_t (*queue_max)(struct uk_virtio_dev *vdev, uint16_t index);
	/*
	 * Gives queue @index to the device: @size entries, rings at the
	 * guest physical addresses @desc, @avail, @used (legacy: laid out
	 * contiguously from @desc with VIRTIO_LEGACY_ALIGN). @has_cb: the
	 * queue has a callback (a transport with MSI-X gives it a vector).
	 * Returns 0 or a negative errno.
	 */
	int (*queue_enable)(struct uk_virtio_dev *vdev, uint16_t index,
			    uint16_t size, uint64_t desc, uint64_t avail,
			    uint64_t used, bool has_cb);
	void (*queue_notify)(struct uk_virtio_dev *vdev, uint16_t index);
};

struct uk_virtqueue;

struct uk_virtio_dev {
	/* filled by the transport */
	const struct virtio_transport_ops *ops;
	void *tdata;			/* the transport's */
	char name[40];
	uint16_t id;
	unsigned int config_len;	/* bytes of device configuration */
	bool legacy;			/* legacy interface: no FEATURES_OK */
	bool fixed_queue_size;		/* PCI legacy: the size is the max */

	/* the core's */
	uint64_t features;		/* negotiated */
	const struct uk_virtio_driver *drv;
	void *priv;
	bool broken;
	bool ready;
	uint64_t irqs;
	struct uk_virtqueue *vqs[VIRTIO_QUEUES_MAX];
	struct uk_virtio_dev *next;
};

/*
 * Registers @vdev (which MUST stay allocated), resets it, and binds it
 * to its driver: negotiation, then probe. Returns 0 when a driver took
 * it, -ENODEV when none is registered for its ID, or the error of the
 * negotiation (-EIO) or of the probe; in every case the device stays in
 * the list uk_virtio_dev_count() counts.
 */
int virtio_dev_add(struct uk_virtio_dev *vdev);

/* Interrupt handler work: @isr is the device's VIRTIO_ISR_* bits. */
void virtio_dev_interrupt(struct uk_virtio_dev *vdev, unsigned int isr);

/* Runs the callback of @vq if it has used buffers (MSI-X vector). */
void virtio_vq_interrupt(struct uk_virtqueue *vq);
/* The same without counting an interrupt (the core's). */
void virtio_vq_callback(struct uk_virtqueue *vq);

/*
 * Marks @vdev broken, prints "@vdev->name: @why: device dropped" once and
 * sets FAILED. Every queue operation then returns -EIO.
 */
void virtio_dev_fail(struct uk_virtio_dev *vdev, const char *why);

/* The queue's index (for transports) */
uint16_t virtio_vq_index(const struct uk_virtqueue *vq);

/* Frees the memory of @vq (after a reset). */
void virtio_vq_free(struct uk_virtqueue *vq);

/* Physical address of kernel memory (identity-mapped today). */
static inline uint64_t virtio_phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* Orders memory accesses the device sees. */
static inline void virtio_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/*
 * Memory-mapped transport registers (virtio-mmio, virtio-pci's modern
 * capabilities): the register at @base + @off, little endian as the CPU.
 * A barrier orders every access against the others and the rings.
 */
static inline uint32_t virtio_rd32(volatile uint8_t *base, unsigned int off)
{
	uint32_t v = *(volatile uint32_t *)(base + off);

	virtio_mb();
	return v;
}

static inline void virtio_wr32(volatile uint8_t *base, unsigned int off,
			       uint32_t v)
{
	virtio_mb();
	*(volatile uint32_t *)(base + off) = v;
}

/* A 64-bit register as two 32-bit halves, low first. */
static inline void virtio_wr64(volatile uint8_t *base, unsigned int off,
			       uint64_t v)
{
	virtio_wr32(base, off, (uint32_t)v);
	virtio_wr32(base, off + 4, (uint32_t)(v >> 32));
}

/*
 * The 64 feature bits through a select register (@sel: 0 low half,
 * 1 high half) and a 32-bit window (@win), as both modern transports
 * lay them out: the device's on read, the driver's on write.
 */
static inline uint64_t virtio_features_read(volatile uint8_t *base,
					    unsigned int sel, unsigned int win)
{
	uint64_t f;

	virtio_wr32(base, sel, 1);
	f = (uint64_t)virtio_rd32(base, win) << 32;
	virtio_wr32(base, sel, 0);
	return f | virtio_rd32(base, win);
}

static inline void virtio_features_write(volatile uint8_t *base,
					 unsigned int sel, unsigned int win,
					 uint64_t f)
{
	virtio_wr32(base, sel, 1);
	virtio_wr32(base, win, (uint32_t)(f >> 32));
	virtio_wr32(base, sel, 0);
	virtio_wr32(base, win, (uint32_t)f);
}

/*
 * @len bytes of a memory-mapped device configuration space at @cfg, in
 * byte accesses (valid for any field under QEMU), then / after a barrier.
 */
static inline void virtio_config_copy_in(void *buf, volatile uint8_t *cfg,
					 unsigned int len)
{
	uint8_t *b = buf;

	for (unsigned int i = 0; i < len; i++)
		b[i] = cfg[i];
	virtio_mb();
}

static inline void virtio_config_copy_out(volatile uint8_t *cfg,
					  const void *buf, unsigned int len)
{
	const uint8_t *b = buf;

	virtio_mb();
	for (unsigned int i = 0; i < len; i++)
		cfg[i] = b[i];
}

#endif /* VIRTIO_TRANSPORT_H */
