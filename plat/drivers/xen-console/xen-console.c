/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Xen's consoles, two drivers: HYPERVISOR_console_io (xen_console_io,
 * bound from the start on Xen), and the PV console ring
 * (HVM_PARAM_CONSOLE_PFN/EVTCHN: the page xenconsoled serves, which
 * `xl console` shows), preferred to it and bound when the PVH boot
 * probes the console class again once event channels work. Output from
 * before the ring (Xen's release builds drop a domU's console_io) is
 * kept in a small buffer and replayed into the ring. A domain without a
 * ring (dom0) stays on console_io. Without Xen both probes fail, and
 * COM1 binds.
 */
#include <uk/plat/driver.h>
#include <uk/plat/time.h>
#include <uk/errno.h>
#include <uk/string.h>
#include "../../xen/x86_64/xen.h"

#define EARLY_SIZE	4096
/* how long output waits for room in the ring before it is dropped */
#define STALL_NS	(UKPLAT_NSEC_PER_SEC / 2)

static volatile struct xen_cons_interface *ring;
static uint32_t ring_port;
/* the ring made no room for STALL_NS: drop output until it does */
static bool ring_stalled;
static char early[EARLY_SIZE];
static uint32_t early_len;

uint32_t xen_ring_put(char *buf_ring, uint32_t size, uint32_t cons,
		      uint32_t *prod, const char *buf, uint32_t len)
{
	uint32_t p = *prod, n;

	if (p - cons > size)
		return 0;
	n = UK_MIN(len, size - (p - cons));
	for (uint32_t i = 0; i < n; i++)
		buf_ring[(p + i) & (size - 1)] = buf[i];
	*prod = p + n;
	return n;
}

uint32_t xen_ring_get(const char *buf_ring, uint32_t size, uint32_t prod,
		      uint32_t *cons, char *buf, uint32_t len)
{
	uint32_t c = *cons, n;

	if (prod - c > size) {
		*cons = prod;
		return 0;
	}
	n = UK_MIN(len, prod - c);
	for (uint32_t i = 0; i < n; i++)
		buf[i] = buf_ring[(c + i) & (size - 1)];
	*cons = c + n;
	return n;
}

bool xen_console_ring(void)
{
	return ring != NULL;
}

/* Puts what fits of @buf into the output ring; returns how much. */
static uint32_t out_put(const char *buf, uint32_t len)
{
	uint32_t prod = ring->out_prod, cons = ring->out_cons, n;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	n = xen_ring_put((char *)ring->out, XEN_CONS_OUT_SIZE, cons, &prod,
			 buf, len);
	__atomic_thread_fence(__ATOMIC_RELEASE);	/* data, then index */
	ring->out_prod = prod;
	return n;
}

/* Writes all of @buf, waiting for xenconsoled when the ring is full. */
static void out_write(const char *buf, uint32_t len)
{
	uint64_t since = 0;

	while (len && !ring_stalled) {
		uint32_t n = out_put(buf, len);

		buf += n;
		len -= n;
		if (!len)
			break;
		xen_evtchn_notify(ring_port);
		if (n)
			since = 0;
		else if (!since)
			since = xen_system_time();
		else if (xen_system_time() - since > STALL_NS)
			ring_stalled = true;
		xen_hypercall(XEN_HYPERCALL_SCHED_OP, XEN_SCHEDOP_YIELD, 0, 0);
	}
	if (ring_stalled && ring->out_prod == ring->out_cons)
		ring_stalled = false;	/* it moves again */
}

static void ring_coutk(const char *buf, unsigned int len)
{
	unsigned int start = 0;

	for (unsigned int i = 0; i < len; i++) {
		if (buf[i] != '\n')
			continue;
		out_write(buf + start, i - start);
		out_write("\r\n", 2);
		start = i + 1;
	}
	out_write(buf + start, len - start);
	xen_evtchn_notify(ring_port);
}

static void console_io_coutk(const char *buf, unsigned int len)
{
	uint32_t n = UK_MIN(len, EARLY_SIZE - early_len);

	uk_memcpy(early + early_len, buf, n);
	early_len += n;
	xen_hypercall(XEN_HYPERCALL_CONSOLE_IO, XEN_CONSOLEIO_WRITE, len,
		      (uintptr_t)buf);
}

static int ring_out(const char *buf, unsigned int len)
{
	ring_coutk(buf, len);
	return len;
}

static int io_coutk(const char *buf, unsigned int len)
{
	console_io_coutk(buf, len);
	return len;
}

static int io_cink(char *buf, unsigned int maxlen)
{
	long rc = xen_hypercall(XEN_HYPERCALL_CONSOLE_IO, XEN_CONSOLEIO_READ,
				maxlen, (uintptr_t)buf);

	return rc > 0 ? rc : 0;
}

static int ring_cink(char *buf, unsigned int maxlen)
{
	uint32_t prod, cons, n;

	prod = ring->in_prod;
	cons = ring->in_cons;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);	/* index, then data */
	n = xen_ring_get((const char *)ring->in, XEN_CONS_IN_SIZE, prod,
			 &cons, buf, maxlen);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ring->in_cons = cons;
	if (n)
		xen_evtchn_notify(ring_port);
	return n;
}

/* The ring needs event channels (xen_shared is their shared info). */
static int ring_probe(void)
{
	uint64_t pfn = 0, port = 0;

	if (!xen_present || !xen_shared)
		return -UK_ENODEV;
	if (xen_hvm_get_param(XEN_HVM_PARAM_CONSOLE_PFN, &pfn) < 0 || !pfn ||
	    xen_hvm_get_param(XEN_HVM_PARAM_CONSOLE_EVTCHN, &port) < 0)
		return -UK_ENODEV;	/* console_io it is */
	if (pfn >= (4ULL << 30) / XEN_PAGE_SIZE)
		return -UK_ENODEV;	/* beyond the boot page tables' 4 GiB */
	ring_port = port;
	ring = (volatile struct xen_cons_interface *)(uintptr_t)
		(pfn * XEN_PAGE_SIZE);
	ring_coutk(early, early_len);
	return 0;
}

static int io_probe(void)
{
	return xen_present ? 0 : -UK_ENODEV;
}

static const struct ukplat_console_ops ring_ops = {
	.coutk = ring_out,
	.cink = ring_cink,
};

static const struct ukplat_console_ops io_ops = {
	.coutk = io_coutk,
	.cink = io_cink,
};

/* 2: preferred to console_io (UKPLAT_DRIVER_PRIO_PV) */
UKPLAT_DRIVER(xen_console_ring, UKPLAT_DRIVER_CONSOLE, 2, ring_probe,
	      &ring_ops);
UKPLAT_DRIVER(xen_console_io, UKPLAT_DRIVER_CONSOLE, UKPLAT_DRIVER_PRIO_PV,
	      io_probe, &io_ops);
