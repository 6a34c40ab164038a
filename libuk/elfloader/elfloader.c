/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ELF loader image: runs an unmodified static Linux executable.
 *
 *   uk-run LOADER -- PATH [ARGS...]        (uk-run --elf PROGRAM does this)
 *
 * PATH is read from the file tree (the initrd, a 9p share ...), checked,
 * its PT_LOAD segments copied into memory with their protections (W^X:
 * a segment both writable and executable is refused), and the program
 * entered on a fresh main stack holding the Linux initial stack that the
 * image's own start-up builds (uk_app_stack(): argc, argv = PATH ARGS...,
 * envp, the auxiliary vector with the program's AT_PHDR/AT_PHNUM/AT_ENTRY,
 * AT_BASE 0, AT_RANDOM, the vDSO). Its system calls arrive through the
 * kernel's trap entry like the image's own; exit_group ends the VM.
 *
 * Where it goes:
 *   ET_EXEC (fixed addresses, "cc -static"): the addresses must lie in
 *     the window [ELF_WINDOW_START, ELF_WINDOW_END), memory the image keeps
 *     free for it (a bss array at 4 MiB: the usual link address of x86_64
 *     executables). Memory is identity-mapped: nothing can be placed at an
 *     address that is not RAM kept free.
 *   ET_DYN without PT_INTERP (static PIE): anywhere, in an anonymous
 *     mapping (mmap) at the alignment its segments ask (up to 2 MiB), so
 *     that the program's own mprotect of it (RELRO) works; fixed-address
 *     segments' pages get their protection from the platform directly.
 * Whatever of the window the program does not use goes to the heap.
 *
 * Bad input is refused with a message naming the file and what is wrong,
 * and the exit status ELF_EX_REFUSED (123); a missing file is ELF_EX_NOENT
 * (122). Checked: magic, class ELF64, little-endian, version, type
 * EXEC/DYN, the machine of this image, the program header table inside
 * the file with entries of the ELF64 size, every PT_LOAD's bytes inside
 * the file, p_filesz <= p_memsz, no sum that wraps, addresses below
 * 2^47, PT_LOAD segments in address order and not overlapping, the
 * entry point inside an executable segment, the whole under ELF_SPAN_MAX.
 * Not supported yet (refused, said so): dynamic executables (PT_INTERP).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uk/alloc.h>
#include <uk/boot.h>
#include <uk/plat/paging.h>

#define ELF_EX_NOENT	122
#define ELF_EX_REFUSED	123

#include "../posix/elf.h"
#include "window.h"
#define ELF_SPAN_MAX		(1UL << 30)	/* a program's whole extent */
#define ELF_FILE_MAX		(1UL << 30)
#define ELF_ADDR_TOP		(1UL << 47)
#define ELF_PHNUM_MAX		128
#define ELF_ALIGN_MAX		(2UL << 20)

/* beside the ELF64 structures and constants of libuk/posix/elf.h */
#define ET_EXEC		2
#define PT_INTERP	3
#define PT_PHDR		6
#define PF_W		2

#if defined(__x86_64__)
#define ELF_MACHINE	EM_X86_64
#define ELF_MACHINE_NAME "x86_64"
#elif defined(__aarch64__)
#define ELF_MACHINE	EM_AARCH64
#define ELF_MACHINE_NAME "aarch64"
#endif

/* Memory kept free for fixed-address executables (window.c). */
extern char uk_elfloader_window[ELF_WINDOW_SIZE];

static const char *path;

