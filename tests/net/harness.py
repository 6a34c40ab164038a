#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Host side of the netdev tests: raw Ethernet frames to and from
tests/net/responder.c booted by uk-run, printed as TAP.

  harness.py --uk-run UK_RUN --image IMAGE SCENARIO...

A SCENARIO is NAME:KEY=VALUE,... with the keys
  machine=microvm|pc|q35|virt   QEMU machine
  transport=mmio|mmio-modern|pci|pci-legacy   (uk-run's --virtio)
  backend=dgram|tap             dgram: QEMU's -netdev dgram on 127.0.0.1
                                (the harness binds port 0 and tells QEMU);
                                tap: a tap device in a private network
                                namespace (the caller runs us under
                                `unshare -rn`), needed for queues > 1
  queues=N  mode=poll|intr  mtu=N  burst=N (frames each way, default 10000)

Every wait is bounded in frames and in time. Only 127.0.0.1 is used.
"""

import argparse
import fcntl
import os
import socket
import struct
import subprocess
import sys
import time

GUEST_IP = bytes([192, 168, 76, 2])
HOST_IP = bytes([192, 168, 76, 1])
HOST_MAC = bytes([0x02, 0x68, 0x6f, 0x73, 0x74, 0x01])
MAGIC = 0x554B4E54
PORT_DATA, PORT_CMD, PORT_SEND = 7000, 7001, 7002
CMD_REPORT, CMD_SEND, CMD_QUIT = 1, 2, 3
HOST_PORT = 40000
BOOT_S = 60


class Tap:
    """TAP output: ok/not ok lines, the plan at the end."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, what, diag=None):
        self.n += 1
        print(("ok" if ok else "not ok") + " %d - %s" % (self.n, what))
        if not ok:
            self.failed += 1
            if diag:
                print("# " + str(diag))
        sys.stdout.flush()
        return ok

    def skip(self, what, why):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, what, why))

    def diag(self, s):
        print("# " + s)
        sys.stdout.flush()


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def eth(dst, typ, payload):
    return dst + HOST_MAC + struct.pack("!H", typ) + payload


def ipv4(proto, payload, ident=0):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident,
                      0, 64, proto, 0, HOST_IP, GUEST_IP)
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def pattern(seq, start, end):
    return bytes((seq + i) & 0xFF for i in range(start, end))


# ---- links: QEMU dgram on 127.0.0.1, or a tap in our own namespace ----

class DgramLink:
    def __init__(self):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.bind(("127.0.0.1", 0))
        try:
            self.s.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)  # RCVBUFFORCE
        except OSError:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)
        self.peer = None

    def qemu_args(self, queues):
        port = self.s.getsockname()[1]
        return ["--net", "dgram,local.type=inet,local.host=127.0.0.1,"
                "local.port=0,remote.type=inet,remote.host=127.0.0.1,"
                "remote.port=%d" % port]

    def ready(self):
        return True

    def send(self, frame):
        self.s.sendto(frame, self.peer)

    def recv(self, timeout):
        self.s.settimeout(max(timeout, 0.001))
        try:
            data, addr = self.s.recvfrom(65536)
        except socket.timeout:
            return None
        if addr[0] != "127.0.0.1":
            return None
        if self.peer is None:
            self.peer = addr
        return data

    def close(self):
        self.s.close()


