#!/usr/bin/env python3
"""Gatehouse-only load scenarios (stdlib + wrk). Prints req/s, latency and requests per
server CPU-second for: userinfo, refresh_token rotation, the full authorization-code round
trip (authorize -> login -> code -> token), and client_credentials while 100 clients flood
the login form with wrong passwords. Loopback only; every run is bounded in time."""

import argparse
import base64
import hashlib
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener(jar=None):
    handlers = [NoRedirect()]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    return urllib.request.build_opener(*handlers)


def request(op, url, data=None, headers=None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with op.open(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode()


class Gatehouse:
    def __init__(self, binary, workdir):
        self.bin = binary
        self.dir = workdir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.config = os.path.join(workdir, "gatehouse.toml")
        with open(self.config, "w") as f:
            f.write(
                f'issuer = "{self.base}"\n[server]\nlisten = "127.0.0.1:{self.port}"\n'
                f'[database]\nurl = "sqlite://{workdir}/gatehouse.db"\n[log]\nlevel = "warn"\n'
            )
        self.proc = None

    def cli(self, *args):
        out = subprocess.run([self.bin, "--config", self.config, *args], check=True,
                             capture_output=True, text=True, cwd=self.dir)
        return json.loads(out.stdout) if "--json" in args else out.stdout

    def start(self):
        self.proc = subprocess.Popen([self.bin, "--config", self.config, "serve"], cwd=self.dir,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                status, _, _ = request(opener(), self.base + "/readyz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.02)
        raise SystemExit("gatehouse did not start")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=15)


def wrk(url, duration, conns, threads, script=None, env=None, headers=()):
    cmd = ["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{duration}s", "--latency", "--timeout", "5s"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 30,
                         env={**os.environ, **(env or {})}).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        if not m:
            return float("nan")
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    return {"rps": rps, "total": total, "p50": pct(50), "p99": pct(99),
            "non2xx": int(non2xx.group(1)) if non2xx else 0}


def report(name, res, cpu):
    per_cpu = res["total"] / cpu if cpu > 0 else float("nan")
    print(f"{name:<34} {res['rps']:>10.0f} req/s  p50 {res['p50']:>7.2f} ms  p99 {res['p99']:>7.2f} ms  "
          f"{per_cpu:>9.0f} req/OP-CPU-s  non-2xx {res['non2xx']}")


def pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def code_flow(gh, client_id, secret, email, password, redirect):
    """One full round trip in a fresh browser; returns the token response."""
    jar = http.cookiejar.CookieJar()
    op = opener(jar)
    verifier, challenge = pkce()
    q = urllib.parse.urlencode({
        "client_id": client_id, "redirect_uri": redirect, "response_type": "code",
        "scope": "openid email", "state": secrets.token_urlsafe(8),
        "code_challenge": challenge, "code_challenge_method": "S256",
    })
    status, headers, _ = request(op, f"{gh.base}/authorize?{q}")
    assert status == 303, status
    status, _, html = request(op, gh.base + headers["location"])
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    flow = re.search(r'name="flow" value="([^"]+)"', html).group(1)
    status, headers, _ = request(op, gh.base + "/login",
                                 {"csrf": csrf, "flow": flow, "username": email, "password": password})
    assert status == 303, status
    # Through the sign-in's resume point (and any other page of Gatehouse's own) to the client.
    location = headers["location"]
    for _ in range(5):
        if not location.startswith("/"):
            break
        status, headers, _ = request(op, gh.base + location)
        assert status in (302, 303), (status, location)
        location = headers["location"]
    code = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)["code"][0]
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    status, _, body = request(opener(), gh.base + "/token",
                              {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect,
                               "code_verifier": verifier},
                              {"Authorization": "Basic " + basic})
    assert status == 200, body
    return json.loads(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--duration", type=int, default=10)
    args = ap.parse_args()
    d = max(1, min(args.duration, 20))
    work = tempfile.mkdtemp(prefix="gh-bench-")
    gh = Gatehouse(os.path.abspath(args.bin), work)
    email, password, redirect = "bench@example.com", "bench password 12345", "http://127.0.0.1:9/cb"
    gh.cli("user", "create", "--email", email, "--password", password)
    client = gh.cli("client", "create", "--name", "bench", "--first-party", "--redirect-uri", redirect,
                    "--grant-type", "authorization_code", "--grant-type", "refresh_token",
                    "--grant-type", "client_credentials", "--json")
    cid, secret = client["client_id"], client["client_secret"]
    basic = "Basic " + base64.b64encode(f"{cid}:{secret}".encode()).decode()
    gh.start()
    pid = gh.proc.pid
    here = os.path.dirname(os.path.abspath(__file__))
    print(f"server pid {pid}, idle RSS {rss_mib(pid):.1f} MiB")
    try:
        # userinfo with one bearer token.
        tokens = code_flow(gh, cid, secret, email, password, redirect)
        c0 = cpu_seconds(pid)
        res = wrk(gh.base + "/userinfo", d, 32, 2, headers=[f"Authorization: Bearer {tokens['access_token']}"])
        report("userinfo", res, cpu_seconds(pid) - c0)

        # refresh_token rotation: one chain of tokens per connection.
        chains = 8
        refresh = [code_flow(gh, cid, secret, email, password, redirect)["refresh_token"] for _ in range(chains)]
        tokfile = os.path.join(work, "refresh.txt")
        with open(tokfile, "w") as f:
            f.write("\n".join(refresh) + "\n")
        c0 = cpu_seconds(pid)
        res = wrk(gh.base + "/token", d, chains, chains, script=os.path.join(here, "refresh.lua"),
                  env={"GH_BASIC": basic, "GH_TOKENS": tokfile})
        report("refresh_token (rotating)", res, cpu_seconds(pid) - c0)

        # Full authorization-code round trips (each pays one Argon2 password check).
        done = []
        stop = time.time() + d
        c0 = cpu_seconds(pid)

        def loop():
            n = 0
            while time.time() < stop:
                code_flow(gh, cid, secret, email, password, redirect)
                n += 1
            done.append(n)
        threads = [threading.Thread(target=loop) for _ in range(4)]
        t0 = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.time() - t0
        cpu = cpu_seconds(pid) - c0
        total = sum(done)
        print(f"{'authorization code round trip':<34} {total / elapsed:>10.1f} flows/s  "
              f"{total / cpu:>9.1f} flows/OP-CPU-s  ({total} flows: authorize, login, code, token)")

        # Login flood: 100 connections posting wrong passwords, while client_credentials is measured.
        jar = http.cookiejar.CookieJar()
        op = opener(jar)
        status, _, html = request(op, gh.base + "/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
        flow = re.search(r'name="flow" value="([^"]+)"', html).group(1)
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        body = urllib.parse.urlencode({"csrf": csrf, "flow": flow, "username": email, "password": "wrong"})
        c0 = cpu_seconds(pid)
        res_idle = wrk(gh.base + "/token", d, 8, 1, script=os.path.join(here, "cc.lua"), env={"GH_BASIC": basic})
        report("client_credentials (quiet)", res_idle, cpu_seconds(pid) - c0)
        flood = subprocess.Popen(
            ["wrk", "-t", "1", "-c", "100", "-d", f"{d + 2}s", "--timeout", "10s", "-s",
             os.path.join(here, "login_flood.lua"), gh.base + "/login"],
            env={**os.environ, "GH_BODY": body, "GH_COOKIE": cookie},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        time.sleep(1)
        c0 = cpu_seconds(pid)
        res = wrk(gh.base + "/token", d, 8, 1, script=os.path.join(here, "cc.lua"), env={"GH_BASIC": basic})
        report("client_credentials during flood", res, cpu_seconds(pid) - c0)
        out = flood.communicate(timeout=d + 30)[0]
        m = re.search(r"Requests/sec:\s+([\d.]+)", out)
        print(f"{'  login flood (wrong passwords)':<34} {float(m.group(1)) if m else 0:>10.0f} req/s over 100 connections")
        print(f"RSS after load {rss_mib(pid):.1f} MiB")
    finally:
        gh.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
