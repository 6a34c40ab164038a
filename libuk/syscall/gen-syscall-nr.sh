#!/bin/sh
# gen-syscall-nr.sh nr|names|direct|weak BITS_SYSCALL_H OUT
# Derives, from the C library's <bits/syscall.h> (Linux's numbers of the
# architecture as musl publishes them):
#   nr      the numbers, UK_NR_name macros (uk/syscall_nr.h)
#   names   the name table of libuk/syscall/syscall.c
#   direct  for musl built with libuk/musl/direct/syscall_arch.h: the
#           declarations of uk_sysdirect_NAME() and __uk_syscall_const(),
#           which turns a constant number into a call of one of them
#   weak    the kernel's weak default of every uk_sysdirect_NAME(): a
#           dispatch through the table (ENOSYS when nobody registered it)
set -e
mode=$1 in=$2 out=$3
entries() {
	sed -n 's/^#define __NR_\([a-z0-9_]*\)[ \t]*\([0-9][0-9]*\).*$/\1 \2/p' "$in"
}
case $mode in
nr)
	max=$(entries | awk '$2 > m { m = $2 } END { print m + 1 }')
	{
		echo "/* Generated from $in by gen-syscall-nr.sh. */"
		echo "#ifndef UK_SYSCALL_NR_H"
		echo "#define UK_SYSCALL_NR_H"
		entries | awk '{ print "#define UK_NR_" $1 " " $2 }'
		echo "#define UK_SYSCALL_MAX $max"
		echo "#endif"
	} >"$out.tmp"
	;;
names)
	{
		echo "/* Generated from $in by gen-syscall-nr.sh. */"
		entries | awk '{ print "\t[" $2 "] = \"" $1 "\"," }'
	} >"$out.tmp"
	;;
direct)
	{
		echo "/* Generated from $in by gen-syscall-nr.sh. */"
		entries | awk '{ print "long uk_sysdirect_" $1 "(long, long, long, long, long, long);" }'
		echo "__UK_INLINE long __uk_syscall_const(long n, long a, long b, long c,"
		echo "				       long d, long e, long f)"
		echo "{"
		echo "	switch (n) {"
		entries | awk '{ print "\tcase " $2 ": return uk_sysdirect_" $1 "(a, b, c, d, e, f);" }'
		echo "	default: return uk_syscall_direct(n, a, b, c, d, e, f);"
		echo "	}"
		echo "}"
	} >"$out.tmp"
	;;
weak)
	{
		echo "/* Generated from $in by gen-syscall-nr.sh. */"
		entries | awk '{
			print "__weak long uk_sysdirect_" $1 "(long a0, long a1, long a2, long a3, long a4, long a5);"
			print "__weak long uk_sysdirect_" $1 "(long a0, long a1, long a2, long a3, long a4, long a5)"
			print "{"
			print "\treturn uk_syscall_direct(" $2 ", a0, a1, a2, a3, a4, a5);"
			print "}"
		}'
	} >"$out.tmp"
	;;
*)
	echo "usage: $0 nr|names|direct|weak BITS_SYSCALL_H OUT" >&2
	exit 2
	;;
esac
mv "$out.tmp" "$out"
