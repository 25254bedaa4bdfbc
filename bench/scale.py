#!/usr/bin/env python3
"""Per-request cost at scale (issue 13, item 11): the embedded default (SQLite + in-process
store) beside production (PostgreSQL + Redis), with 1,000 and with 1,000,000 users and
100,000 clients seeded, in one run. For each: client_credentials, refresh_token rotation,
userinfo and the full authorization-code round trip (req/s, p50, p99, requests per server
CPU-second). Figures, not pass/fail.

    python3 bench/scale.py --bin target/release/gatehouse [--sizes 1000,1000000]
        [--clients 100000] [--duration 8] [--postgres URL] [--redis URL]

Users come from bench/admin_list.py's seeding (SQL, one real Argon2id hash copied); clients
are written with SQL too (one real secret hash copied). The measured user and client are
made through the CLI, as an operator would.
"""

import argparse
import base64
import os
import secrets
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import admin_list  # noqa: E402
import scenarios  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT_COLUMNS = ("id, name, secret_hash, redirect_uris, post_logout_redirect_uris, grant_types, "
                  "public, first_party, backchannel_logout_uri, backchannel_logout_session_required, "
                  "token_endpoint_auth_method, jwks_uri, jwks, id_token_signed_response_alg, "
                  "allowed_scopes, created_at, updated_at, registration_token_hash")


def clients_sql(backend, n, secret_hash, now):
    false = "0" if isinstance(backend, admin_list.SqliteBackend) else "FALSE"
    cat = "||"
    select = (f"SELECT 'seed-client-' {cat} i, 'Seeded app ' {cat} i, '{secret_hash}', "
              f"'[\"https://app' {cat} i {cat} '.example.com/cb\"]', '[]', "
              f"'[\"authorization_code\",\"refresh_token\"]', {false}, {false}, NULL, {false}, "
              f"'client_secret_basic', NULL, NULL, 'RS256', '[]', {now}, {now}, NULL FROM g")
    if isinstance(backend, admin_list.SqliteBackend):
        gen = f"WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {n})"
    else:
        gen = f"WITH g(i) AS (SELECT generate_series(1, {n}))"
    return f"{gen} INSERT INTO clients ({CLIENT_COLUMNS}) {select};"


def run_sql(backend, sql):
    if isinstance(backend, admin_list.SqliteBackend):
        import sqlite3
        con = sqlite3.connect(backend.path, isolation_level=None)
        try:
            con.execute(sql)
        finally:
            con.close()
    else:
        backend.psql(backend.url, sql + "\nANALYZE clients;")


