/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's compiler and platform glue: freestanding types, diagnostics
 * through the kernel's printk, assertion failures crash with a report.
 */
#ifndef UK_LWIP_ARCH_CC_H
#define UK_LWIP_ARCH_CC_H

#include <stddef.h>
#include <stdint.h>
#include <uk/print.h>
#include <uk/essentials.h>
#include <uk/assert.h>

#define LWIP_NO_INTTYPES_H	1
#define LWIP_NO_CTYPE_H		1
#define LWIP_NO_UNISTD_H	1
#define LWIP_NO_LIMITS_H	1
#define SSIZE_MAX		__LONG_MAX__
#define INT_MAX			__INT_MAX__
typedef long ssize_t;
#define X8_F	"02x"
#define U16_F	"u"
#define S16_F	"d"
#define X16_F	"x"
#define U32_F	"u"
#define S32_F	"d"
#define X32_F	"x"
#define SZT_F	"lu"

#define BYTE_ORDER		LITTLE_ENDIAN
#define LWIP_PLATFORM_DIAG(x)	do { uk_pr_debug x; } while (0)
#define LWIP_PLATFORM_ASSERT(x)	\
	uk_crash(__FILE__, __LINE__, "lwIP: %s", x)

/* lwIP's own errno variable (LWIP_PROVIDE_ERRNO: Linux's values) */
extern int uk_lwip_errno;
#define errno uk_lwip_errno

#endif /* UK_LWIP_ARCH_CC_H */
