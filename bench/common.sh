# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Shared by the bench/ scripts (sourced, not run): option checks, the
# libuk install found through pkg-config, the QEMU command line, medians
# and the description of the machine that goes above every table.
#
# The sourcing script sets `prog` (its name) before sourcing, and
# `machine` and `accel` before calling qemu_cmd or machine_info. A script
# that also measures aarch64 sets `want_arch=aarch64` before use_prefix
# (default x86_64; the x86_64-only scripts leave it unset).
# shellcheck disable=SC2154 # prog, machine, accel: set by the caller

# die MESSAGE...: print "prog: MESSAGE" on stderr and exit 1.
die() {
	echo "$prog: $*" >&2
	exit 1
}

# need_tool TOOL [WHAT [PACKAGE]]: die unless TOOL is on PATH; the message
# names the Debian PACKAGE (default: TOOL) that provides it.
need_tool() {
	command -v "$1" >/dev/null 2>&1 ||
		die "$1 not found${2:+ ($2)}; it comes with Debian's ${3:-$1} package"
}

# make_tmp NAME: set tmp to a new directory, removed when the script
# exits, also on Ctrl-C or SIGTERM.
make_tmp() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/uk-bench-$1.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# use_prefix PREFIX: find uk-kvm.pc under PREFIX (a `make install`ed
# libuk), or through PKG_CONFIG_PATH when PREFIX is empty. Sets uk_cflags,
# uk_libs, uk_cc, uk_qemu and uk_arch, and checks the architecture is
# $want_arch (default x86_64).
use_prefix() {
	local prefix=$1 arch want=${want_arch:-x86_64}

	need_tool pkg-config "" pkgconf
	if [[ -n $prefix ]]; then
		[[ -d $prefix ]] || die "--prefix $prefix: no such directory"
		[[ -f $prefix/lib/pkgconfig/uk-kvm.pc ]] ||
			die "$prefix/lib/pkgconfig/uk-kvm.pc not found; run 'make install' in a build configured with --prefix=$prefix"
		export PKG_CONFIG_PATH=$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
	fi
	pkg-config --exists uk-kvm ||
		die "pkg-config finds no uk-kvm; pass --prefix PREFIX of an installed libuk or set PKG_CONFIG_PATH"
	arch=$(pkg-config --variable=arch uk-kvm)
	if [[ $arch != "$want" ]]; then
		[[ $want == x86_64 && -z ${want_arch:-} ]] &&
			die "uk-kvm is built for $arch; these benchmarks are x86_64-only"
		die "uk-kvm is built for $arch, not $want"
	fi
	uk_arch=$arch
	uk_cflags=$(pkg-config --cflags uk-kvm)
	uk_libs=$(pkg-config --libs uk-kvm)
	uk_cc=$(pkg-config --variable=cc uk-kvm)
	uk_qemu=$(pkg-config --variable=qemu uk-kvm)
	if [[ $arch == aarch64 ]]; then
		: "${uk_cc:=aarch64-linux-gnu-gcc}" "${uk_qemu:=qemu-system-aarch64}"
		need_tool "$uk_cc" "the compiler libuk was built with" gcc-aarch64-linux-gnu
		need_tool "$uk_qemu" "" qemu-system-arm
	else
		: "${uk_cc:=gcc}" "${uk_qemu:=qemu-system-x86_64}"
		need_tool "$uk_cc" "the compiler libuk was built with" gcc
		need_tool "$uk_qemu" "" qemu-system-x86
	fi
}

# uk_build OUT SRC [CFLAGS...]: link the C program SRC into the libuk
# image OUT, the way a user does.
uk_build() {
	local out=$1 src=$2

	shift 2
	# word splitting of the pkg-config output is intended
	# shellcheck disable=SC2086
	"$uk_cc" "$@" "$src" $uk_cflags $uk_libs -o "$out"
}

# qemu_cmd IMAGE MEM APPEND: set the array `cmd` to the QEMU command
# line that boots IMAGE with MEM of RAM and command line APPEND, using
# the globals machine and accel. The guest's console is stdout. On
# x86_64 its exit status N comes back as QEMU's exit status (N << 1) | 1
# (isa-debug-exit, -cpu max); on aarch64 (uk_arch, set by use_prefix) as
# N itself (semihosting, -cpu cortex-a53 as uk-run has it). uk_exit_ok
# is set to QEMU's status for a guest that exited 0.
# shellcheck disable=SC2034,SC2054 # cmd is the result; commas are QEMU's
qemu_cmd() {
	if [[ ${uk_arch:-x86_64} == aarch64 ]]; then
		cmd=("$uk_qemu" -M "$machine" -accel "$accel" -cpu cortex-a53
		     -m "$2" -nodefaults -no-user-config -display none
		     -no-reboot -kernel "$1" -append "$3" -serial stdio
		     -semihosting-config enable=on,target=native)
		uk_exit_ok=0
		return
	fi
	cmd=("$uk_qemu" -M "$machine" -accel "$accel" -cpu max -m "$2"
	     -nodefaults -no-user-config -display none -no-reboot
	     -kernel "$1" -append "$3" -serial stdio
	     -device isa-debug-exit,iobase=0xf4,iosize=4)
	uk_exit_ok=1
}

