#!/bin/sh
# gen-syscall-nr.sh BITS_SYSCALL_H OUT_NR_H OUT_NAMES_H
# Derives the system-call numbers and names of the architecture from the
# C library's <bits/syscall.h> (Linux's numbers, as musl publishes them).
set -e
in=$1 nr=$2 names=$3
{
	echo "/* Generated from $in by gen-syscall-nr.sh. */"
	echo "#ifndef UK_SYSCALL_NR_H"
	echo "#define UK_SYSCALL_NR_H"
	sed -n 's/^#define __NR_\([a-z0-9_]*\)[ \t]*\([0-9][0-9]*\).*$/#define UK_NR_\1 \2/p' "$in"
	max=$(sed -n 's/^#define __NR_[a-z0-9_]*[ \t]*\([0-9][0-9]*\).*$/\1/p' "$in" | sort -n | tail -1)
	echo "#define UK_SYSCALL_MAX $((max + 1))"
	echo "#endif"
} > "$nr.tmp"
{
	echo "/* Generated from $in by gen-syscall-nr.sh. */"
	sed -n 's/^#define __NR_\([a-z0-9_]*\)[ \t]*\([0-9][0-9]*\).*$/	[\2] = "\1",/p' "$in"
} > "$names.tmp"
mv "$nr.tmp" "$nr"
mv "$names.tmp" "$names"
