/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The weak direct entries (uk/syscall.h): uk_sysdirect_NAME() for every
 * system call of the architecture, each a dispatch through the table.
 * UK_SYSCALL_REGISTER's strong definitions replace them where a handler
 * exists (the archive is linked whole); the others return -ENOSYS, so
 * a C library built against the kernel links whatever it calls.
 */
#include <uk/syscall.h>
#include "direct_weak.h"
