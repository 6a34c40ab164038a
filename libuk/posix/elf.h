/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ELF64 structures the kernel reads (its own image's header, for the
 * auxiliary vector: libuk/musl/start.c) and writes (the vDSO: vdso.c),
 * with the constants they use. Self-contained: no libc header.
 */
#ifndef UK_POSIX_ELF_H
#define UK_POSIX_ELF_H

#include <uk/essentials.h>

#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_DYN		3
#define EM_X86_64	62
#define EM_AARCH64	183

#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PF_X		1
#define PF_R		4

#define DT_NULL		0
#define DT_HASH		4
#define DT_STRTAB	5
#define DT_SYMTAB	6
#define DT_STRSZ	10
#define DT_SYMENT	11

#define STB_GLOBAL	1
#define STT_FUNC	2

struct elf64_ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct elf64_dyn {
	int64_t tag;
	uint64_t val;
};

struct elf64_sym {
	uint32_t name;
	unsigned char info, other;
	uint16_t shndx;
	uint64_t value, size;
};

#endif /* UK_POSIX_ELF_H */
