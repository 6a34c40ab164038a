/* SPDX-License-Identifier: BSD-3-Clause */
/* virtio-mmio: the transport, for the code that finds its devices. */
#ifndef VIRTIO_MMIO_H
#define VIRTIO_MMIO_H

#include <uk/essentials.h>

/*
 * Adds the virtio-mmio device whose registers are at @base (@size
 * bytes, identity-mapped) and whose interrupt is platform IRQ @irq (-1:
 * none, polling only). Returns what virtio_dev_add() returns, -ENODEV
 * for an empty slot or no virtio-mmio registers there, -EINVAL for a
 * window too small.
 */
int virtio_mmio_add(uint64_t base, uint64_t size, int irq);

#endif /* VIRTIO_MMIO_H */
