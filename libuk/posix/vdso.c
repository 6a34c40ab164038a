/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vDSO: a minimal shared-object image in kernel memory whose address
 * the auxiliary vector gives as AT_SYSINFO_EHDR (libuk/musl/start.c), so
 * that musl's clock_gettime is a function call instead of a trap.
 *
 * musl (1.2.3, src/internal/vdso.c) reads only this much of it: the ELF
 * header's program headers; base = ehdr + p_offset - p_vaddr of the
 * PT_LOAD; from PT_DYNAMIC the DT_STRTAB, DT_SYMTAB and DT_HASH offsets
 * (relative to base); hash[1] (nchain) symbols, of which it takes one
 * that is defined (st_shndx != 0), FUNC/NOTYPE/OBJECT, GLOBAL/WEAK, with
 * the name it wants; without DT_VERDEF it checks no version. It returns
 * base + st_value. Here p_offset = p_vaddr = 0, so base is the image,
 * and st_value is the function's address less the image's, set by
 * uk_vdso_ehdr() (not a constant C can express; unsigned arithmetic
 * wraps, so a function below the image is fine).
 *
 * musl's clock_gettime calls the function first for every clock: 0 is
 * an answer, -EINVAL an error for the caller, anything else makes it
 * take the system call. The function answers the platform clocks and
 * returns -ENOSYS otherwise (CPU-time clocks, unknown clocks, no
 * timespec), leaving those to the system call.
 */
#include <uk/errno.h>
#include "posix.h"
#include "elf.h"

#if defined(__x86_64__)
#define EM_HOST		EM_X86_64
#define CGT_NAME	"__vdso_clock_gettime"
#elif defined(__aarch64__)
#define EM_HOST		EM_AARCH64
#define CGT_NAME	"__kernel_clock_gettime"
#else
#error "vdso.c: no vDSO symbol name for this architecture"
#endif

/* Symbol 1 (after the null one), named at string offset 1. */
#define SYM_CGT		1
#define STRINGS		"\0" CGT_NAME

static struct image {
	struct elf64_ehdr eh;
	struct elf64_phdr ph[2];
	struct elf64_dyn dyn[6];
	struct elf64_sym sym[2];
	/* SysV hash: nbucket 1, nchain 2, bucket[0], chain[0..1] */
	uint32_t hash[5];
	char str[sizeof(STRINGS)];
} image = {
	.eh = {
		.ident = { 0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB,
			   EV_CURRENT },
		.type = ET_DYN,
		.machine = EM_HOST,
		.version = EV_CURRENT,
		.phoff = offsetof(struct image, ph),
		.ehsize = sizeof(struct elf64_ehdr),
		.phentsize = sizeof(struct elf64_phdr),
		.phnum = 2,
	},
	.ph = {
		{ .type = PT_LOAD, .flags = PF_R | PF_X,
		  .filesz = sizeof(struct image),
		  .memsz = sizeof(struct image), .align = 8 },
		{ .type = PT_DYNAMIC, .flags = PF_R,
		  .offset = offsetof(struct image, dyn),
		  .vaddr = offsetof(struct image, dyn),
		  .paddr = offsetof(struct image, dyn),
		  .filesz = sizeof(((struct image *)0)->dyn),
		  .memsz = sizeof(((struct image *)0)->dyn), .align = 8 },
	},
	.dyn = {
		{ DT_HASH, offsetof(struct image, hash) },
		{ DT_STRTAB, offsetof(struct image, str) },
		{ DT_SYMTAB, offsetof(struct image, sym) },
		{ DT_STRSZ, sizeof(STRINGS) },
		{ DT_SYMENT, sizeof(struct elf64_sym) },
		{ DT_NULL, 0 },
	},
	.sym = {
		{ 0 },
		/* shndx: any defined section (there are no section
		 * headers); value: set by uk_vdso_ehdr() */
		{ .name = 1, .info = STB_GLOBAL << 4 | STT_FUNC, .shndx = 1 },
	},
	/* one bucket, whatever the name's hash: symbol 1, then the end */
	.hash = { 1, 2, SYM_CGT, 0, 0 },
	.str = STRINGS,
};

/*
 * clock_gettime in application context: interrupts enabled, preemptible
 * at any instruction, on the application's stack. It takes no lock and
 * keeps no state; uk_posix_clock_read() reads the platform clocks, which
 * are safe there: on x86_64 the TSC and constants (the calibration runs
 * once, with interrupts disabled: tsc.c); on Xen the pvclock's and the
 * shared info's versioned records, re-read when Xen changed them
 * meanwhile, and a compare-and-swap for the never-back guard; on arm64
 * CNTVCT and constants set at boot. Elsewhere than on Xen the wall
 * clock adds an offset set at boot. Kernel code touches no vector
 * register (-mgeneral-regs-only), so the application's are kept as by
 * any call.
 */
int uk_vdso_clock_gettime(int clk, struct l_timespec *ts)
{
	uint64_t ns;

	if (!ts || uk_posix_clock_read(clk, &ns))
		return -UK_ENOSYS;
	uk_posix_to_timespec(ns, ts);
	return 0;
}

/* The image for AT_SYSINFO_EHDR (called before the application runs). */
const void *uk_vdso_ehdr(void)
{
	image.sym[SYM_CGT].value =
		(uintptr_t)uk_vdso_clock_gettime - (uintptr_t)&image;
	return &image;
}
