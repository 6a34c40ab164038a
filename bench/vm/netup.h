/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef BENCH_NETUP_H
#define BENCH_NETUP_H

/* Loads /NAME.ko for the virtio and virtio-net modules that exist. */
void netup_load_modules(void);
/* The index of interface @name once it exists (10 s at most), or 0. */
unsigned int netup_wait(const char *name);
/* Gives @name address @addr with netmask @mask (none if @addr is NULL)
 * and brings it up: 0 or -1. */
int netup_if(const char *name, const char *addr, const char *mask);

#endif
