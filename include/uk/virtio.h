/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio device drivers: the interface between a driver of one device
 * type (blk, net, rng ...) and the virtio core, whatever the transport
 * (virtio-mmio, virtio-pci modern or legacy) below it.
 *
 * Life of a device:
 * 1. A transport finds the device and hands it to the core. The core
 *    resets it, sets ACKNOWLEDGE, and looks for the driver registered
 *    (UK_VIRTIO_DRIVER) for its device ID. No driver: the device is
 *    left reset and reported once at info level.
 * 2. The core sets DRIVER and negotiates features: it accepts the
 *    intersection of what the device offers with the driver's
 *    `features` mask plus the bits the core handles itself
 *    (VIRTIO_F_VERSION_1, VIRTIO_F_EVENT_IDX, VIRTIO_F_INDIRECT_DESC;
 *    never ACCESS_PLATFORM or RING_PACKED). On a modern transport it
 *    sets FEATURES_OK and reads it back; a device that does not keep it
 *    is reported ("refused features 0x...") and gets FAILED; the
 *    driver's probe is then never called.
 * 3. The core calls the driver's probe(). Probe reads the configuration
 *    space, sets up its virtqueues (uk_virtio_vq_setup), MAY add
 *    buffers, and MAY call uk_virtio_dev_ready() (DRIVER_OK) before it
 *    returns so that it can kick; the core sets DRIVER_OK after a probe
 *    that returned 0 if the driver did not. A probe that fails gets the
 *    device reset and FAILED, and its queues freed.
 * 4. Buffers travel through split virtqueues (below). A device that
 *    breaks the ring's rules (a used index running past what was made
 *    available, a used id that is out of range or not in flight, a used
 *    length larger than the buffers) is reported once with the reason,
 *    marked broken and sent FAILED; from then on every queue operation
 *    of the device returns -EIO. Nothing the device writes is ever
 *    followed outside the ring or the driver's buffers.
 *
 * When: the transports look for devices in an init call of class PLAT,
 * priority 8 (after the interrupt controllers, before LIB), and the
 * drivers' probes run from there: a driver registers its device with
 * its API (blkdev, netdev ...) in probe, so those registries MUST NOT
 * depend on an init call of a later class.
 *
 * Context and locking: nothing here takes a lock. The core and the
 * transports run with interrupts disabled (kernel code does); a driver
 * that uses a queue both from thread context and from its callback
 * MUST do so with interrupts disabled (ukplat_irq_save) around each
 * call, which kernel code and system calls do already. One virtqueue
 * MUST NOT be used by two CPUs at once (there is one CPU today).
 *
 * Memory: buffers are kernel virtual addresses; the core translates them
 * to the device's (guest physical) addresses. A buffer MUST be
 * physically contiguous (any single allocation from uk_alloc is) and
 * MUST stay valid until the device returns it.
 *
 * Platforms without virtio (aarch64-rpi3) do not link the core: a
 * driver for them is not built, and the device APIs above report no
 * devices.
 */
#ifndef UK_VIRTIO_H
#define UK_VIRTIO_H

#include <uk/essentials.h>

/* Device IDs (virtio 1.2, 5) */
#define UK_VIRTIO_ID_NET	1
#define UK_VIRTIO_ID_BLK	2
#define UK_VIRTIO_ID_CONSOLE	3
#define UK_VIRTIO_ID_RNG	4
#define UK_VIRTIO_ID_9P		9

/* Reserved feature bits (virtio 1.2, 6), as bit numbers. */
#define UK_VIRTIO_F_INDIRECT_DESC	28
#define UK_VIRTIO_F_EVENT_IDX		29
#define UK_VIRTIO_F_VERSION_1		32
#define UK_VIRTIO_F_ACCESS_PLATFORM	33
#define UK_VIRTIO_F_RING_PACKED		34

#define UK_VIRTIO_FEATURE(bit)	(1ULL << (bit))

struct uk_virtio_dev;	/* one device: opaque, see the accessors */
struct uk_virtqueue;	/* one split virtqueue: opaque */

/*
 * A driver. Registered with UK_VIRTIO_DRIVER(var) in the section
 * .uk_virtio_drivers; the core binds it to every device whose ID is
 * @device_id.
 */
