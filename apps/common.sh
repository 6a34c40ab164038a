# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
#
# apps/common.sh: what the build scripts of apps/ built with autoconf-style
# cross flags share (lua, sqlite, memcached, libevent). Sourced by bash
# under `set -euo pipefail`, after the script set prog (its name in
# messages) and top (the source tree).
#
#   die MESSAGE...        "$prog: MESSAGE" on stderr, exit 1
#   app_init PKG VERSION ARG...
#                         the script's arguments ARG... must be one
#                         directory OUT (else usage, exit 2), and
#                         pkg-config must know uk-${UK_PLAT:-kvm}; sets
#                           out     OUT, created, as an absolute path
#                           plat    uk-${UK_PLAT:-kvm}
#                           cc arch the pc file's cc and arch variables
#                           cflags  -O2 and the pc file's Cflags
#                           libs    the pc file's Libs
#                           pkg version  PKG and VERSION
#                           stamp   what a build depends on: PKG, VERSION,
#                                   cc, cflags, libs
#   app_built FILE STAMPFILE
#                         true when FILE and OUT/src are there and
#                         STAMPFILE holds $stamp (the last build was of
#                         the same source with the same flags)
#   relink_needed IMAGE   true, and says so, when one of libuk's archives
#                         (the pc file's ukarchive and uknetarchive) is
#                         newer than IMAGE
#   app_source STALE...   Debian's source of PKG VERSION (tools/
#                         debian-source) copied afresh to OUT/src, after
#                         removing the files STALE...; then cd there
# shellcheck disable=SC2154 # prog, top: set by the caller
# shellcheck disable=SC2034 # arch, cflags ...: for the caller

die() {
	echo "$prog: $*" >&2
	exit 1
}

app_init() {
	pkg=$1
	version=$2
	shift 2
	(( $# == 1 )) || { echo "Usage: $prog OUT" >&2; exit 2; }
	plat=uk-${UK_PLAT:-kvm}
	pkg-config --exists "$plat" ||
		die "pkg-config knows no $plat: set PKG_CONFIG_PATH to an installed libuk's lib/pkgconfig"
	mkdir -p "$1"
	out=$(cd "$1" && pwd)

	cc=$(pkg-config --variable=cc "$plat")
	arch=$(pkg-config --variable=arch "$plat")
	cflags="-O2 $(pkg-config --cflags "$plat")"
	libs=$(pkg-config --libs "$plat")
	stamp="$pkg $version|$cc|$cflags|$libs"
}

app_built() {
	[[ -e $1 && -d $out/src && $(cat "$2" 2>/dev/null) == "$stamp" ]]
}

relink_needed() {
	local a

	for a in "$(pkg-config --variable=ukarchive "$plat")" \
		 "$(pkg-config --variable=uknetarchive "$plat")"; do
		if [[ -n $a && $a -nt $1 ]]; then
			echo "$prog: libuk changed: relinking" >&2
			return 0
		fi
	done
	return 1
}

app_source() {
	local tree

	tree=$("$top/tools/debian-source" "$pkg" "$version") ||
		die "no $pkg $version source"
	rm -rf "$out/src" "$@"
	cp -a "$tree" "$out/src"
	cd "$out/src" || exit 1
}