static void __attribute__((noreturn, format(printf, 2, 3)))
refuse(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "elfloader: %s: ", path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static char *read_file(size_t *size)
{
	struct stat st;
	size_t done = 0;
	ssize_t n;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		refuse(errno == ENOENT ? ELF_EX_NOENT : ELF_EX_REFUSED,
		       "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) < 0)
		refuse(ELF_EX_REFUSED, "cannot stat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		refuse(ELF_EX_REFUSED, "not a regular file");
	if ((uint64_t)st.st_size > ELF_FILE_MAX)
		refuse(ELF_EX_REFUSED, "%lld bytes: larger than %lu MiB",
		       (long long)st.st_size, ELF_FILE_MAX >> 20);
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf)
		refuse(ELF_EX_REFUSED, "no memory to read its %lld bytes",
		       (long long)st.st_size);
	while (done < (size_t)st.st_size) {
		n = read(fd, buf + done, st.st_size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			refuse(ELF_EX_REFUSED, "read: %s",
			       n ? strerror(errno) : "unexpected end");
		done += n;
	}
	close(fd);
	*size = done;
	return buf;
}

/* Refuses anything the header says that this loader cannot run. */
static void check_header(const struct elf64_ehdr *eh, size_t size)
{
	static const unsigned char magic[4] = { 0x7f, 'E', 'L', 'F' };

	if (size < 4 || memcmp(eh->ident, magic, 4))
		refuse(ELF_EX_REFUSED, "not an ELF file");
	if (size < sizeof(*eh))
		refuse(ELF_EX_REFUSED, "truncated ELF header (%zu bytes)", size);
	if (eh->ident[4] != ELFCLASS64)
		refuse(ELF_EX_REFUSED, "not a 64-bit ELF file (class %u)",
		       eh->ident[4]);
	if (eh->ident[5] != ELFDATA2LSB)
		refuse(ELF_EX_REFUSED, "not little-endian (data %u)",
		       eh->ident[5]);
	if (eh->ident[6] != EV_CURRENT || eh->version != EV_CURRENT)
		refuse(ELF_EX_REFUSED, "unknown ELF version");
	if (eh->machine != ELF_MACHINE)
		refuse(ELF_EX_REFUSED,
		       "ELF machine %u: this loader runs " ELF_MACHINE_NAME
		       " programs (machine %u)", eh->machine, ELF_MACHINE);
	if (eh->type != ET_EXEC && eh->type != ET_DYN)
		refuse(ELF_EX_REFUSED,
		       "ELF type %u is not an executable (EXEC 2 or DYN 3)",
		       eh->type);
	if (eh->phentsize != sizeof(struct elf64_phdr))
		refuse(ELF_EX_REFUSED, "program header entries of %u bytes, not %zu",
		       eh->phentsize, sizeof(struct elf64_phdr));
	if (eh->phnum == 0 || eh->phnum > ELF_PHNUM_MAX)
		refuse(ELF_EX_REFUSED, "%u program headers (1 to %u)",
		       eh->phnum, ELF_PHNUM_MAX);
	if (eh->phoff > size ||
	    size - eh->phoff < (uint64_t)eh->phnum * sizeof(struct elf64_phdr))
		refuse(ELF_EX_REFUSED,
		       "truncated: the program headers (at %#llx) end past the file's %zu bytes",
		       (unsigned long long)eh->phoff, size);
	if (eh->phoff % 8)
		refuse(ELF_EX_REFUSED, "misaligned program headers");
}

/* The extent of the PT_LOAD segments, [*lo, *hi) in pages; the largest
 * alignment in *align. Refuses bad segments. */
static void check_segments(const struct elf64_ehdr *eh,
			   const struct elf64_phdr *ph, size_t size,
			   uint64_t *lo, uint64_t *hi, uint64_t *align)
{
	uint64_t prev_end = 0, end;
	bool entry_ok = false;
	int loads = 0;

	*align = UK_PAGE_SIZE;
	for (int i = 0; i < eh->phnum; i++) {
		const struct elf64_phdr *p = &ph[i];

		if (p->type == PT_INTERP)
			refuse(ELF_EX_REFUSED,
			       "a dynamic executable (PT_INTERP): only static ones (cc -static, -static-pie) run yet");
		if (p->type != PT_LOAD)
			continue;
		if (p->filesz > p->memsz)
			refuse(ELF_EX_REFUSED,
			       "segment %d: p_filesz %#llx > p_memsz %#llx", i,
			       (unsigned long long)p->filesz,
			       (unsigned long long)p->memsz);
		if (p->offset > size || size - p->offset < p->filesz)
			refuse(ELF_EX_REFUSED,
			       "truncated: segment %d's bytes (%#llx+%#llx) end past the file's %zu bytes",
			       i, (unsigned long long)p->offset,
			       (unsigned long long)p->filesz, size);
		if (p->vaddr >= ELF_ADDR_TOP || p->memsz > ELF_SPAN_MAX ||
		    p->vaddr + p->memsz > ELF_ADDR_TOP)
			refuse(ELF_EX_REFUSED,
			       "segment %d (%#llx+%#llx) is outside the address space or larger than %lu MiB",
			       i, (unsigned long long)p->vaddr,
			       (unsigned long long)p->memsz, ELF_SPAN_MAX >> 20);
		if (p->align > 1 && ((p->align & (p->align - 1)) ||
				     p->align > ELF_ALIGN_MAX))
			refuse(ELF_EX_REFUSED,
			       "segment %d: alignment %#llx (a power of two up to 2 MiB)",
			       i, (unsigned long long)p->align);
		if ((p->flags & (PF_W | PF_X)) == (PF_W | PF_X))
			refuse(ELF_EX_REFUSED,
			       "segment %d is writable and executable (W^X)", i);
		end = p->vaddr + p->memsz;
		if (loads && p->vaddr < prev_end)
			refuse(ELF_EX_REFUSED,
			       "segment %d (%#llx-%#llx) overlaps the one before or is out of order (ends %#llx)",
			       i, (unsigned long long)p->vaddr,
			       (unsigned long long)end,
			       (unsigned long long)prev_end);
		if (!loads)
			*lo = UK_ALIGN_DOWN(p->vaddr, UK_PAGE_SIZE);
		if (p->align > *align)
			*align = p->align;
		if ((p->flags & PF_X) && eh->entry >= p->vaddr &&
		    eh->entry < p->vaddr + p->filesz)
			entry_ok = true;
		prev_end = end;
		loads++;
	}
	if (!loads)
		refuse(ELF_EX_REFUSED, "no loadable segment");
	*hi = UK_ALIGN_UP(prev_end, UK_PAGE_SIZE);
	if (*hi - *lo > ELF_SPAN_MAX)
		refuse(ELF_EX_REFUSED, "its segments span %llu MiB (at most %lu)",
		       (unsigned long long)((*hi - *lo) >> 20),
		       ELF_SPAN_MAX >> 20);
	if (!entry_ok)
		refuse(ELF_EX_REFUSED,
		       "entry point %#llx is not in an executable segment",
		       (unsigned long long)eh->entry);
}

/* Gives [start, end) of the window to the heap (page-aligned). */
static void window_release(uintptr_t start, uintptr_t end)
{
	if (end > start + UK_PAGE_SIZE * 16)
		uk_alloc_addmem(uk_alloc_get_default(), (void *)start,
				end - start);
}

/*
 * Memory for [lo, hi); returns the bias to add to the program's
 * addresses. ET_EXEC: the window (what is left of it goes to the heap);
 * ET_DYN: an anonymous mapping (zeroed) aligned to @align.
 */
static uint64_t place(const struct elf64_ehdr *eh, uint64_t lo, uint64_t hi,
		      uint64_t align)
{
	uintptr_t w = (uintptr_t)uk_elfloader_window;
	char *mem, *aligned;

	if (eh->type == ET_DYN) {
		window_release(w, w + ELF_WINDOW_SIZE);
		/* an anonymous mapping: the program may mprotect it (RELRO) */
		mem = mmap(NULL, hi - lo + align - UK_PAGE_SIZE,
			   PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mem == MAP_FAILED)
			refuse(ELF_EX_REFUSED,
			       "no memory for its %llu KiB of segments",
			       (unsigned long long)((hi - lo) >> 10));
		aligned = (char *)UK_ALIGN_UP((uintptr_t)mem, align);
		if (aligned > mem)
			munmap(mem, aligned - mem);
		if (aligned + (hi - lo) < mem + (hi - lo) + align - UK_PAGE_SIZE)
			munmap(aligned + (hi - lo),
			       mem + align - UK_PAGE_SIZE - aligned);
		return (uintptr_t)aligned - lo;
	}
	if (w != ELF_WINDOW_START)	/* aarch64, or the image outgrew 4 MiB */
		refuse(ELF_EX_REFUSED,
		       "linked at fixed addresses, and this loader has no memory kept for them (its window is at %#lx, not %#lx): build it -static-pie",
		       (unsigned long)w, ELF_WINDOW_START);
	if (lo < ELF_WINDOW_START || hi > ELF_WINDOW_END)
		refuse(ELF_EX_REFUSED,
		       "fixed addresses %#llx-%#llx: this loader places programs linked at fixed addresses only in %#lx-%#lx (build it -static-pie to run it anywhere)",
		       (unsigned long long)lo, (unsigned long long)hi,
		       ELF_WINDOW_START, ELF_WINDOW_END);
	window_release(w, lo);
	window_release(hi, ELF_WINDOW_END);
	return 0;
}

/* Copies the segments to @bias and gives their pages their protection;
 * a page two segments share gets both protections. */
/* Gives [start, start + len) protection @prot (UKPLAT_PROT_*): through
 * mprotect for the loader's mapping of a PIE, else the platform's. */
static int protect(const struct elf64_ehdr *eh, uint64_t start,
		   uint64_t len, int prot)
{
	if (eh->type == ET_EXEC)
		return ukplat_page_protect(start, len, prot);
	return mprotect((void *)start, len,
			(prot & UKPLAT_PROT_READ ? PROT_READ : 0) |
			(prot & UKPLAT_PROT_WRITE ? PROT_WRITE : 0) |
			(prot & UKPLAT_PROT_EXEC ? PROT_EXEC : 0)) ? -errno : 0;
}

static void map_segments(const struct elf64_ehdr *eh,
			 const struct elf64_phdr *ph, const char *file,
			 uint64_t bias)
{
	uint64_t prev_last = 0;
	int prev_prot = 0, rc;

	for (int i = 0; i < eh->phnum; i++) {
		const struct elf64_phdr *p = &ph[i];
		uint64_t start, end;
		int prot;

		if (p->type != PT_LOAD)
			continue;
		memcpy((char *)(p->vaddr + bias), file + p->offset, p->filesz);
		prot = (p->flags & PF_R ? UKPLAT_PROT_READ : 0) |
		       (p->flags & PF_W ? UKPLAT_PROT_WRITE : 0) |
		       (p->flags & PF_X ? UKPLAT_PROT_EXEC : 0);
		if (prot)	/* x86_64 pages cannot be execute-only */
			prot |= UKPLAT_PROT_READ;
		start = UK_ALIGN_DOWN(p->vaddr + bias, UK_PAGE_SIZE);
		end = UK_ALIGN_UP(p->vaddr + bias + p->memsz, UK_PAGE_SIZE);
		if (start == prev_last && prev_last) {
			/* the page the segment before ends in */
			rc = protect(eh, start, UK_PAGE_SIZE, prot | prev_prot);
			if (rc)
				goto fail;
			start += UK_PAGE_SIZE;
		}
		if (end > start) {
			rc = protect(eh, start, end - start, prot);
			if (rc)
				goto fail;
		}
		prev_last = end - UK_PAGE_SIZE;
		prev_prot = prot;
	}
	return;
fail:
	refuse(ELF_EX_REFUSED, "cannot set its pages' protection (%d)", rc);
}

/* The program headers as loaded (AT_PHDR): in the segment that holds
 * them in the file, else a copy. */
static const void *loaded_phdr(const struct elf64_ehdr *eh,
			       const struct elf64_phdr *ph, uint64_t bias)
{
	size_t len = (size_t)eh->phnum * sizeof(*ph);
	void *copy;

	for (int i = 0; i < eh->phnum; i++)
		if (ph[i].type == PT_PHDR)
			return (const void *)(ph[i].vaddr + bias);
	for (int i = 0; i < eh->phnum; i++)
		if (ph[i].type == PT_LOAD && eh->phoff >= ph[i].offset &&
		    eh->phoff - ph[i].offset + len <= ph[i].filesz)
			return (const void *)(ph[i].vaddr + bias +
					      eh->phoff - ph[i].offset);
	copy = malloc(len);
	if (!copy)
		refuse(ELF_EX_REFUSED, "no memory for its program headers");
	return memcpy(copy, ph, len);
}

/*
 * Enters the program at @entry on stack @sp as Linux does: the register
 * the ABI reserves for a function to register with atexit (x86_64 rdx,
 * aarch64 x0) is 0, and the frame pointer and link register too. glibc's
 * _start registers a non-zero rdx, which would be run at exit.
 */
static void __attribute__((noreturn)) enter(char *sp, uintptr_t entry)
{
#if defined(__x86_64__)
	__asm__ __volatile__("mov %0, %%rsp\n\t"
			     "xor %%edx, %%edx\n\t"
			     "xor %%ebp, %%ebp\n\t"
			     "jmp *%1"
			     : : "D"(sp), "S"(entry) : "memory");
#elif defined(__aarch64__)
	register char *s __asm__("x16") = sp;
	register uintptr_t e __asm__("x17") = entry;

	__asm__ __volatile__("mov sp, x16\n\t"
			     "mov x0, xzr\n\t"
			     "mov x29, xzr\n\t"
			     "mov x30, xzr\n\t"
			     "br x17"
			     : : "r"(s), "r"(e) : "memory");
#endif
	__builtin_unreachable();
}

int main(int argc, char **argv)
{
	extern char **environ;
	const struct elf64_ehdr *eh;
	const struct elf64_phdr *ph;
	uint64_t lo = 0, hi = 0, align, bias;
	struct uk_app_exec ex;
	size_t size;
	char *file, *sp;

	if (argc < 2) {
		fprintf(stderr, "usage: elfloader PROGRAM [ARGS...] (uk-run --elf PROGRAM)\n");
		return ELF_EX_REFUSED;
	}
	path = argv[1];
	file = read_file(&size);
	eh = (const struct elf64_ehdr *)file;
	check_header(eh, size);
	ph = (const struct elf64_phdr *)(file + eh->phoff);
	check_segments(eh, ph, size, &lo, &hi, &align);
	bias = place(eh, lo, hi, align);
	map_segments(eh, ph, file, bias);

	ex = (struct uk_app_exec){
		.phdr = loaded_phdr(eh, ph, bias),
		.phent = sizeof(*ph),
		.phnum = eh->phnum,
		.entry = eh->entry + bias,
		.base = 0,
		.execfn = path,
	};
	fflush(NULL);
	/* a fresh main stack: this one's frames are left behind */
	sp = uk_app_stack(uk_boot_app_stack(), argc - 1, argv + 1, environ,
			  &ex);
	enter(sp, ex.entry);
}
