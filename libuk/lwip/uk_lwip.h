/* SPDX-License-Identifier: BSD-3-Clause */
/* Between the parts of libuk/lwip. */
#ifndef UK_LWIP_H
#define UK_LWIP_H

/* Starts lwIP and brings up loopback and every netdev, once; later calls
 * return at once. Called by the first socket system call. */
void uk_lwip_start(void);

#endif /* UK_LWIP_H */
