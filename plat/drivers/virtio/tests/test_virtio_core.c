/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtio core driven through a fake transport whose "device" is
 * this file: negotiation (accepted, refused, legacy), chains going round
 * the split ring (direct and indirect, notification suppression), and
 * devices that break the ring's rules, which must be reported and
 * dropped without the core following them.
 */
#include <uk/test.h>
#include <uk/virtio.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <uk/string.h>
#include <virtio/transport.h>
#include <fake_virtio.h>

#define FAKE_ID		0x7e
#define F(bit)		UK_VIRTIO_FEATURE(bit)

struct fake {
	struct uk_virtio_dev vdev;
	uint8_t status;
	bool refuse_features_ok;
	uint64_t offered, accepted;
	uint8_t config[8];
	uint32_t generation;
	unsigned int gen_bumps;		/* config reads that change it */
	uint16_t qmax;
	struct fake_ring r;
	unsigned int notifies;
};

static struct fake *fk(struct uk_virtio_dev *vdev)
{
	return uk_container_of(vdev, struct fake, vdev);
}

static uint8_t f_status_get(struct uk_virtio_dev *v)
{
	return fk(v)->status;
}

static void f_status_set(struct uk_virtio_dev *v, uint8_t s)
{
	if (fk(v)->refuse_features_ok)
		s &= ~VIRTIO_STATUS_FEATURES_OK;
	fk(v)->status = s;
}

static uint64_t f_features_get(struct uk_virtio_dev *v)
{
	return fk(v)->offered;
}

static void f_features_set(struct uk_virtio_dev *v, uint64_t f)
{
	fk(v)->accepted = f;
}

static uint32_t f_generation(struct uk_virtio_dev *v)
{
	return fk(v)->generation;
}

static void f_config_read(struct uk_virtio_dev *v, unsigned int off,
			  void *buf, unsigned int len)
{
	struct fake *f = fk(v);

	uk_memcpy(buf, f->config + off, len);
	if (f->gen_bumps) {
		f->gen_bumps--;
		f->generation++;
		f->config[0]++;
	}
}

static void f_config_write(struct uk_virtio_dev *v, unsigned int off,
			   const void *buf, unsigned int len)
{
	uk_memcpy(fk(v)->config + off, buf, len);
}

static uint16_t f_queue_max(struct uk_virtio_dev *v, uint16_t index)
{
	return index == 0 ? fk(v)->qmax : 0;
}

static int f_queue_enable(struct uk_virtio_dev *v, uint16_t index,
			  uint16_t size, uint64_t desc, uint64_t avail,
			  uint64_t used, bool has_cb)
{
	fake_ring_enable(&fk(v)->r, size, desc, avail, used);
	return 0;
}

static void f_notify(struct uk_virtio_dev *v, uint16_t index)
{
	fk(v)->notifies++;
}

static const struct virtio_transport_ops fake_ops = {
	.status_get = f_status_get,
	.status_set = f_status_set,
	.features_get = f_features_get,
	.features_set = f_features_set,
	.config_generation = f_generation,
	.config_read = f_config_read,
	.config_write = f_config_write,
	.queue_max = f_queue_max,
	.queue_enable = f_queue_enable,
	.queue_notify = f_notify,
};

/* ---- the driver under test ---- */

static struct uk_virtqueue *vq;
static unsigned int probes, callbacks;
static int probe_result;
static bool probe_polling;

static void cb(struct uk_virtqueue *q, void *arg)
{
	callbacks++;
}

static int fake_probe(struct uk_virtio_dev *vdev)
{
	int rc;

	probes++;
	if (probe_result)
		return probe_result;
	rc = uk_virtio_vq_setup(vdev, 0, 8, probe_polling ? NULL : cb, NULL,
				&vq);
	return rc;
}

static const struct uk_virtio_driver fake_driver = {
	.name = "fake",
	.device_id = FAKE_ID,
	.features = F(0) | F(UK_VIRTIO_F_ACCESS_PLATFORM),
	.probe = fake_probe,
};
UK_VIRTIO_DRIVER(fake_driver);

/* Devices are never freed (the core keeps them listed): a pool. */
static struct fake fakes[32];
static unsigned int nfakes;

