/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Enters musl the way Linux starts a static program: on a fresh stack
 * holding argc, argv, envp and the auxiliary vector, at crt1.o's _start.
 * musl then sets up TLS (arch_prctl), the stack protector (AT_RANDOM),
 * runs constructors, calls main and, at exit, flushes stdio, runs atexit
 * handlers and calls exit_group, which ends in uk_boot_exit().
 *
 * AT_RANDOM: 16 bytes from the CPU's random instruction when it has one;
 * otherwise from the monotonic clock mixed with splitmix64 (not
 * cryptographic; a warning says so).
 *
 * AT_SYSINFO_EHDR: the vDSO (libuk/posix/vdso.c), through which musl's
 * clock_gettime reads the clock without a system call.
 */
#include <uk/boot.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/random.h>
#include <uk/plat/time.h>
#include "../posix/elf.h"

#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_HWCAP2	26
#define AT_EXECFN	31
#define AT_SYSINFO_EHDR	33

/* The ELF header at the start of the loaded image (see link.ld). */
extern const struct elf64_ehdr __uk_image_start[];
void _start(void);
unsigned long ukarch_hwcap(void);
const void *uk_vdso_ehdr(void);	/* libuk/posix/vdso.c */

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void random_bytes(uint8_t out[16])
{
	uint64_t seed, v[2];

	if (ukplat_random_hw(out, 16) == 0 || ukplat_random_dev(out, 16) == 0)
		return;
	uk_pr_warn("no hardware RNG: AT_RANDOM comes from the clock (predictable)\n");
	seed = ukplat_wall_clock() ^ ukplat_monotonic_clock();
	v[0] = splitmix64(&seed);
	v[1] = splitmix64(&seed);
	uk_memcpy(out, v, 16);
}

/* Pushes @n bytes of @src below *@sp; returns the copy. */
static void *push_bytes(char **sp, const void *src, size_t n)
{
	*sp -= n;
	uk_memcpy(*sp, src, n);
	return *sp;
}

void *uk_app_stack(char *sp, int argc, char **argv, char **envp,
		   const struct uk_app_exec *ex)
{
	uint8_t rnd[16];
	const char *execfn, *platform;
	unsigned long *p;
	int envc, i;
	size_t words;

	for (envc = 0; envp[envc]; envc++)
		;
	random_bytes(rnd);

	/* strings and the random bytes above the vectors */
	void *at_random = push_bytes(&sp, rnd, sizeof(rnd));
	execfn = push_bytes(&sp, ex->execfn, uk_strlen(ex->execfn) + 1);
	platform = push_bytes(&sp, UK_ARCH_NAME, sizeof(UK_ARCH_NAME));

	unsigned long auxv[][2] = {
		{ AT_PHDR, (unsigned long)ex->phdr },
		{ AT_PHENT, ex->phent },
		{ AT_PHNUM, ex->phnum },
		{ AT_PAGESZ, UK_PAGE_SIZE },
		{ AT_BASE, ex->base },
		{ AT_ENTRY, ex->entry },
		{ AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 },
		{ AT_PLATFORM, (unsigned long)platform },
		{ AT_HWCAP, ukarch_hwcap() },
		{ AT_HWCAP2, 0 },
		{ AT_CLKTCK, 100 },
		{ AT_SECURE, 0 },
		{ AT_RANDOM, (unsigned long)at_random },
		{ AT_EXECFN, (unsigned long)execfn },
		{ AT_SYSINFO_EHDR, (unsigned long)uk_vdso_ehdr() },
		{ AT_NULL, 0 },
	};

	/* argc, argv..., NULL, envp..., NULL, auxv: sp 16-aligned at argc */
	words = 1 + argc + 1 + envc + 1 + UK_ARRAY_SIZE(auxv) * 2;
	sp = (char *)UK_ALIGN_DOWN((uintptr_t)sp - words * sizeof(long), 16);
	p = (unsigned long *)sp;
	*p++ = argc;
	for (i = 0; i < argc; i++)
		*p++ = (unsigned long)argv[i];
	*p++ = 0;
	for (i = 0; i < envc; i++)
		*p++ = (unsigned long)envp[i];
	*p++ = 0;
	uk_memcpy(p, auxv, sizeof(auxv));
	return sp;
}

void uk_app_start(int argc, char **argv, char **envp)
{
	const struct elf64_ehdr *eh = __uk_image_start;
	const struct uk_app_exec self = {
		.phdr = (const char *)eh + eh->phoff,
		.phent = eh->phentsize,
		.phnum = eh->phnum,
		.entry = (unsigned long)_start,
		.base = 0,
		.execfn = argv[0],
	};
	char *sp = uk_boot_app_stack();

	uk_boot_mark_main();
	ukarch_jump(uk_app_stack(sp, argc, argv, envp, &self), _start);
}
