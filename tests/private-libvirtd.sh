# shellcheck shell=bash
# SPDX-License-Identifier: BSD-3-Clause
#
# private-libvirtd.sh (sourced by tests/libvirt.test and bench/fleet): a
# libvirtd of our own, never the machine's. It runs in session mode with
# its sockets, configuration and state under a directory the caller
# gives (as user nobody when we are root: libvirtd as root would want
# its system users and configuration), and is stopped, with every domain
# it still has, by private_libvirtd_stop.
#
#   private_libvirtd_start DIR   0 and sets lv_uri (the connection URI)
#                                and lv_user (the command prefix that
#                                runs as libvirt's user, or nothing);
#                                1, with libvirtd's last lines on stderr,
#                                when it does not answer within 20 s
#   private_libvirtd_stop        destroys and undefines every domain,
#                                stops libvirtd
#   private_libvirtd_own FILE... makes FILEs readable and writable by the
#                                user libvirt runs QEMU as

lv_pid='' lv_uri='' lv_user=()

private_libvirtd_start() {
	local d=$1

	chmod 755 "$d"
	mkdir -p "$d/run" "$d/cfg" "$d/home"
	lv_user=()
	if [[ $(id -u) == 0 ]]; then
		chown -R nobody:nogroup "$d/run" "$d/cfg" "$d/home"
		lv_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	fi
	lv_uri="qemu:///session?socket=$d/run/libvirt/libvirt-sock"
	(cd / && exec "${lv_user[@]}" env HOME="$d/home" XDG_RUNTIME_DIR="$d/run" \
		XDG_CONFIG_HOME="$d/cfg" XDG_CACHE_HOME="$d/home/cache" \
		XDG_DATA_HOME="$d/home/data" libvirtd) >"$d/libvirtd.log" 2>&1 &
	lv_pid=$!
	for _ in $(seq 200); do
		virsh -c "$lv_uri" version >/dev/null 2>&1 && return 0
		kill -0 "$lv_pid" 2>/dev/null || break
		sleep 0.1
	done
	tail -5 "$d/libvirtd.log" >&2
	return 1
}

private_libvirtd_stop() {
	local dom

	[[ -n $lv_pid ]] || return 0
	for dom in $(virsh -c "$lv_uri" list --all --name 2>/dev/null); do
		virsh -c "$lv_uri" destroy "$dom" >/dev/null 2>&1
		virsh -c "$lv_uri" undefine "$dom" >/dev/null 2>&1
	done
	kill "$lv_pid" 2>/dev/null
	wait "$lv_pid" 2>/dev/null
	lv_pid=''
}

private_libvirtd_own() {
	[[ ${#lv_user[@]} -gt 0 ]] || return 0
	chown nobody:nogroup "$@"
}
