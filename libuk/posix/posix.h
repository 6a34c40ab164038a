/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal interfaces between the POSIX layer's files. */
#ifndef UK_POSIX_POSIX_H
#define UK_POSIX_POSIX_H

#include <uk/essentials.h>
#include "linux.h"

/* True if @pid / @tid name this process / its thread. */
bool uk_posix_is_self(long pid);
bool uk_posix_is_self_tid(long tid);

/* Signal @sig sent to ourselves: default action, ignore, or report. */
long uk_posix_signal_self(int sig);

/* Wakes up to @n futex waiters on @addr (futex.c); returns how many. */
long uk_posix_futex_wake(const uint32_t *addr, int n);

#endif /* UK_POSIX_POSIX_H */
