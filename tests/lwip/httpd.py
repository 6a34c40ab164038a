#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""httpd.test's host side: boots examples/httpd (-x -t IDLE) under QEMU's
user networking with its port forwarded from 127.0.0.1 and checks, from
the host only: curl's GET and HEAD, 404 and 400, 1,000 sequential
connections, 64 concurrent keep-alive ones, garbage bytes, half-open
connections (closed by the server's idle timeout), a bounded burst of
connects that are dropped or reset at once; after each abuse the server
still answers, and at the end GET /quit makes it exit with status 0 (it
did not crash). Prints TAP. Every wait is bounded."""

import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Tap, free_port  # noqa: E402

BOOT_TIMEOUT = 120      # s until the image says it serves
IO_TIMEOUT = 30         # s for one exchange
IDLE_S = 3              # the server's idle timeout (-t)


def request(port, raw, timeout=IO_TIMEOUT):
    """Sends @raw on a new connection, returns all the server sends
    until it closes (or the timeout)."""
    with socket.create_connection(("127.0.0.1", port),
                                  timeout=timeout) as s:
        s.sendall(raw)
        got = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return got
            got += chunk


def get(port, path="/hello"):
    return request(port, b"GET %s HTTP/1.1\r\nHost: t\r\n"
                   b"Connection: close\r\n\r\n" % path.encode())


def status(resp):
    try:
        return int(resp.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def stats(port):
    body = get(port, "/stats").split(b"\r\n\r\n", 1)[-1].decode()
    return dict((k, int(v)) for k, v in
                (line.split() for line in body.splitlines() if line))


def keepalive_client(port, n, results, errors):
    """@n requests on one keep-alive connection; appends the count of
    correct answers."""
    ok = 0
    phase = "connect"
    try:
        with socket.create_connection(("127.0.0.1", port),
                                      timeout=IO_TIMEOUT) as s:
            phase = "request 1"
            buf = b""
            for _ in range(n):
                s.sendall(b"GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                while b"hello libuk\n" not in buf:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    buf += chunk
                if buf.startswith(b"HTTP/1.1 200") and \
                        b"hello libuk\n" in buf:
                    ok += 1
                buf = buf.split(b"hello libuk\n", 1)[-1]
                phase = f"request {ok + 1}"
    except OSError as e:
        errors.append(f"{phase}: {e!r}")
    results.append(ok)


def native_check(tap, path):
    """The host build of the same source serves too."""
    if not os.path.exists(path):
        tap.point(False, "httpd builds natively (cc -Wall -Wextra -Werror)")
        return
    tap.point(True, "httpd builds natively (cc -Wall -Wextra -Werror)")
    port = free_port()
    proc = subprocess.Popen([path, "-p", str(port), "-x", "-q"])
    r = b""
    for _ in range(50):
        try:
            r = get(port)
            break
        except OSError:
            time.sleep(0.1)
    tap.point(status(r) == 200 and r.endswith(b"hello libuk\n"),
              "the native httpd answers on 127.0.0.1", repr(r[:60]))
    try:
        request(port, b"GET /quit HTTP/1.1\r\n\r\n", 5)
    except OSError:
        pass
    try:
        rc = proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = proc.wait()
    tap.point(rc == 0, "the native httpd exits 0 on /quit", f"status {rc}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--uk-run", required=True)
    ap.add_argument("--image", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--sequential", type=int, default=1000)
    ap.add_argument("--concurrent", type=int, default=64)
    ap.add_argument("--flood", type=int, default=500)
    ap.add_argument("--native", help="httpd built for the host")
    args = ap.parse_args()
    tap = Tap()

    if args.native is not None:
        native_check(tap, args.native)

    port = free_port()
    cmd = [args.uk_run, "--timeout", "1200", "-m", "64M", "--net",
           f"user,hostfwd=tcp:127.0.0.1:{port}-:80", args.image, "--",
           "-x", "-t", str(IDLE_S)]
    log = open(args.log, "w")
    log.write(" ".join(cmd) + "\n")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    serving = threading.Event()

    def reader():
        for line in proc.stdout:
            log.write(line)
            log.flush()
            if line.startswith("httpd: serving"):
                serving.set()
        serving.set()

    rd = threading.Thread(target=reader, daemon=True)
    rd.start()
    serving.wait(BOOT_TIMEOUT)
    tap.point(proc.poll() is None and serving.is_set(), "httpd boots")

    def alive(what):
        try:
            r = get(port)
            tap.point(status(r) == 200 and r.endswith(b"hello libuk\n"),
                      f"still serving after {what}", repr(r[:80]))
        except OSError as e:
            tap.point(False, f"still serving after {what}", repr(e))

    try:
        url = f"http://127.0.0.1:{port}/"
        if shutil.which("curl"):
            out = subprocess.run(["curl", "-sS", "-m", str(IO_TIMEOUT),
                                  "-w", "\n%{http_code}", url],
                                 capture_output=True, text=True)
            tap.point(out.stdout.endswith("</html>\n\n200") and
                      "hello from httpd" in out.stdout,
                      "curl GET /", repr(out.stdout[-80:] + out.stderr))
            out = subprocess.run(["curl", "-sS", "-I", "-m",
                                  str(IO_TIMEOUT), url + "hello"],
                                 capture_output=True, text=True)
            tap.point(out.stdout.startswith("HTTP/1.1 200") and
                      "Content-Length: 12" in out.stdout,
                      "curl HEAD /hello", repr(out.stdout + out.stderr))
            # two requests on one connection: curl says it reused it
            out = subprocess.run(["curl", "-sS", "-v", "-m",
                                  str(IO_TIMEOUT), url + "hello",
                                  url + "hello"],
                                 capture_output=True, text=True)
            tap.point(out.stdout == "hello libuk\n" * 2 and
                      "Re-using existing connection" in out.stderr,
                      "curl: keep-alive, two GETs on one connection",
                      repr(out.stdout))
        else:
            tap.point(True, "curl GET / # SKIP curl not found")
        want = bytes(ord("a") + i % 26 for i in range(65536))
        ok = 0
        for _ in range(5):
            r = get(port, "/64k")
            ok += r.split(b"\r\n\r\n", 1)[-1] == want
        tap.point(ok == 5, "GET /64k five times, every byte right",
                  f"{ok} right")
        r = get(port, "/nothing-here")
        tap.point(status(r) == 404, "404 for an unknown path", repr(r[:40]))
        r = request(port, b"BREW / HTTP/1.1\r\n\r\n")
        tap.point(status(r) == 501, "501 for another method", repr(r[:40]))
        r = request(port, b"GET nothing\r\n\r\n")
        tap.point(status(r) == 400 and b"Connection: close" in r,
                  "400 for a malformed request line, then close",
                  repr(r[:60]))
        r = request(port, b"GET / HTTP/1.1\r\nX-" + b"a" * 9000 +
                    b"\r\n\r\n")
        tap.point(status(r) == 400, "400 for a head over 8 KiB",
                  repr(r[:40]))
        # pipelined: three requests in one segment, three answers
        r = request(port, b"GET /hello HTTP/1.1\r\n\r\n" * 2 +
                    b"GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n")
        tap.point(r.count(b"hello libuk\n") == 3, "three pipelined requests",
                  repr(r[-60:]))

        # the server closes first, so it keeps each connection in
        # TIME_WAIT: a client reusing its port must still get through
        ok = 0
        cport = free_port()
        for _ in range(5):
            try:
                with socket.socket() as s:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    s.settimeout(8)
                    s.bind(("127.0.0.1", cport))
                    s.connect(("127.0.0.1", port))
                    s.sendall(b"GET /hello HTTP/1.1\r\n"
                              b"Connection: close\r\n\r\n")
                    got = b""
                    while True:
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        got += chunk
                    ok += got.endswith(b"hello libuk\n")
            except OSError:
                pass
        tap.point(ok == 5, "5 connections in a row from one client port "
                  "(TIME_WAIT on the server)", f"{ok} answered")

        t0 = time.monotonic()
        ok = 0
        for _ in range(args.sequential):
            r = get(port)
            ok += status(r) == 200 and r.endswith(b"hello libuk\n")
        dt = time.monotonic() - t0
        tap.point(ok == args.sequential,
                  f"{args.sequential} sequential connections",
                  f"{ok} answered")
        print(f"# {args.sequential} connections in {dt:.1f} s "
              f"({args.sequential / dt:.0f}/s)", flush=True)

        results, errors = [], []
        threads = [threading.Thread(target=keepalive_client,
                                    args=(port, 10, results, errors))
                   for _ in range(args.concurrent)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(IO_TIMEOUT * 4)
        dt = time.monotonic() - t0
        tap.point(sum(results) == args.concurrent * 10,
                  f"{args.concurrent} concurrent keep-alive connections, "
                  "10 requests each",
                  f"{sum(results)} answered; {sorted(set(errors))[:4]}")
        print(f"# {args.concurrent * 10} requests in {dt:.1f} s",
              flush=True)

        # garbage: random bytes with and without an end of head
        rnd = random.Random(14)
        answers = []
        for i in range(20):
            junk = bytes(rnd.randrange(256) for _ in range(rnd.randrange(
                1, 3000)))
            if i % 2:
                junk += b"\r\n\r\n"
            try:
                answers.append(status(request(port, junk, 10)))
            except OSError:
                answers.append("timeout")
        # a head that never ends is closed by the idle timeout (None)
        tap.point(all(a in (400, None) for a in answers),
                  "garbage bytes: 400 or closed", repr(answers))
        alive("garbage bytes")

        # half-open: connected, part of a request, then silence
        half = []
        for _ in range(20):
            s = socket.create_connection(("127.0.0.1", port), IO_TIMEOUT)
            s.sendall(b"GET /hello HT")
            half.append(s)
        alive("20 half-open connections")
        time.sleep(IDLE_S + 3)
        st = stats(port)
        closed = 0
        for s in half:
            s.settimeout(IO_TIMEOUT)
            try:
                closed += s.recv(100) == b""
            except ConnectionResetError:
                closed += 1     # closed with the request unread: RST
            except OSError:
                pass
            s.close()
        tap.point(closed == 20 and st.get("idle_closed", 0) >= 20,
                  "the idle timeout closes the half-open connections",
                  f"{closed} closed; stats {st}")

        # a burst of connects: half reset at once, half left silent
        t0 = time.monotonic()
        socks = []
        for i in range(args.flood):
            s = socket.socket()
            s.setblocking(False)
            try:
                s.connect(("127.0.0.1", port))
            except BlockingIOError:
                pass
            if i % 2:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                             b"\1\0\0\0\0\0\0\0")
                s.close()
            else:
                socks.append(s)
        alive(f"a burst of {args.flood} connects")
        for s in socks:
            s.close()
        print(f"# burst of {args.flood} connects in "
              f"{time.monotonic() - t0:.1f} s", flush=True)
        time.sleep(IDLE_S + 3)
        st = stats(port)
        tap.point(st.get("open", -1) <= 2,
                  "no connection left open after the burst", repr(st))
        alive("the burst, and a pause")
        try:
            request(port, b"GET /quit HTTP/1.1\r\n\r\n", 10)
        except OSError:
            pass
    except OSError as e:
        tap.point(False, "host-side exchanges", repr(e))
        proc.kill()
    try:
        rc = proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = proc.wait()
    rd.join(10)
    tap.point(rc == 0, "httpd exits with status 0 on /quit", f"status {rc}")
    print(f"1..{tap.n}", flush=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