static struct fake *fake_new(uint64_t offered, bool legacy)
{
	struct fake *f = &fakes[nfakes++];

	uk_memset(f, 0, sizeof(*f));
	f->vdev.ops = &fake_ops;
	f->vdev.id = FAKE_ID;
	f->vdev.config_len = sizeof(f->config);
	f->vdev.legacy = legacy;
	uk_snprintf(f->vdev.name, sizeof(f->vdev.name), "fake%u", nfakes);
	f->offered = offered;
	f->qmax = 64;
	probe_result = 0;
	probe_polling = false;
	vq = NULL;
	return f;
}

#define MODERN (F(UK_VIRTIO_F_VERSION_1) | F(0))

/* ---- negotiation ---- */

UK_TESTCASE(virtio_core, negotiation_modern)
{
	struct fake *f = fake_new(MODERN | F(5) |
				  F(UK_VIRTIO_F_EVENT_IDX) |
				  F(UK_VIRTIO_F_ACCESS_PLATFORM) |
				  F(UK_VIRTIO_F_RING_PACKED), false);
	unsigned int before = probes;

	UK_TEST_ASSERT_EQ(virtio_dev_add(&f->vdev), 0);
	UK_TEST_EXPECT_EQ(probes, before + 1);
	/* the driver's bit 0, the core's bits; never 5 or the platform's */
	UK_TEST_EXPECT_UEQ(f->accepted, MODERN | F(UK_VIRTIO_F_EVENT_IDX));
	UK_TEST_EXPECT(uk_virtio_has_feature(&f->vdev, 0));
	UK_TEST_EXPECT(!uk_virtio_has_feature(&f->vdev, 5));
	UK_TEST_EXPECT(!uk_virtio_has_feature(&f->vdev, 64));
	UK_TEST_EXPECT_EQ(f->status, VIRTIO_STATUS_ACKNOWLEDGE |
			  VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK |
			  VIRTIO_STATUS_DRIVER_OK);
	UK_TEST_EXPECT_EQ(uk_virtio_dev_id(&f->vdev), FAKE_ID);
	UK_TEST_EXPECT_EQ(uk_virtq_size(vq), 8);
	UK_TEST_EXPECT_PTR_EQ(uk_virtq_dev(vq), &f->vdev);
}

UK_TESTCASE(virtio_core, features_ok_refused)
{
	struct fake *f = fake_new(MODERN, false);
	unsigned int before = probes;

	f->refuse_features_ok = true;
	UK_TEST_EXPECT_EQ(virtio_dev_add(&f->vdev), -UK_EIO);
	UK_TEST_EXPECT_EQ(probes, before);
	UK_TEST_EXPECT(f->status & VIRTIO_STATUS_FAILED);
	UK_TEST_EXPECT(!(f->status & VIRTIO_STATUS_DRIVER_OK));
}

UK_TESTCASE(virtio_core, modern_without_version_1)
{
	struct fake *f = fake_new(F(0), false);
	unsigned int before = probes;

	UK_TEST_EXPECT_EQ(virtio_dev_add(&f->vdev), -UK_EIO);
	UK_TEST_EXPECT_EQ(probes, before);
	UK_TEST_EXPECT(f->status & VIRTIO_STATUS_FAILED);
}

UK_TESTCASE(virtio_core, legacy_32_bits_no_features_ok)
{
	struct fake *f = fake_new(F(0) | F(UK_VIRTIO_F_INDIRECT_DESC) |
				  F(UK_VIRTIO_F_VERSION_1), true);

	UK_TEST_ASSERT_EQ(virtio_dev_add(&f->vdev), 0);
	UK_TEST_EXPECT_UEQ(f->accepted, F(0) | F(UK_VIRTIO_F_INDIRECT_DESC));
	UK_TEST_EXPECT(!(f->status & VIRTIO_STATUS_FEATURES_OK));
	UK_TEST_EXPECT(f->status & VIRTIO_STATUS_DRIVER_OK);
}

UK_TESTCASE(virtio_core, probe_failure_resets)
{
	struct fake *f = fake_new(MODERN, false);

	probe_result = -UK_ENOMEM;
	UK_TEST_EXPECT_EQ(virtio_dev_add(&f->vdev), -UK_ENOMEM);
	UK_TEST_EXPECT_EQ(f->status, VIRTIO_STATUS_FAILED);
}

