/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * System information: uname, resource limits, sysinfo, getrandom.
 *
 * uname reports sysname "Linux" (applications take their Linux paths,
 * whose system calls libuk serves) and a release that names libuk.
 */
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/memory.h>
#include <uk/plat/random.h>
#include <uk/plat/time.h>
#include <uk/uaccess.h>
#include "posix.h"
#include "file.h"

static long uk_sys_uname(struct l_utsname *uu)
{
	struct l_utsname k, *u = &k;

	uk_memset(u, 0, sizeof(*u));
	uk_strlcpy(u->sysname, "Linux", sizeof(u->sysname));
	uk_strlcpy(u->nodename, "libuk", sizeof(u->nodename));
	uk_strlcpy(u->release, "6.1.0-libuk-" UK_VERSION, sizeof(u->release));
	uk_strlcpy(u->version, "libuk " UK_VERSION " " UK_ARCH_NAME "-"
		   UK_PLAT_NAME, sizeof(u->version));
	uk_strlcpy(u->machine, UK_ARCH_NAME, sizeof(u->machine));
	uk_strlcpy(u->domainname, "(none)", sizeof(u->domainname));
	return uk_copy_to_user(uu, u, sizeof(*u));
}
UK_SYSCALL_REGISTER(uname, uk_sys_uname);

static struct l_rlimit limits[L_RLIMIT_NLIMITS];
static bool limits_ready;

static void limits_init(void)
{
	for (int i = 0; i < L_RLIMIT_NLIMITS; i++)
		limits[i] = (struct l_rlimit){ L_RLIM_INFINITY,
					       L_RLIM_INFINITY };
	limits[L_RLIMIT_NOFILE] = (struct l_rlimit){ 1024, 4096 };
	limits[L_RLIMIT_STACK] = (struct l_rlimit){ 8 << 20, L_RLIM_INFINITY };
	limits_ready = true;
}

static long uk_sys_prlimit64(int pid, unsigned int res,
			     const struct l_rlimit *newl,
			     struct l_rlimit *oldl)
{
	struct l_rlimit new, old;

	if (!uk_posix_is_self(pid))
		return -UK_ESRCH;
	if (res >= L_RLIMIT_NLIMITS)
		return -UK_EINVAL;
	if (!limits_ready)
		limits_init();
	/* @newl is read before @oldl is written: they may be the same */
	if (newl) {
		if (uk_copy_from_user(&new, newl, sizeof(new)))
			return -UK_EFAULT;
		if (new.cur > new.max)
			return -UK_EINVAL;
	}
	old = limits[res];
	if (newl)
		limits[res] = new;
	if (oldl)
		return uk_copy_to_user(oldl, &old, sizeof(old));
	return 0;
}
UK_SYSCALL_REGISTER(prlimit64, uk_sys_prlimit64);

unsigned long uk_posix_rlimit(unsigned int res)
{
	if (res >= L_RLIMIT_NLIMITS)
		return L_RLIM_INFINITY;
	if (!limits_ready)
		limits_init();
	return limits[res].cur;
}

static long uk_sys_getrlimit(unsigned int res, struct l_rlimit *r)
{
	return uk_sys_prlimit64(0, res, NULL, r);
}
UK_SYSCALL_REGISTER(getrlimit, uk_sys_getrlimit);

static long uk_sys_setrlimit(unsigned int res, const struct l_rlimit *r)
{
	return uk_sys_prlimit64(0, res, r, NULL);
}
UK_SYSCALL_REGISTER(setrlimit, uk_sys_setrlimit);

static long uk_sys_sysinfo(struct l_sysinfo *usi)
{
	struct l_sysinfo k, *si = &k;
	uint64_t total = 0;

	for (int i = 0; i < ukplat_memregion_count(); i++) {
		const struct ukplat_memregion *r = ukplat_memregion_get(i);

		if (r->type == UKPLAT_MEMRT_FREE ||
		    r->type == UKPLAT_MEMRT_KERNEL)
			total += r->len;
	}
	uk_memset(si, 0, sizeof(*si));
	si->uptime = ukplat_monotonic_clock() / UKPLAT_NSEC_PER_SEC;
	si->totalram = total;
	si->freeram = uk_alloc_availmem(uk_alloc_get_default());
	si->procs = 1;
	si->mem_unit = 1;
	return uk_copy_to_user(usi, si, sizeof(*si));
}
UK_SYSCALL_REGISTER(sysinfo, uk_sys_sysinfo);

/*
 * Fallback generator when neither the CPU nor a device gives entropy:
 * xorshift seeded by clocks.
 */
static void weak_random(uint8_t *p, size_t len)
{
	static uint64_t s;

	if (!s)
		s = (ukplat_wall_clock() ^ (ukplat_monotonic_clock() << 17)) | 1;
	while (len--) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		*p++ = (uint8_t)(s >> 24);
	}
}

/* The CPU's instruction, else a device (virtio-rng), else the fallback. */
long uk_posix_random(void *buf, size_t len)
{
	if (ukplat_random_hw(buf, len) < 0 && ukplat_random_dev(buf, len) < 0)
		weak_random(buf, len);
	return len;
}

static long uk_sys_getrandom(void *buf, size_t len, unsigned int flags)
{
	if (flags & ~(L_GRND_NONBLOCK | L_GRND_RANDOM | L_GRND_INSECURE))
		return -UK_EINVAL;
	len = UK_MIN(len, 33554431UL);	/* Linux's per-call cap */
	if (!uk_user_ok(buf, len, true))
		return -UK_EFAULT;
	return uk_posix_random(buf, len);
}
UK_SYSCALL_REGISTER(getrandom, uk_sys_getrandom);
