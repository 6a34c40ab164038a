#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""netconf.test's host side: boots tests/lwip-netconf several times under
QEMU's user networking (and once on a device with no DHCP server) and
checks the network's configuration: DHCP by default, static addresses per
device, bad values, IPv6 (SLAAC, static, loopback, dual stack), the
resolver's files and a name resolved through a DNS server this script
runs. Only loopback addresses are used on the host: the guest reaches
127.0.0.1 as 10.0.2.2 and ::1 as fec0::2 (QEMU's slirp); DNS goes to
10.0.2.2:53, i.e. 127.0.0.1:53, served inside a private network
namespace (unshare -rn) when the script can make one, else directly
when it may bind port 53, else that part is skipped.
Prints TAP; every wait is bounded."""

import argparse
import fcntl
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time

from harness import free_port, read_line

BOOT_TIMEOUT = 180
NAME = "test.libuk.example"
NAME_ADDR = "192.0.2.7"     # only an answer: never contacted
SLAAC = "fec0::5054:ff:fe12:3456"   # QEMU's first NIC, 52:54:00:12:34:56


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = False

    def point(self, ok, what, diag=None, skip=None):
        self.n += 1
        if skip:
            print(f"ok {self.n} - {what} # SKIP {skip}", flush=True)
            return
        print(f"{'' if ok else 'not '}ok {self.n} - {what}", flush=True)
        if not ok:
            self.failed = True
            if diag:
                for line in str(diag).splitlines()[-15:]:
                    print(f"# {line}", flush=True)


def dns_answer(query):
    """A response to @query: an A record NAME_ADDR for NAME, no data for
    other types, NXDOMAIN for other names."""
    qid, flags = struct.unpack(">HH", query[:4])
    pos, labels = 12, []
    while pos < len(query) and query[pos]:
        n = query[pos]
        labels.append(query[pos + 1:pos + 1 + n].decode("ascii", "replace"))
        pos += 1 + n
    qtype, = struct.unpack(">H", query[pos + 1:pos + 3])
    question = query[12:pos + 5]
    name = ".".join(labels).lower()
    rcode = 0 if name == NAME else 3
    answers = b""
    if name == NAME and qtype == 1:
        answers = (b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) +
                   socket.inet_aton(NAME_ADDR))
    head = struct.pack(">HHHHHH", qid, 0x8180 | rcode, 1,
                       1 if answers else 0, 0, 0)
    return head + question + answers


def dns_server(sock, log):
    while True:
        try:
            q, peer = sock.recvfrom(512)
            log.append(q)
            sock.sendto(dns_answer(q), peer)
        except (OSError, struct.error, IndexError):
            return


def line_server(lsock):
    """Answers each connection's line upper-cased."""
    while True:
        try:
            c, _ = lsock.accept()
        except OSError:
            return
        with c:
            c.settimeout(20)
            try:
                c.sendall(read_line(c).upper())
            except OSError:
                pass


def listener(family, addr):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.bind((addr, 0))
    s.listen(8)
    threading.Thread(target=line_server, args=(s,), daemon=True).start()
    return s, s.getsockname()[1]


class Boot:
    """One run of the image: its console, TAP lines and status."""

    def __init__(self, args, log, nets, kargs, app_args, on_line=None):
        cmd = [args.uk_run, "--timeout", str(BOOT_TIMEOUT)]
        for n in nets:
            cmd += ["--net", n]
        for k in kargs:
            cmd += ["-k", k]
        cmd += [args.image, "--"] + app_args
        log.write("$ " + " ".join(cmd) + "\n")
        self.t0 = time.monotonic()
        self.lines, self.points, self.times = [], [], {}
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        for line in proc.stdout:
            log.write(line)
            log.flush()
            line = line.rstrip("\n")
            self.lines.append(line)
            self.times.setdefault(line, time.monotonic() - self.t0)
            m = re.match(r"(not )?ok \d+ - (.*)", line)
            if m:
                self.points.append((m.group(1) is None, m.group(2)))
            if on_line:
                on_line(line)
        self.rc = proc.wait()
        self.elapsed = time.monotonic() - self.t0

    def console(self):
        return "\n".join(self.lines)

    def has(self, pattern):
        return any(re.search(pattern, line) for line in self.lines)

    def report(self, tap, name):
        for ok, what in self.points:
            tap.point(ok, f"{name}: image: {what}", self.console())
        tap.point(self.rc == 0 and self.points,
                  f"{name}: the image exits with status 0",
                  f"status {self.rc}\n" + self.console())


def lo_up():
    """Brings up the loopback interface of a new network namespace."""
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        req = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x",
                              fcntl.ioctl(s, siocgifflags, req))[1]
        fcntl.ioctl(s, siocsifflags,
                    struct.pack("16sH14x", b"lo", flags | iff_up))