# show_cmd WORD...: the words, quoted for a shell where they need it.
show_cmd() {
	local w out=

	for w in "$@"; do
		if [[ $w =~ ^[A-Za-z0-9_./=,:+-]+$ ]]; then
			out+=" $w"
		else
			out+=" '${w//\'/\'\\\'\'}'"
		fi
	done
	echo "${out# }"
}

# median: the median of the numbers on stdin, one a line (the mean of
# the two middle ones for an even count); "-" when there are none.
median() {
	sort -g | awk '{ v[NR] = $1 }
		END {
			if (NR == 0) { print "-"; exit }
			if (NR % 2) print v[(NR + 1) / 2]
			else print (v[NR / 2] + v[NR / 2 + 1]) / 2
		}'
}

# machine_info: the Markdown lines that say where a table was measured.
machine_info() {
	local cpu

	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
	echo "- host: $(uname -sr), nproc $(nproc), CPU ${cpu:-unknown}"
	echo "- QEMU: $("$uk_qemu" --version | head -n 1), accelerator $accel"
}

# net_modules OUT KPKG KVER: prints the folder holding the virtio and
# virtio-net modules of the reference kernel package KPKG=KVER (fetched
# with apt-get download once, kept in OUT/net-modules/KVER: bench/vm/setup
# keeps only the kernel). Returns 1, saying why, when they cannot be had.
net_modules() {
	local mods=$1/net-modules/$3 d m

	if [[ ! -f $mods/virtio_net.ko ]]; then
		echo "$prog: fetching $2 $3 for its virtio modules" >&2
		d=$(mktemp -d "${TMPDIR:-/tmp}/uk-bench-deb.XXXXXX")
		if ! (cd "$d" && apt-get download -q "$2=$3") >&2 ||
			! dpkg-deb -x "$d"/*.deb "$d/x"; then
			echo "$prog: apt-get download $2=$3 failed" >&2
			rm -rf "$d"
			return 1
		fi
		mkdir -p "$mods"
		for m in virtio/virtio_ring virtio/virtio \
			virtio/virtio_pci_legacy_dev virtio/virtio_pci_modern_dev \
			virtio/virtio_pci virtio/virtio_mmio net/failover \
			net/net_failover net/virtio_net; do
			# a module the kernel has built in is simply not there
			find "$d/x/lib/modules" -path "*/${m%%/*}/*" \
				-name "${m#*/}.ko" -exec cp {} "$mods/" \;
		done
		rm -rf "$d"
		[[ -f $mods/virtio_net.ko ]] ||
			{ echo "$prog: no virtio_net.ko in $2" >&2; return 1; }
	fi
	echo "$mods"
}

# httpd_images DIR MODS: examples/httpd for both sides of a network
# benchmark: DIR/httpd.uk, the libuk image (pkg-config uk-kvm, -O2: call
# use_prefix first), and DIR/httpd.cpio, the Linux VM's initramfs (the
# same source as /init behind bench/httpd-linux.c, static musl, with the
# virtio modules of the folder MODS from net_modules). Needs root for
# the initramfs's dev/console node. Returns 1 when a build fails.
httpd_images() {
	local b=$1 mods=$2 src=$top/examples/httpd/httpd.c

	uk_build "$b/httpd.uk" "$src" -O2 || return 1
	musl-gcc -static -O2 -Wall -Dmain=httpd_main -c "$src" -o "$b/httpd.o" &&
		musl-gcc -static -O2 -Wall "$top/bench/httpd-linux.c" \
			"$top/bench/vm/netup.c" "$top/bench/vm/init.c" \
			"$b/httpd.o" -Wl,--wrap=_Exit -Wl,--wrap=reboot \
			-o "$b/httpd.init" || return 1
	mkdir -p "$b/root/dev"
	strip -o "$b/root/init" "$b/httpd.init" &&
		mknod "$b/root/dev/console" c 5 1 &&
		cp "$mods"/*.ko "$b/root/" || return 1
	(cd "$b/root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) \
		>"$b/httpd.cpio"
}

# free_port: a TCP/UDP port free on 127.0.0.1 now (the host kernel's pick)
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wrk_measure URL CONNS SECONDS LOG: one wrk run (one thread, CONNS
# keep-alive connections, --latency); appends wrk's output to LOG and
# prints "REQUESTS/S P99-MS". Returns 1 when wrk failed or printed no
# figures.
wrk_measure() {
	local o rps p99

	o=$(wrk -t1 -c"$2" -d"$3s" --timeout 10s --latency "$1" 2>&1) ||
		{ echo "$o" >>"$4"; return 1; }
	echo "$o" >>"$4"
	rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$o")
	p99=$(awk '$1 == "99%" { v = $2
		if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
		else if (v ~ /ms$/) sub(/ms$/, "", v)
		else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
		print v }' <<<"$o")
	[[ -n $rps && -n $p99 ]] || return 1
	echo "$rps $p99"
}
