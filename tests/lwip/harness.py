#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""lwip.test's host side: boots tests/lwip-sockets under QEMU's user
networking with two ports forwarded from 127.0.0.1, serves the image's
outbound connection (10.0.2.2 is the host's 127.0.0.1), then talks to the
image's TCP echo (guest port 7) and HTTP responder (guest port 80, epoll).
Prints TAP: the image's own test points, then the host's. Every wait is
bounded in time; ports are picked by the kernel (bind to port 0)."""

import argparse
import socket
import subprocess
import sys
import threading
import time
import urllib.request

BOOT_TIMEOUT = 120      # s until the image says it serves
IO_TIMEOUT = 20         # s for one exchange


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = False

    def point(self, ok, what, diag=None):
        self.n += 1
        print(f"{'' if ok else 'not '}ok {self.n} - {what}", flush=True)
        if not ok:
            self.failed = True
            if diag:
                print(f"# {diag}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_line(sock, limit=256):
    """Bytes from @sock up to a newline, the end, or @limit bytes."""
    data = b""
    while not data.endswith(b"\n") and len(data) < limit:
        chunk = sock.recv(limit)
        if not chunk:
            break
        data += chunk
    return data


def host_server(lsock, result):
    """Accepts the image's connection, answers its line upper-cased."""
    lsock.settimeout(BOOT_TIMEOUT)
    try:
        c, _ = lsock.accept()
        c.settimeout(IO_TIMEOUT)
        data = read_line(c)
        c.sendall(data.upper())
        c.close()
        result.append(data)
    except OSError as e:
        result.append(repr(e).encode())


def echo_exchange(port, payload):
    with socket.create_connection(("127.0.0.1", port),
                                  timeout=IO_TIMEOUT) as s:
        got = b""
        sender = threading.Thread(target=s.sendall, args=(payload,))
        sender.start()
        while len(got) < len(payload):
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
        sender.join(IO_TIMEOUT)
        return got


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--uk-run", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--no-socket-image",
                    help="an image without socket calls: must hold no lwIP")
    args = ap.parse_args()
    tap = Tap()

    def symbols(path):
        out = subprocess.run(["nm", path], capture_output=True, text=True)
        return {line.split()[-1] for line in out.stdout.splitlines()}

    if args.no_socket_image:
        syms = symbols(args.no_socket_image)
        tap.point(syms and not any(n.startswith("lwip_") or n == "tcp_input"
                                   for n in syms),
                  "an image without socket calls links none of lwIP")
        syms = symbols(args.image)
        tap.point("lwip_socket" in syms and "tcpip_thread" in syms,
                  "the socket program links lwIP")

    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(1)
    host_port = lsock.getsockname()[1]
    outbound = []
    threading.Thread(target=host_server, args=(lsock, outbound),
                     daemon=True).start()

    echo_port, http_port = free_port(), free_port()
    net = (f"user,hostfwd=tcp:127.0.0.1:{echo_port}-:7,"
           f"hostfwd=tcp:127.0.0.1:{http_port}-:80")
    cmd = [args.uk_run, "--timeout", str(BOOT_TIMEOUT + 120), "--net", net,
           args.image, "--", str(host_port)]
    log = open(args.log, "w")
    log.write(" ".join(cmd) + "\n")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    serving = threading.Event()

    def reader():
        for line in proc.stdout:
            log.write(line)
            log.flush()
            line = line.rstrip("\n")
            if line.startswith("ok ") or line.startswith("not ok "):
                ok = line.startswith("ok ")
                what = line.split(" - ", 1)[-1]
                tap.point(ok, "image: " + what)
            elif line.startswith("# serving"):
                serving.set()
            elif line.startswith("# got"):
                print(line, flush=True)
        serving.set()

    rd = threading.Thread(target=reader, daemon=True)
    rd.start()
    serving.wait(BOOT_TIMEOUT)
    tap.point(proc.poll() is None and serving.is_set(),
              "the image boots and serves")
    tap.point(outbound and outbound[0] == b"ping from libuk\n",
              "the host's server got the image's line (10.0.2.2)",
              repr(outbound))

    try:
        got = echo_exchange(echo_port, b"hello echo\n")
        tap.point(got == b"hello echo\n", "TCP echo from the host", repr(got))
        big = bytes(range(256)) * 1024   # 256 KiB
        got = echo_exchange(echo_port, big)
        tap.point(got == big, "TCP echo of 256 KiB",
                  f"{len(got)} bytes back")
        t0 = time.monotonic()
        ok = all(echo_exchange(echo_port, b"n%d\n" % i) == b"n%d\n" % i
                 for i in range(50))
        dt = time.monotonic() - t0
        tap.point(ok, "50 sequential echo connections")
        print(f"# 50 echo connections in {dt:.2f} s", flush=True)
        url = f"http://127.0.0.1:{http_port}/"
        bodies = []
        t0 = time.monotonic()
        for _ in range(50):
            with urllib.request.urlopen(url, timeout=IO_TIMEOUT) as r:
                bodies.append((r.status, r.read()))
        dt = time.monotonic() - t0
        tap.point(all(b == (200, b"hello libuk\n") for b in bodies),
                  "HTTP GET (epoll responder) 50 times", repr(bodies[:1]))
        print(f"# 50 HTTP requests in {dt:.2f} s ({50 / dt:.0f}/s)",
              flush=True)
        got = echo_exchange(echo_port, b"quit")
        tap.point(got[:4] == b"bye\n", "quit", repr(got))
    except OSError as e:
        tap.point(False, "host-side exchanges", repr(e))
        proc.kill()
    try:
        rc = proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = proc.wait()
    rd.join(10)
    tap.point(rc == 0, "the image exits with status 0", f"status {rc}")
    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