UK_TESTCASE(virtio_core, no_driver)
{
	struct fake *f = fake_new(MODERN, false);
	unsigned int n = uk_virtio_dev_count();

	f->vdev.id = 0x7d;
	UK_TEST_EXPECT_EQ(virtio_dev_add(&f->vdev), -UK_ENODEV);
	UK_TEST_EXPECT_EQ(f->status, 0);
	UK_TEST_EXPECT_EQ(uk_virtio_dev_count(), n + 1);
}

UK_TESTCASE(virtio_core, config_bounds_and_generation)
{
	struct fake *f = fake_new(MODERN, false);
	uint8_t b[8];

	UK_TEST_ASSERT_EQ(virtio_dev_add(&f->vdev), 0);
	f->config[0] = 10;
	UK_TEST_EXPECT_EQ(uk_virtio_config_read(&f->vdev, 0, b, 8), 0);
	UK_TEST_EXPECT_EQ(uk_virtio_config_read(&f->vdev, 4, b, 5), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_virtio_config_read(&f->vdev, ~0u, b, 2),
			  -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_virtio_config_write(&f->vdev, 7, b, 2),
			  -UK_EINVAL);
	/* two reads change the space: the third one is the stable one */
	f->gen_bumps = 2;
	UK_TEST_EXPECT_EQ(uk_virtio_config_read(&f->vdev, 0, b, 1), 0);
	UK_TEST_EXPECT_EQ(b[0], 12);
}

/* ---- the ring ---- */

static void roundtrip(uint64_t extra)
{
	struct fake *f = fake_new(MODERN | extra, false);
	static uint8_t hdr[16], data[512], status[1];
	struct uk_virtq_buf b[3] = {
		{ hdr, sizeof(hdr) }, { data, sizeof(data) },
		{ status, sizeof(status) },
	};
	void *cookie = NULL;
	uint32_t len = 0;
	uint16_t head;
	struct desc *d;

	UK_TEST_ASSERT_EQ(virtio_dev_add(&f->vdev), 0);
	UK_TEST_EXPECT_EQ(uk_virtq_get(vq, &cookie, &len), -UK_EAGAIN);
	UK_TEST_ASSERT_EQ(uk_virtq_add(vq, b, 1, 2, data), 0);
	uk_virtq_kick(vq);
	UK_TEST_EXPECT_EQ(f->notifies, 1);
	uk_virtq_kick(vq);	/* nothing new: no notification */
	UK_TEST_EXPECT_EQ(f->notifies, 1);

	UK_TEST_ASSERT_EQ(fake_ring_pop(&f->r, &head), 0);
	UK_TEST_ASSERT(head < f->r.size);
	d = &f->r.desc[head];
	if (extra & F(UK_VIRTIO_F_INDIRECT_DESC)) {
		UK_TEST_EXPECT_EQ(d->flags, 4);
		UK_TEST_EXPECT_EQ(d->len, 3 * sizeof(struct desc));
		d = (struct desc *)(uintptr_t)d->addr;
		UK_TEST_EXPECT_EQ(uk_virtq_space(vq), 7);
	} else {
		UK_TEST_EXPECT_EQ(uk_virtq_space(vq), 5);
	}
	UK_TEST_EXPECT_UEQ(d->addr, (uintptr_t)hdr);
	UK_TEST_EXPECT_EQ(d->flags, 1);		/* NEXT, read by the device */
	d = extra & F(UK_VIRTIO_F_INDIRECT_DESC) ? d + 1 : &f->r.desc[d->next];
	UK_TEST_EXPECT_UEQ(d->addr, (uintptr_t)data);
	UK_TEST_EXPECT_EQ(d->len, 512);
	UK_TEST_EXPECT_EQ(d->flags, 3);		/* NEXT | WRITE */
	d = extra & F(UK_VIRTIO_F_INDIRECT_DESC) ? d + 1 : &f->r.desc[d->next];
	UK_TEST_EXPECT_UEQ(d->addr, (uintptr_t)status);
	UK_TEST_EXPECT_EQ(d->flags, 2);		/* WRITE, last */

	fake_ring_push(&f->r, head, 513);
	UK_TEST_EXPECT(uk_virtq_has_used(vq));
	UK_TEST_ASSERT_EQ(uk_virtq_get(vq, &cookie, &len), 0);
	UK_TEST_EXPECT_PTR_EQ(cookie, data);
	UK_TEST_EXPECT_EQ(len, 513);
	UK_TEST_EXPECT_EQ(uk_virtq_get(vq, &cookie, &len), -UK_EAGAIN);
	UK_TEST_EXPECT_EQ(uk_virtq_space(vq), 8);
	UK_TEST_EXPECT(!uk_virtio_dev_broken(&f->vdev));
}

