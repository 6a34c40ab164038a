#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
#
# apps/nginx/clients.py: the HTTP clients of apps/nginx/test that curl
# cannot be (Python 3 alone).
#
#   clients.py concurrent PORT PATH FILE CLIENTS REQUESTS
#       CLIENTS keep-alive connections, opened one after the other, then
#       driven at the same time until REQUESTS GETs of PATH are done in
#       all; every response must be 200 with FILE's bytes. QEMU's user
#       networking listens on a forwarded port with a backlog of 1 (ss
#       -ltn shows it), so a burst of connects waits on the host's SYN
#       retries; opening them in turn keeps that out of the measurement.
#   clients.py malformed PORT
#       bad requests, each on its own connection: garbage, binary bytes,
#       a bad method, a bad version, an oversized header, a request cut
#       short; nginx must answer 400 (405, 414, 494, 505) or close, never
#       hang.
#
# Every wait is bounded (socket timeouts of 60 s). Prints one line per
# problem and exits 1 when there was any.
import hashlib
import socket
import sys
import threading

TIMEOUT = 60


def read_response(f):
    """One HTTP/1.1 response from the file f: (status, headers, body)."""
    line = f.readline()
    if not line:
        raise EOFError("connection closed before a status line")
    parts = line.split(None, 2)
    status = int(parts[1])
    headers = {}
    while True:
        h = f.readline()
        if h in (b"\r\n", b"\n", b""):
            break
        k, _, v = h.partition(b":")
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get(b"content-length", b"0"))
    body = f.read(n)
    if len(body) != n:
        raise EOFError("body cut short: %d of %d bytes" % (len(body), n))
    return status, headers, body


def concurrent(port, path, ref, clients, total):
    want = hashlib.sha256(open(ref, "rb").read()).hexdigest()
    conns = []
    for i in range(clients):
        s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        conns.append((s, s.makefile("rb")))
    lock = threading.Lock()
    state = {"left": total, "done": 0, "errors": []}
    start = threading.Barrier(clients)
    req = ("GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n" % path).encode()

    def client(i):
        s, f = conns[i]
        start.wait(TIMEOUT)
        while True:
            with lock:
                if state["left"] == 0 or state["errors"]:
                    return
                state["left"] -= 1
            try:
                s.sendall(req)
                st, _, body = read_response(f)
                if st != 200:
                    raise ValueError("status %d" % st)
                if hashlib.sha256(body).hexdigest() != want:
                    raise ValueError("wrong bytes (%d)" % len(body))
            except Exception as e:
                with lock:
                    state["errors"].append("client %d: %s" % (i, e))
                return
            with lock:
                state["done"] += 1

    ts = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for s, f in conns:
        f.close()
        s.close()
    for e in state["errors"]:
        print(e)
    print("%d of %d requests answered right by %d concurrent clients"
          % (state["done"], total, clients))
    return not state["errors"] and state["done"] == total


BAD = [
    ("garbage", b"this is not http\r\n\r\n"),
    ("binary", bytes(range(256)) * 4 + b"\r\n\r\n"),
    ("bad method", b"G\x01T / HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("bad version", b"GET / HTTP/9.Z\r\nHost: x\r\n\r\n"),
    ("no host", b"GET / HTTP/1.1\r\n\r\n"),
    ("huge header", b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: "
     + b"a" * 65536 + b"\r\n\r\n"),
    ("bad chunked", b"POST / HTTP/1.1\r\nHost: x\r\n"
     b"Transfer-Encoding: chunked\r\n\r\nzz\r\n"),
]


def malformed(port):
    ok = True
    for name, data in BAD:
        s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        try:
            s.sendall(data)
        except OSError:
            pass	# nginx may close while a huge request is sent
        try:
            reply = s.recv(64)
        except ConnectionResetError:
            reply = b""
        except socket.timeout:
            print("%s: no answer in %d s" % (name, TIMEOUT))
            ok = False
            reply = None
        s.close()
        if reply is None:
            continue
        code = reply.split(None, 2)[1:2]
        # 405: nginx reads the bad chunk, then refuses POST on a file
        if reply and code not in ([b"400"], [b"405"], [b"414"], [b"494"],
                                  [b"505"]):
            print("%s: unexpected answer %r" % (name, reply))
            ok = False
    # a request cut short: the client goes away mid-header
    s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    s.sendall(b"GET /index.html HTTP/1.1\r\nHo")
    s.close()
    return ok


def main(argv):
    if len(argv) == 7 and argv[1] == "concurrent":
        return concurrent(int(argv[2]), argv[3], argv[4], int(argv[5]),
                          int(argv[6]))
    if len(argv) == 3 and argv[1] == "malformed":
        return malformed(int(argv[2]))
    sys.exit("usage: clients.py concurrent PORT PATH FILE CLIENTS REQUESTS"
             " | malformed PORT")


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv) else 1)
