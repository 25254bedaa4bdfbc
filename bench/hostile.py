#!/usr/bin/env python3
"""Work Gatehouse does for hostile requests (issue 11, items 2 and 3): CPU per request for
oversized and parameter-stuffed bodies, and memory after a flood of anonymous sign-ins.
Prints figures; it is not a pass/fail test. Loopback only.

    python3 bench/hostile.py --bin target/release/gatehouse [--count 2000] [--flood 20000]
"""

import argparse
import os
import socket
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))
from scenarios import Gatehouse, cpu_seconds, rss_mib  # noqa: E402


def send(port, raw):
    """One request on its own connection; returns the status code."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(raw)
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        # Drain so the server is done with the request when we measure.
        s.settimeout(5)
        try:
            while s.recv(65536):
                pass
        except OSError:
            pass
    return int(data.split(b" ", 2)[1]) if data else 0


def post(port, path, body):
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
            f"Connection: close\r\n\r\n").encode()
    return head + body


def get(port, path):
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()


def measure(gh, name, raw, count):
    pid = gh.proc.pid
    statuses = {}
    before = cpu_seconds(pid)
    start = time.time()
    for _ in range(count):
        st = send(gh.port, raw)
        statuses[st] = statuses.get(st, 0) + 1
    wall = time.time() - start
    cpu = cpu_seconds(pid) - before
    # Wall time is left out: for bodies the server refuses unread, it is the client's own
    # sending that takes the time.
    del wall
    print(f"{name:<60} {len(raw):>7} B  {cpu / count * 1e6:>7.0f} us CPU/request  "
          f"statuses {statuses}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--flood", type=int, default=20000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        gh = Gatehouse(os.path.abspath(a.bin), d)
        # The flood below comes from one address: lift that limit to measure the store's.
        with open(gh.config, "a") as f:
            f.write("[policy.throttle]\nmax_new_signins_per_ip = 0\n")
        gh.start()
        try:
            print(f"== CPU per hostile request ({a.count} each, one connection per request)")
            base = b"grant_type=client_credentials&client_id=x&client_secret=y"
            measure(gh, "token: ordinary refused request (baseline)", post(gh.port, "/token", base), a.count)
            keys = lambda n: "&".join(f"k{i}=v" for i in range(n)).encode()  # noqa: E731
            measure(gh, "token: 65 distinct keys (over the 64 cap)", post(gh.port, "/token", keys(65)), a.count)
            measure(gh, "token: 2,000 distinct keys, 15 KB (under the body limit)",
                    post(gh.port, "/token", keys(1600)), a.count)
            measure(gh, "token: 30,000 distinct keys, 180 KB (over the 16 KiB limit)",
                    post(gh.port, "/token", keys(30000)), max(a.count // 10, 50))
            measure(gh, "token: one 8 KiB value repeated name",
                    post(gh.port, "/token", b"scope=" + b"a" * 8000 + b"&scope=b"), a.count)
            q = urllib.parse.urlencode([(f"k{i}", "v") for i in range(64)] + [("client_id", "x")])
            measure(gh, "authorize: 65 parameters in the query", get(gh.port, "/authorize?" + q), a.count)
            print(f"== memory after {a.flood} anonymous sign-ins (GET /login, no cookies)")
            pid = gh.proc.pid
            idle = rss_mib(pid)
            before = cpu_seconds(pid)
            for _ in range(a.flood):
                send(gh.port, get(gh.port, "/login"))
            cpu = cpu_seconds(pid) - before
            print(f"RSS before {idle:.1f} MiB, after {rss_mib(pid):.1f} MiB; "
                  f"{cpu / a.flood * 1e6:.0f} us CPU per anonymous sign-in")
        finally:
            gh.stop()


if __name__ == "__main__":
    main()