struct uk_virtio_driver {
	const char *name;		/* "virtio-blk": used in messages */
	uint16_t device_id;		/* UK_VIRTIO_ID_* */
	/*
	 * Device-specific feature bits the driver understands (bits 0..23
	 * and 50..127 of the spec; only the first 64 are negotiated). The
	 * reserved bits above are the core's and are ignored here.
	 */
	uint64_t features;
	/*
	 * Called once per device after negotiation (uk_virtio_has_feature
	 * tells what was agreed). Returns 0 or a negative errno; see 3.
	 */
	int (*probe)(struct uk_virtio_dev *vdev);
	/*
	 * Optional: the device's configuration space changed (net link
	 * state, blk capacity). Called in interrupt context.
	 */
	void (*config_changed)(struct uk_virtio_dev *vdev);
};

#define UK_VIRTIO_DRIVER(drv)						\
	static const struct uk_virtio_driver *const			\
	__used __section(".uk_virtio_drivers") __aligned(8)		\
	UK_CONCAT(__uk_virtio_driver_, drv) = &(drv)

/* ---- the device ---- */

/* The device ID (UK_VIRTIO_ID_*). */
uint16_t uk_virtio_dev_id(const struct uk_virtio_dev *vdev);

/* A name for messages: "virtio-mmio@0xfeb00e00", "virtio-pci 00:03.0". */
const char *uk_virtio_dev_name(const struct uk_virtio_dev *vdev);

/* Whether feature bit @bit (0..63) was negotiated. */
bool uk_virtio_has_feature(const struct uk_virtio_dev *vdev,
			   unsigned int bit);

/* The driver's own pointer, NULL until set. */
void uk_virtio_dev_priv_set(struct uk_virtio_dev *vdev, void *priv);
void *uk_virtio_dev_priv(const struct uk_virtio_dev *vdev);

/*
 * Reads @len bytes of the device-specific configuration space at
 * offset @off into @buf (little-endian fields, as the spec lays them
 * out; on a legacy device they are the guest's byte order, which is
 * little-endian on every libuk architecture). A multi-byte read is
 * retried until the configuration generation is stable. Returns 0, or
 * -EINVAL when [@off, @off + @len) is outside the space the transport
 * exposes.
 */
int uk_virtio_config_read(struct uk_virtio_dev *vdev, unsigned int off,
			  void *buf, unsigned int len);
/* Writes, with the same rules. */
int uk_virtio_config_write(struct uk_virtio_dev *vdev, unsigned int off,
			   const void *buf, unsigned int len);

/*
 * Sets DRIVER_OK: the device may now use the queues, and the driver may
 * kick them. Idempotent. Returns 0, or -EIO when the device is broken
 * or reports DEVICE_NEEDS_RESET.
 */
int uk_virtio_dev_ready(struct uk_virtio_dev *vdev);

/*
 * Resets the device (status 0, waiting until the device reads it back).
 * The device stops using every queue; the queues' memory stays, so the
 * driver can take back the chains still in flight with
 * uk_virtq_detach_unused(). After a reset the driver may set queues up
 * again (uk_virtio_vq_setup on an index already set up replaces the old
 * queue, whose chains are then forgotten), negotiate nothing new (the
 * features stay), and call uk_virtio_dev_ready().
 */
void uk_virtio_dev_reset(struct uk_virtio_dev *vdev);

/*
 * Drops @vdev for good, for a driver whose device stopped answering:
 * reports it with @why, marks it broken (its queues then take nothing and
 * uk_virtq_get() returns -EIO, so the driver fails what was in flight)
 * and resets it, after which it no longer reads or writes memory.
 */
void uk_virtio_dev_drop(struct uk_virtio_dev *vdev, const char *why);

/* Whether the device was found misbehaving and dropped (see 4). */
bool uk_virtio_dev_broken(const struct uk_virtio_dev *vdev);

/* ---- virtqueues ---- */

/*
 * Called when the device returned buffers on @vq (interrupt context,
 * interrupts disabled; MUST NOT block). It should take them with
 * uk_virtq_get() or wake a thread that does.
 */
typedef void (*uk_virtq_callback_t)(struct uk_virtqueue *vq, void *arg);

/*
 * Sets up queue @index with at most @max_size entries (0: the device's
 * maximum; a power of two below it otherwise) and stores it in @vq.
 * @cb == NULL sets the queue up for polling: the device is asked not to
 * interrupt for it (uk_virtq_intr_enable can still turn them on if a
 * callback was given). MUST be called from probe, or after
 * uk_virtio_dev_reset, before uk_virtio_dev_ready. Returns 0, -ENOENT
 * (the device has no such queue), -ENOMEM, -EIO (broken device).
 */