def dns_setup(log):
    """A UDP socket on 127.0.0.1:53, or None and why."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind(("127.0.0.1", 53))
    except OSError as e:
        s.close()
        return None, f"cannot bind 127.0.0.1:53 ({e.strerror})"
    threading.Thread(target=dns_server, args=(s, log), daemon=True).start()
    return s, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--uk-run", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--in-netns", action="store_true",
                    help="(internal) already in a private namespace")
    args = ap.parse_args()

    if args.in_netns:
        lo_up()
    elif os.environ.get("UK_NETCONF_NO_NETNS") != "1":
        # a private loopback: port 53 is ours, nothing else is reachable
        if subprocess.run(["unshare", "-rn", "true"],
                          capture_output=True).returncode == 0:
            os.execvp("unshare", ["unshare", "-rn", sys.executable,
                                  os.path.abspath(__file__)] +
                      sys.argv[1:] + ["--in-netns"])

    tap = Tap()
    log = open(args.log, "w")
    queries = []
    dns, dns_why = dns_setup(queries)
    l4, port4 = listener(socket.AF_INET, "127.0.0.1")
    try:
        l6, port6 = listener(socket.AF_INET6, "::1")
    except OSError:
        l6, port6 = None, 0

    # A: the defaults (DHCP, SLAAC), DNS from netdev.dns
    checks = ["src4=10.0.2.2,10.0.2.15", "hosts",
              "resolve=localhost,127.0.0.1", "resolv=10.0.2.2",
              f"tcp=10.0.2.2,{port4}", "loop6",
              f"src6=fec0::2,{SLAAC}"]
    if port6:
        checks.append(f"tcp=fec0::2,{port6}")
    if dns:
        checks.append(f"resolve={NAME},{NAME_ADDR}")
    http = free_port()
    checks.append(f"serve6={http}")
    got = []

    def connect_in(line):
        if line.startswith("# serving"):
            try:
                with socket.create_connection(("127.0.0.1", http),
                                              timeout=20) as c:
                    got.append(read_line(c, 64))
            except OSError as e:
                got.append(repr(e).encode())

    b = Boot(args, log, [f"user,hostfwd=tcp:127.0.0.1:{http}-:{http}"],
             ["netdev.dns=10.0.2.2"], checks, connect_in)
    b.report(tap, "dhcp")
    lease = [ln for ln in b.lines if "DHCP lease" in ln]
    tap.point(lease and "10.0.2.15 gateway 10.0.2.2" in lease[0],
              "dhcp: the console names the lease", b.console())
    if lease:
        print(f"# {lease[0].lstrip('# ')}", flush=True)
    print(f"# dhcp boot to exit: {b.elapsed:.1f} s", flush=True)
    tap.point(got and got[0].startswith(b"::ffff:"),
              "dhcp: the host reaches an AF_INET6 listener over IPv4",
              repr(got))
    if not port6:
        tap.point(True, "dhcp: TCP to the host's ::1 (fec0::2)",
                  skip="the host has no ::1")
    if dns:
        tap.point(any(NAME.split(".")[0].encode() in q for q in queries),
                  "dhcp: the DNS server on 127.0.0.1:53 was asked")
    else:
        tap.point(True, "dhcp: DNS through the host's server", skip=dns_why)

    # B: static IPv4 and IPv6, no DNS server known
    b = Boot(args, log, ["user"],
             ["netdev.ip=10.0.2.20/24", "netdev.gw=10.0.2.2",
              "netdev.ip6=fec0::20/64"],
             ["src4=10.0.2.2,10.0.2.20", "src6=fec0::2,fec0::20",
              f"tcp=10.0.2.2,{port4}", "noresolv", "hosts"])
    b.report(tap, "static")
    tap.point(b.has(r"netdev 0: 10\.0\.2\.20/24 gateway 10\.0\.2\.2") and
              not b.has("DHCP"), "static: no DHCP, the console says so",
              b.console())

    # C: two devices (the second static), bad values on the first
    b = Boot(args, log, ["user", "user,net=10.0.3.0/24,ipv6=off"],
             ["netdev.ip=1.2.3.4/33", "netdev.dns=not-an-address",
              "netdev.ip6=fec0::zz/64", "netdev.gw=10.0.2.2",
              "netdev1.ip=10.0.3.16/24", "netdev1.gw=300.1.1.1"],
             ["src4=10.0.2.2,10.0.2.15", "src4=10.0.3.2,10.0.3.16",
              f"tcp=10.0.3.2,{port4}", "resolv=10.0.2.3"])
    b.report(tap, "two devices")
    for pat, what in [
            (r"netdev 0: ip '1\.2\.3\.4/33' is not ADDR/PREFIX.*using DHCP",
             "a prefix above 32"),
            (r"netdev 0: dns 'not-an-address' is not an address",
             "a bad DNS server"),
            (r"netdev 0: ip6 'fec0::zz/64' is not ADDR/PREFIX.*SLAAC",
             "a bad IPv6 address"),
            (r"netdev 0: gateway '10\.0\.2\.2' ignored: DHCP",
             "a gateway with DHCP"),
            (r"netdev 1: gateway '300\.1\.1\.1' is not an IPv4 address",
             "a bad gateway")]:
        tap.point(b.has(pat), f"two devices: the console names {what}",
                  b.console())

    # D: a device without a DHCP server: the bounded wait
    p1, p2 = free_port(), free_port()
    b = Boot(args, log,
             [f"socket,udp=127.0.0.1:{p1},localaddr=127.0.0.1:{p2}"],
             ["netdev.dhcp_wait=2"], ["loop6", "hosts", "noresolv"])
    b.report(tap, "no lease")
    line = [ln for ln in b.lines if "no DHCP lease" in ln]
    tap.point(line and "after 2 s" in line[0],
              "no lease: the console says so", b.console())
    if line:
        print(f"# no lease: line at {b.times[line[0]]:.1f} s after the "
              f"start, exit at {b.elapsed:.1f} s", flush=True)

    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