def measure(gh, pid, d, email, password, cid, secret, redirect, work):
    basic = "Basic " + base64.b64encode(f"{cid}:{secret}".encode()).decode()
    out = {}

    def timed(name, fn):
        c0 = scenarios.cpu_seconds(pid)
        res = fn()
        res["per_cpu"] = res["total"] / max(scenarios.cpu_seconds(pid) - c0, 1e-9)
        out[name] = res
        print(f"   {name:<28} {res['rps']:>9.0f} req/s  p50 {res['p50']:>6.2f} ms  "
              f"p99 {res['p99']:>6.2f} ms  {res['per_cpu']:>8.0f} req/CPU-s  non-2xx {res['non2xx']}",
              flush=True)

    timed("client_credentials", lambda: scenarios.wrk(
        gh.base + "/token", d, 8, 1, script=os.path.join(HERE, "cc.lua"), env={"GH_BASIC": basic}))
    chains = 8
    refresh = [scenarios.code_flow(gh, cid, secret, email, password, redirect)["refresh_token"]
               for _ in range(chains)]
    tokfile = os.path.join(work, "refresh.txt")
    with open(tokfile, "w") as f:
        f.write("\n".join(refresh) + "\n")
    timed("refresh_token (rotating)", lambda: scenarios.wrk(
        gh.base + "/token", d, chains, chains, script=os.path.join(HERE, "refresh.lua"),
        env={"GH_BASIC": basic, "GH_TOKENS": tokfile}))
    tokens = scenarios.code_flow(gh, cid, secret, email, password, redirect)
    timed("userinfo", lambda: scenarios.wrk(
        gh.base + "/userinfo", d, 32, 2, headers=[f"Authorization: Bearer {tokens['access_token']}"]))

    # Full round trips, four browsers at once; each pays one Argon2 password check.
    done, latencies = [], []
    stop = time.time() + d
    c0 = scenarios.cpu_seconds(pid)

    def loop():
        n = 0
        while time.time() < stop:
            t = time.perf_counter()
            scenarios.code_flow(gh, cid, secret, email, password, redirect)
            latencies.append((time.perf_counter() - t) * 1000)
            n += 1
        done.append(n)
    threads = [threading.Thread(target=loop) for _ in range(4)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - t0
    total = sum(done)
    lat = sorted(latencies)
    res = {"rps": total / elapsed, "total": total, "non2xx": 0,
           "p50": admin_list.percentile(lat, 50), "p99": admin_list.percentile(lat, 99)}
    res["per_cpu"] = total / max(scenarios.cpu_seconds(pid) - c0, 1e-9)
    out["code flow (4 browsers)"] = res
    print(f"   {'code flow (4 browsers)':<28} {res['rps']:>9.1f} flows/s p50 {res['p50']:>6.1f} ms  "
          f"p99 {res['p99']:>6.1f} ms  {res['per_cpu']:>8.1f} flows/CPU-s", flush=True)
    return out


def run(binary, backend_name, users, clients, args, results):
    with tempfile.TemporaryDirectory(prefix="gh-scale-") as work:
        backend = (admin_list.SqliteBackend(work) if backend_name == "embedded"
                   else admin_list.PostgresBackend(args.postgres))
        label = "SQLite + in-process" if backend_name == "embedded" else "PostgreSQL + Redis"
        gh = admin_list.Installation(binary, work, backend.url)
        if backend_name == "production":
            with open(gh.config, "a") as f:
                f.write(f'\n[redis]\nurl = "{args.redis}"\nkey_prefix = "bench{os.getpid()}-{users}:"\n')
        try:
            backend.create()
            gh.cli("migrate")
            gh.cli("user", "create", "--email", admin_list.SEED_EMAIL, "--password",
                   secrets.token_urlsafe(18), "--json")
            pw_hash = backend.query_one(
                f"SELECT password_hash FROM users WHERE email = '{admin_list.SEED_EMAIL}';")
            now = int(time.time())
            t0 = time.perf_counter()
            backend.seed(users, now, pw_hash)
            email, password, redirect = "bench@example.com", "bench password 12345", "http://127.0.0.1:9/cb"
            gh.cli("user", "create", "--email", email, "--password", password)
            client = gh.cli("client", "create", "--name", "bench", "--first-party", "--redirect-uri",
                            redirect, "--grant-type", "authorization_code", "--grant-type",
                            "refresh_token", "--grant-type", "client_credentials", "--json")
            cid, secret = client["client_id"], client["client_secret"]
            secret_hash = backend.query_one(f"SELECT secret_hash FROM clients WHERE id = '{cid}';")
            run_sql(backend, clients_sql(backend, clients, secret_hash, now))
            seeded = time.perf_counter() - t0
            n_users = int(backend.query_one("SELECT COUNT(*) FROM users;"))
            n_clients = int(backend.query_one("SELECT COUNT(*) FROM clients;"))
            print(f"== {label}: {n_users:,} users, {n_clients:,} clients (seeded in {seeded:.1f} s, "
                  f"{backend.size_mib():.0f} MiB)", flush=True)
            gh.start()
            out = measure(gh, gh.proc.pid, args.duration, email, password, cid, secret, redirect, work)
            out["rss"] = scenarios.rss_mib(gh.proc.pid)
            results.append((label, n_users, n_clients, out))
        finally:
            gh.stop()
            backend.drop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--sizes", default="1000,1000000")
    ap.add_argument("--clients", type=int, default=100_000)
    ap.add_argument("--duration", type=int, default=8)
    ap.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres")
    ap.add_argument("--redis", default="redis://127.0.0.1:6379/")
    ap.add_argument("--backends", default="embedded,production")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    results = []
    for users in [int(s) for s in args.sizes.split(",")]:
        for backend in args.backends.split(","):
            run(binary, backend, users, args.clients, args, results)
    print("\n| backend | users | clients | scenario | req/s | p50 ms | p99 ms | per server CPU-s |")
    print("|---|---:|---:|---|---:|---:|---:|---:|")
    for label, u, c, out in results:
        for name, r in out.items():
            if name == "rss":
                continue
            print(f"| {label} | {u:,} | {c:,} | {name} | {r['rps']:.0f} | {r['p50']:.2f} | "
                  f"{r['p99']:.2f} | {r['per_cpu']:.0f} |")
    print("\nRSS after the run: " + ", ".join(f"{label} {u:,} users {out['rss']:.0f} MiB"
                                          for label, u, _, out in results))


if __name__ == "__main__":
    sys.exit(main())