int uk_virtio_vq_setup(struct uk_virtio_dev *vdev, uint16_t index,
		       uint16_t max_size, uk_virtq_callback_t cb, void *arg,
		       struct uk_virtqueue **vq);

/* Number of entries (descriptors) of the queue. */
uint16_t uk_virtq_size(const struct uk_virtqueue *vq);

/* The device the queue belongs to. */
struct uk_virtio_dev *uk_virtq_dev(const struct uk_virtqueue *vq);

/* One buffer of a descriptor chain. */
struct uk_virtq_buf {
	void *addr;
	uint32_t len;		/* > 0 */
};

/* Chains longer than this are refused (-EINVAL). */
#define UK_VIRTQ_CHAIN_MAX	32

/*
 * Makes one descriptor chain available to the device: @nout buffers the
 * device reads, followed by @nin buffers the device writes
 * (@bufs[0..nout-1], then @bufs[nout..nout+nin-1]). @cookie (not NULL)
 * comes back with uk_virtq_get() when the device is done. With
 * VIRTIO_F_INDIRECT_DESC a chain of several buffers takes one ring
 * entry. The device is not told: call uk_virtq_kick() after one or
 * several adds. Returns 0, -ENOSPC (no room: retry after getting used
 * buffers back), -EINVAL (no buffer, a zero length, a NULL cookie, a
 * chain too long) or -EIO (broken device).
 */
int uk_virtq_add(struct uk_virtqueue *vq, const struct uk_virtq_buf *bufs,
		 unsigned int nout, unsigned int nin, void *cookie);

/*
 * Tells the device about the chains added since the last kick, unless
 * it asked not to be (VRING_USED_F_NO_NOTIFY, or EVENT_IDX's avail
 * event). Cheap when there is nothing new.
 */
void uk_virtq_kick(struct uk_virtqueue *vq);

/*
 * Tells the device about the queue again, whatever it asked, when chains
 * are out: for a driver that has seen nothing come back for a long time
 * (a notification lost on the way stalls a queue for good; notifying
 * more than asked is always allowed). Returns whether it notified.
 */
bool uk_virtq_renotify(struct uk_virtqueue *vq);

/*
 * Takes back the oldest chain the device returned: its cookie into
 * @cookie and the number of bytes the device wrote into its writable
 * buffers into @len (may be NULL). Returns 0, -EAGAIN (nothing returned
 * yet) or -EIO (broken device; the reason was printed).
 */
int uk_virtq_get(struct uk_virtqueue *vq, void **cookie, uint32_t *len);

/* Whether uk_virtq_get() would return something (or -EIO). */
bool uk_virtq_has_used(struct uk_virtqueue *vq);

/* Free ring entries: how many one-buffer chains uk_virtq_add accepts. */
uint16_t uk_virtq_space(const struct uk_virtqueue *vq);

/*
 * Interrupt mode: asks the device to interrupt when it returns buffers
 * (with EVENT_IDX: on the next one). Returns false when buffers were
 * returned already, in which case no interrupt may come for them: the
 * caller MUST take them with uk_virtq_get(). -> Typical use:
 *	do { while (!uk_virtq_get(vq, &c, &len)) handle(c, len); }
 *	while (!uk_virtq_intr_enable(vq));
 */
bool uk_virtq_intr_enable(struct uk_virtqueue *vq);

/*
 * Polling mode: asks the device not to interrupt for this queue (a
 * hint: a callback can still run once after this returns).
 */
void uk_virtq_intr_disable(struct uk_virtqueue *vq);

/*
 * Takes back a chain that is still available to the device, for
 * teardown after uk_virtio_dev_reset() (no device is then using them).
 * Returns its cookie, or NULL when none is left.
 */
void *uk_virtq_detach_unused(struct uk_virtqueue *vq);

/* Number of virtio devices the transports found (bound or not). */
unsigned int uk_virtio_dev_count(void);

/* The @i-th device found (0 .. uk_virtio_dev_count() - 1), or NULL. */
struct uk_virtio_dev *uk_virtio_dev_get(unsigned int i);

/* Interrupts the device raised (for statistics and tests). */
uint64_t uk_virtio_dev_irq_count(const struct uk_virtio_dev *vdev);

#endif /* UK_VIRTIO_H */