UK_TESTCASE(virtio_core, roundtrip_direct)
{
	roundtrip(0);
}

UK_TESTCASE(virtio_core, roundtrip_indirect)
{
	roundtrip(F(UK_VIRTIO_F_INDIRECT_DESC));
}

UK_TESTCASE(virtio_core, full_ring_wraps)
{
	struct fake *f = fake_new(MODERN, false);
	static uint8_t buf[8];
	struct uk_virtq_buf b = { buf, sizeof(buf) };
	void *cookie;
	uint16_t head;
	uint32_t len;

	UK_TEST_ASSERT_EQ(virtio_dev_add(&f->vdev), 0);
	/* five times round a ring of 8: indices wrap in both rings */
	for (unsigned int round = 0; round < 5; round++) {
		for (uintptr_t i = 1; i <= 8; i++)
			UK_TEST_ASSERT_EQ(uk_virtq_add(vq, &b, 0, 1,
						       (void *)i), 0);
		UK_TEST_EXPECT_EQ(uk_virtq_add(vq, &b, 0, 1, buf),
				  -UK_ENOSPC);
		uk_virtq_kick(vq);
		/* returned in reverse order: any order is allowed */
		uint16_t heads[8];

		for (int i = 0; i < 8; i++)
			UK_TEST_ASSERT_EQ(fake_ring_pop(&f->r, &heads[i]), 0);
		for (int i = 7; i >= 0; i--)
			fake_ring_push(&f->r, heads[i], 8);
		for (uintptr_t i = 8; i >= 1; i--) {
			UK_TEST_ASSERT_EQ(uk_virtq_get(vq, &cookie, &len), 0);
			UK_TEST_EXPECT_PTR_EQ(cookie, (void *)i);
		}
	}
	UK_TEST_EXPECT_EQ(fake_ring_pop(&f->r, &head), -1);
	UK_TEST_EXPECT_EQ(uk_virtq_add(vq, &b, 0, 0, buf), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_virtq_add(vq, &b, 0, 1, NULL), -UK_EINVAL);
	b.len = 0;
	UK_TEST_EXPECT_EQ(uk_virtq_add(vq, &b, 1, 0, buf), -UK_EINVAL);
}

UK_TESTCASE(virtio_core, event_idx_suppresses_kicks)
{
	struct fake *f = fake_new(MODERN | F(UK_VIRTIO_F_EVENT_IDX), false);
	static uint8_t buf[8];
	struct uk_virtq_buf b = { buf, sizeof(buf) };
	uint16_t *avail_event;

	UK_TEST_ASSERT_EQ(virtio_dev_add(&f->vdev), 0);
	avail_event = (uint16_t *)((uint32_t *)(f->r.used + 2) + 2 * f->r.size);
	*avail_event = 3;	/* wake me when entry 3 is made available */
	UK_TEST_ASSERT_EQ(uk_virtq_add(vq, &b, 1, 0, buf), 0);
	uk_virtq_kick(vq);	/* idx 0 -> 1 */
	UK_TEST_EXPECT_EQ(f->notifies, 0);
	UK_TEST_ASSERT_EQ(uk_virtq_add(vq, &b, 1, 0, buf + 1), 0);
	UK_TEST_ASSERT_EQ(uk_virtq_add(vq, &b, 1, 0, buf + 2), 0);
	UK_TEST_ASSERT_EQ(uk_virtq_add(vq, &b, 1, 0, buf + 3), 0);
	uk_virtq_kick(vq);	/* 1 -> 4 crosses 3 */
	UK_TEST_EXPECT_EQ(f->notifies, 1);
	/* used_event follows what the driver read */
	UK_TEST_EXPECT_EQ(f->r.avail[2 + f->r.size], 0);
}

