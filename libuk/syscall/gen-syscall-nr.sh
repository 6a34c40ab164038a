#!/bin/sh
# gen-syscall-nr.sh nr|names BITS_SYSCALL_H OUT
# Derives the system-call numbers (nr: UK_NR_name macros) or the name
# table (names) of the architecture from the C library's <bits/syscall.h>,
# which lists Linux's numbers as musl publishes them.
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
*)
	echo "usage: $0 nr|names BITS_SYSCALL_H OUT" >&2
	exit 2
	;;
esac
mv "$out.tmp" "$out"