class TapLink:
    TUNSETIFF, TUNSETPERSIST = 0x400454CA, 0x400454CB
    IFF_TAP, IFF_NO_PI, IFF_MULTI_QUEUE = 0x0002, 0x1000, 0x0100

    def __init__(self, name="uktap0"):
        if os.environ.get("UK_NET_NETNS") != "1":
            raise OSError("a tap only inside a private network namespace "
                          "(UK_NET_NETNS=1 under unshare -rn)")
        self.name = name
        fd = os.open("/dev/net/tun", os.O_RDWR)
        ifr = struct.pack("16sH", name.encode(),
                          self.IFF_TAP | self.IFF_NO_PI | self.IFF_MULTI_QUEUE)
        fcntl.ioctl(fd, self.TUNSETIFF, ifr)
        fcntl.ioctl(fd, self.TUNSETPERSIST, 1)
        os.close(fd)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        ifr = struct.pack("16sH", name.encode(), 0x1 | 0x40)  # UP|RUNNING
        fcntl.ioctl(s, 0x8914, ifr)                          # SIOCSIFFLAGS
        s.close()
        self.s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                               socket.htons(0x0003))
        self.s.bind((name, 0))
        try:
            self.s.setsockopt(socket.SOL_SOCKET, 33, 16 << 20)
        except OSError:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 << 20)

    def qemu_args(self, queues):
        # uk-run's --net tap=IF has no queues=: the device by hand (PCI)
        mq = ",mq=on,vectors=%d" % (2 * queues + 2) if queues > 1 else ""
        return ["--qemu-arg", "-netdev", "--qemu-arg",
                "tap,id=n0,ifname=%s,script=no,downscript=no,vhost=off,"
                "queues=%d" % (self.name, queues),
                "--qemu-arg", "-device", "--qemu-arg",
                "virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56" + mq]

    def send(self, frame):
        self.s.send(frame)

    def recv(self, timeout):
        self.s.settimeout(max(timeout, 0.001))
        try:
            data, addr = self.s.recvfrom(65536)
        except socket.timeout:
            return None
        if addr[2] == socket.PACKET_OUTGOING:
            return None     # our own frames, seen on the way out
        return data

    def close(self):
        self.s.close()


def device_args(machine, transport, queues):
    """uk-run options for the device: its --virtio, and what --net lacks
    (our fixed MAC; multiqueue on PCI)."""
    args = ["--virtio", transport]
    dev = "virtio-net-device" if transport.startswith("mmio") else \
        "virtio-net-pci"
    opts = ["%s.mac=52:54:00:12:34:56" % dev]
    if queues > 1:
        opts += ["%s.mq=on" % dev, "%s.vectors=%d" % (dev, 2 * queues + 2)]
    for o in opts:
        args += ["--qemu-arg", "-global", "--qemu-arg", o]
    return args


# ---- one scenario ----