UK_TESTCASE(virtio_core, no_notify_flag)
{
	struct fake *f = fake_new(MODERN, false);
	static uint8_t buf[8];
	struct uk_virtq_buf b = { buf, sizeof(buf) };

	UK_TEST_ASSERT_EQ(virtio_dev_add(&f->vdev), 0);
	f->r.used[0] = 1;		/* VRING_USED_F_NO_NOTIFY */
	UK_TEST_ASSERT_EQ(uk_virtq_add(vq, &b, 1, 0, buf), 0);
	uk_virtq_kick(vq);
	UK_TEST_EXPECT_EQ(f->notifies, 0);
}

UK_TESTCASE(virtio_core, interrupt_and_polling)
{
	struct fake *f = fake_new(MODERN, false);
	static uint8_t buf[8];
	struct uk_virtq_buf b = { buf, sizeof(buf) };
	unsigned int before = callbacks;
	void *cookie;
	uint16_t head;

	UK_TEST_ASSERT_EQ(virtio_dev_add(&f->vdev), 0);
	UK_TEST_EXPECT_EQ(f->r.avail[0], 0);	/* interrupts wanted */
	UK_TEST_ASSERT_EQ(uk_virtq_add(vq, &b, 0, 1, buf), 0);
	uk_virtq_kick(vq);
	virtio_dev_interrupt(&f->vdev, VIRTIO_ISR_QUEUE);  /* nothing used */
	UK_TEST_EXPECT_EQ(callbacks, before);
	UK_TEST_ASSERT_EQ(fake_ring_pop(&f->r, &head), 0);
	fake_ring_push(&f->r, head, 1);
	virtio_dev_interrupt(&f->vdev, VIRTIO_ISR_QUEUE);
	UK_TEST_EXPECT_EQ(callbacks, before + 1);

	uk_virtq_intr_disable(vq);
	UK_TEST_EXPECT_EQ(f->r.avail[0], 1);	/* NO_INTERRUPT */
	virtio_dev_interrupt(&f->vdev, VIRTIO_ISR_QUEUE);
	UK_TEST_EXPECT_EQ(callbacks, before + 1);
	/* a used buffer is pending: enabling says so */
	UK_TEST_EXPECT(!uk_virtq_intr_enable(vq));
	UK_TEST_ASSERT_EQ(uk_virtq_get(vq, &cookie, NULL), 0);
	UK_TEST_EXPECT(uk_virtq_intr_enable(vq));
	UK_TEST_EXPECT_EQ(f->r.avail[0], 0);
}

UK_TESTCASE(virtio_core, polling_queue_asks_no_interrupts)
{
	struct fake *f;

	f = fake_new(MODERN, false);
	probe_polling = true;
	UK_TEST_ASSERT_EQ(virtio_dev_add(&f->vdev), 0);
	UK_TEST_EXPECT_EQ(f->r.avail[0], 1);
}

UK_TESTCASE(virtio_core, reset_and_detach)
{
	struct fake *f = fake_new(MODERN, false);
	static uint8_t buf[8];
	struct uk_virtq_buf b = { buf, sizeof(buf) };

	UK_TEST_ASSERT_EQ(virtio_dev_add(&f->vdev), 0);
	UK_TEST_ASSERT_EQ(uk_virtq_add(vq, &b, 1, 0, buf), 0);
	UK_TEST_ASSERT_EQ(uk_virtq_add(vq, &b, 1, 0, buf + 1), 0);
	uk_virtio_dev_reset(&f->vdev);
	UK_TEST_EXPECT_EQ(f->status, 0);
	UK_TEST_EXPECT_NOT_NULL(uk_virtq_detach_unused(vq));
	UK_TEST_EXPECT_NOT_NULL(uk_virtq_detach_unused(vq));
	UK_TEST_EXPECT_NULL(uk_virtq_detach_unused(vq));
	UK_TEST_EXPECT_EQ(uk_virtq_space(vq), 8);
	UK_TEST_EXPECT_EQ(uk_virtio_dev_ready(&f->vdev), 0);
	UK_TEST_EXPECT(f->status & VIRTIO_STATUS_DRIVER_OK);
}

