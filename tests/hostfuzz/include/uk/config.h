/*
 * The configuration of the host-side builds (tests/hostfuzz): kernel
 * sources compiled natively for libFuzzer and the sanitizers. It takes
 * the place of the uk/config.h that configure generates for an image;
 * every allocator is built in.
 */
#ifndef UK_CONFIG_H
#define UK_CONFIG_H

#define UK_VERSION		"host"
#define UK_ARCH_NAME		"x86_64"
#define UK_PLAT_NAME		"host"
#define UK_ARCH_X86_64		1
#define UK_PLAT_HOST		1
#define UK_CONFIG_ALLOC_TLSF	1
#define UK_CONFIG_ALLOC_HAVE_REGION	1
#define UK_CONFIG_ALLOC_HAVE_BUDDY	1
#define UK_CONFIG_ALLOC_HAVE_TLSF	1
/* alloc-asan-debug builds with -DUK_CONFIG_ALLOC_DEBUG=1 */
#ifndef UK_CONFIG_ALLOC_DEBUG
#define UK_CONFIG_ALLOC_DEBUG		0
#endif
#define UK_CONFIG_SCHED_NONE	1
#define UK_CONFIG_LIBC_NONE	1
#define UK_CONFIG_LIB_BLKDEV		0
#define UK_CONFIG_NETDEV		0
/* each file is linked as it is: no link anchors (uk/link.h) */
#define UK_CONFIG_LINK_NONE		1

#endif /* UK_CONFIG_H */