class Scenario:
    def __init__(self, tap, args, name, opts):
        self.t = tap
        self.args = args
        self.name = name
        self.o = opts
        self.queues = int(opts.get("queues", 1))
        self.mtu = int(opts.get("mtu", 1500))
        self.burst = int(opts.get("burst", 10000))
        self.mac = None

    def ok(self, cond, what, diag=None):
        return self.t.check(cond, "%s: %s" % (self.name, what), diag)

    def recv_until(self, pred, timeout, limit=100000):
        """The first frame for which pred(frame) is true, or None."""
        end = time.monotonic() + timeout
        for _ in range(limit):
            left = end - time.monotonic()
            if left <= 0:
                return None
            f = self.link.recv(left)
            if f is not None and pred(f):
                return f
        return None

    def to_guest(self, typ, payload):
        self.link.send(eth(self.mac, typ, payload))

    def udp_to_guest(self, sport, dport, payload):
        self.to_guest(0x0800, ipv4(17, udp(sport, dport, payload)))

    def is_udp_from(self, f, sport):
        return (len(f) >= 42 and f[12:14] == b"\x08\x00" and f[23] == 17
                and f[26:30] == GUEST_IP and
                struct.unpack("!H", f[34:36])[0] == sport)

    def report(self, timeout=10):
        self.udp_to_guest(HOST_PORT, PORT_CMD,
                          struct.pack("!IIIII", MAGIC, CMD_REPORT, 0, 0, 0))
        f = self.recv_until(lambda f: self.is_udp_from(f, PORT_CMD), timeout)
        if f is None or len(f) < 42 + 64:
            return None
        v = struct.unpack("!16I", f[42:42 + 64])
        keys = ("magic rx_data ooo bad nq intr events st_rx st_tx arp "
                "icmp mtu q0 q1 q2 q3").split()
        return dict(zip(keys, v))

    # -- the checks --

    def boot(self):
        f = None
        for _ in range(BOOT_S):     # one second at a time, while it runs
            f = self.recv_until(lambda f: len(f) >= 42 and f[12:14] ==
                                b"\x08\x06" and f[28:32] == GUEST_IP, 1)
            if f is not None or self.proc.poll() is not None:
                break
        if not self.ok(f is not None, "boots and announces itself (ARP)"):
            return False
        self.mac = f[6:12]
        self.ok(f[0:6] == b"\xff" * 6 and f[38:42] == GUEST_IP and
                self.mac == bytes.fromhex("525400123456"),
                "the announcement is a gratuitous ARP from its MAC",
                f[:42].hex())
        return True

    def arp(self):
        req = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, HOST_MAC,
                          HOST_IP, b"\0" * 6, GUEST_IP)
        self.link.send(eth(b"\xff" * 6, 0x0806, req))
        f = self.recv_until(lambda f: len(f) >= 42 and f[12:14] ==
                            b"\x08\x06" and f[20:22] == b"\x00\x02", 10)
        good = (f is not None and f[0:6] == HOST_MAC and
                f[6:12] == self.mac and
                struct.unpack("!HHBBH", f[14:22]) == (1, 0x0800, 6, 4, 2)
                and f[22:28] == self.mac and f[28:32] == GUEST_IP and
                f[32:38] == HOST_MAC and f[38:42] == HOST_IP)
        self.ok(good, "ARP request answered with a correct reply",
                f and f[:42].hex())

    def ping(self, size, seq):
        payload = bytes((i * 7 + seq) & 0xFF for i in range(size))
        icmp = struct.pack("!BBHHH", 8, 0, 0, 0x1234, seq) + payload
        icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
        self.to_guest(0x0800, ipv4(1, icmp, ident=seq))

        def is_reply(f):
            return (len(f) >= 42 and f[12:14] == b"\x08\x00" and
                    f[23] == 1 and f[34] == 0 and
                    struct.unpack("!H", f[40:42])[0] == seq)
        f = self.recv_until(is_reply, 10)
        why = "no reply"
        if f is not None:
            ip = f[14:34]
            why = None
            if f[0:6] != HOST_MAC or f[6:12] != self.mac:
                why = "Ethernet addresses"
            elif csum(ip) != 0:
                why = "IP header checksum"
            elif ip[12:16] != GUEST_IP or ip[16:20] != HOST_IP:
                why = "IP addresses"
            elif struct.unpack("!H", ip[2:4])[0] != 20 + 8 + size:
                why = "IP length"
            elif csum(f[34:14 + 28 + size]) != 0:
                why = "ICMP checksum"
            elif f[38:40] != b"\x12\x34" or f[42:42 + size] != payload:
                why = "identifier or payload"
        self.ok(why is None, "ICMP echo of %d bytes answered correctly" % size,
                why)

    def rx_burst(self, count, length, what, first_flow):
        """count frames of length bytes to the guest, flow-controlled, on
        flows first_flow... (each flow's sequence starts at 0)."""
        flows = 8 if self.queues > 1 else 1
        plen = length - 42
        window = 64 if length > 600 else 128
        base = self.report()
        if base is None:
            return self.ok(False, what, "no REPORT answer")
        sent, t_end = 0, time.monotonic() + 120
        seqs = [0] * flows
        start = time.monotonic()
        while sent < count and time.monotonic() < t_end:
            for _ in range(min(window, count - sent)):
                fl = sent % flows
                body = struct.pack("!III", MAGIC, first_flow + fl, seqs[fl])
                body += pattern(seqs[fl], 12, plen)
                self.udp_to_guest(HOST_PORT + fl, PORT_DATA, body)
                seqs[fl] += 1
                sent += 1
            # wait until the guest has them all (bounded)
            for _ in range(50):
                r = self.report(5)
                if r is None or r["rx_data"] - base["rx_data"] >= sent:
                    break
            if r is None or r["rx_data"] - base["rx_data"] < sent:
                break
        secs = time.monotonic() - start
        got = None if r is None else r["rx_data"] - base["rx_data"]
        good = (r is not None and got == count and r["ooo"] == 0 and
                r["bad"] == 0)
        self.ok(good, what, "sent %d, guest counted %s, out of order %s, "
                "bad %s" % (sent, got, r and r["ooo"], r and r["bad"]))
        if good:
            self.t.diag("%s: %d frames in %.2f s" % (self.name, count, secs))
        return r

    def tx_burst(self, count, length, what):
        """count frames of length bytes from the guest, asked for chunk
        by chunk: no more in flight than a tap's backlog (1000 frames) or
        a socket buffer capped at rmem_max (about 200 KB) holds."""
        chunk = 64 if length > 600 else 250
        flows = self.queues
        expect = [0] * flows
        got, bad, ooo = 0, 0, 0
        end = time.monotonic() + 120
        start = time.monotonic()
        base = 0
        while base < count and time.monotonic() < end:
            n = min(chunk, count - base)
            self.udp_to_guest(HOST_PORT, PORT_CMD, struct.pack(
                "!IIIII", MAGIC, CMD_SEND, n, length, base))
            want = got + n
            while got < want:
                f = self.recv_until(lambda f: self.is_udp_from(f, PORT_SEND),
                                    5)
                if f is None:
                    break
                got += 1
                magic, fl, seq = struct.unpack("!III", f[42:54])
                if (magic != MAGIC or fl >= flows or len(f) != length or
                        csum(f[14:34]) != 0 or
                        f[54:] != pattern(seq, 12, length - 42)):
                    if not bad:
                        self.t.diag("first bad frame: %d bytes, %s" %
                                    (len(f), f[:64].hex()))
                    bad += 1
                    continue
                if seq != expect[fl]:
                    ooo += 1
                expect[fl] = seq + 1
            if got < want:
                break
            base += n
        good = got == count and bad == 0 and ooo == 0
        self.ok(good, what, "received %d of %d, bad %d, out of order %d"
                % (got, count, bad, ooo))
        if good:
            self.t.diag("%s: %d frames in %.2f s" %
                        (self.name, count, time.monotonic() - start))
        return expect

    def run(self):
        machine = self.o.get("machine", "microvm")
        transport = self.o.get("transport", "mmio")
        backend = self.o.get("backend", "dgram")
        mode = self.o.get("mode", "poll")
        try:
            self.link = TapLink() if backend == "tap" else DgramLink()
        except OSError as e:
            self.t.skip("%s: all" % self.name, "no %s link: %s" % (backend, e))
            return
        cmd = [self.args.uk_run, "--timeout", "300", "--machine", machine]
        cmd += self.link.qemu_args(self.queues)
        if backend != "tap":
            cmd += device_args(machine, transport, self.queues)
        cmd += [self.args.image, "--", "queues=%d" % self.queues,
                "mode=" + mode, "mtu=%d" % self.mtu]
        log = open(self.args.log_prefix + self.name + ".log", "w")
        log.write(" ".join(cmd) + "\n")
        log.flush()
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                             stderr=subprocess.STDOUT)
        self.proc = p
        try:
            self.steps(mode)
        finally:
            try:
                rc = p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                rc = p.wait()
            self.ok(rc == 0, "image exits with status 0", "status %d (see %s)"
                    % (rc, log.name))
            log.close()
            self.link.close()

    def steps(self, mode):
        if not self.boot():
            return
        self.arp()
        self.ping(56, 1)
        self.ping(1000, 2)
        self.ping(self.mtu - 28, 3)
        n = self.burst
        self.rx_burst(n, 60, "%d frames to the guest, complete and in order"
                      % n, 0)
        self.rx_burst(1000, self.mtu + 14,
                      "1000 MTU-sized (%d-byte) frames to the guest" %
                      (self.mtu + 14), 8)
        per_q = self.tx_burst(n, 60, "%d frames from the guest, complete "
                              "and in order" % n)
        if self.queues > 1:
            self.ok(all(x > 0 for x in per_q),
                    "frames from every TX queue", per_q)
        self.tx_burst(1000, self.mtu + 14, "1000 MTU-sized frames from "
                      "the guest")
        r = self.report()
        if self.ok(r is not None, "final report"):
            self.ok(r["nq"] == self.queues and r["intr"] == (mode == "intr"),
                    "%d queue pair(s) in %s mode" % (self.queues, mode), r)
            self.ok(r["st_rx"] >= r["rx_data"] + r["arp"] + r["icmp"] and
                    r["st_tx"] >= n + 1000 + r["arp"] + r["icmp"],
                    "netdev statistics agree with the frames counted", r)
            if mode == "intr":
                self.ok(r["events"] > 0, "RX interrupts delivered", r)
            if self.queues > 1:
                self.ok(r["q0"] > 0 and r["q1"] > 0,
                        "frames received on both RX queues", r)
        self.udp_to_guest(HOST_PORT, PORT_CMD,
                          struct.pack("!IIIII", MAGIC, CMD_QUIT, 0, 0, 0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--uk-run", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--log-prefix", default="net-")
    ap.add_argument("scenario", nargs="+")
    args = ap.parse_args()
    t = Tap()
    print("TAP version 13")
    for sc in args.scenario:
        name, _, rest = sc.partition(":")
        opts = dict(kv.split("=", 1) for kv in rest.split(",") if kv)
        Scenario(t, args, name, opts).run()
    print("1..%d" % t.n)
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