/* ---- misbehaving devices ---- */

/* A device with one chain in flight (its head in *head). */
static struct fake *one_in_flight(uint16_t *head)
{
	struct fake *f = fake_new(MODERN, false);
	static uint8_t buf[64];
	struct uk_virtq_buf b[2] = { { buf, 16 }, { buf + 16, 32 } };

	if (virtio_dev_add(&f->vdev) || uk_virtq_add(vq, b, 1, 1, buf))
		return NULL;
	uk_virtq_kick(vq);
	if (fake_ring_pop(&f->r, head))
		return NULL;
	return f;
}

static void expect_dropped(struct fake *f)
{
	static uint8_t buf[8];
	struct uk_virtq_buf b = { buf, sizeof(buf) };
	void *cookie = NULL;
	uint32_t len = 77;

	UK_TEST_EXPECT_EQ(uk_virtq_get(vq, &cookie, &len), -UK_EIO);
	UK_TEST_EXPECT_NULL(cookie);
	UK_TEST_EXPECT_EQ(len, 77);
	UK_TEST_EXPECT(uk_virtio_dev_broken(&f->vdev));
	UK_TEST_EXPECT(f->status & VIRTIO_STATUS_FAILED);
	UK_TEST_EXPECT_EQ(uk_virtq_add(vq, &b, 1, 0, buf), -UK_EIO);
	UK_TEST_EXPECT_EQ(uk_virtio_dev_ready(&f->vdev), -UK_EIO);
	/* still refused later: it stays dropped */
	UK_TEST_EXPECT_EQ(uk_virtq_get(vq, &cookie, &len), -UK_EIO);
}

UK_TESTCASE(virtio_core, used_index_jumps)
{
	uint16_t head;
	struct fake *f = one_in_flight(&head);

	UK_TEST_ASSERT_NOT_NULL(f);
	fake_ring_push_n(&f->r, head, 16, 5);	/* 5 used, 1 made available */
	expect_dropped(f);
}

UK_TESTCASE(virtio_core, used_index_backwards)
{
	uint16_t head;
	struct fake *f = one_in_flight(&head);

	UK_TEST_ASSERT_NOT_NULL(f);
	fake_ring_push_n(&f->r, head, 16, 0xffff);	/* idx - 1 */
	expect_dropped(f);
}

UK_TESTCASE(virtio_core, used_id_out_of_range)
{
	uint16_t head;
	struct fake *f = one_in_flight(&head);

	UK_TEST_ASSERT_NOT_NULL(f);
	fake_ring_push(&f->r, 0x10000 + head, 16);
	expect_dropped(f);
}

UK_TESTCASE(virtio_core, used_id_not_in_flight)
{
	uint16_t head;
	struct fake *f = one_in_flight(&head);

	UK_TEST_ASSERT_NOT_NULL(f);
	fake_ring_push(&f->r, (head + 1) & 7, 16);  /* a descriptor of no chain head */
	expect_dropped(f);
}

UK_TESTCASE(virtio_core, used_length_too_large)
{
	uint16_t head;
	struct fake *f = one_in_flight(&head);

	UK_TEST_ASSERT_NOT_NULL(f);
	fake_ring_push(&f->r, head, 33);		/* 32 writable bytes */
	expect_dropped(f);
}

UK_TESTCASE(virtio_core, used_length_exact_is_fine)
{
	uint16_t head;
	struct fake *f = one_in_flight(&head);
	void *cookie;
	uint32_t len;

	UK_TEST_ASSERT_NOT_NULL(f);
	fake_ring_push(&f->r, head, 32);
	UK_TEST_EXPECT_EQ(uk_virtq_get(vq, &cookie, &len), 0);
	UK_TEST_EXPECT_EQ(len, 32);
	/* the same id twice: the second is not in flight any more */
	fake_ring_push(&f->r, head, 1);
	expect_dropped(f);
}

UK_TEST_MAIN();
