#!/usr/bin/env python3
"""The admin users list over many users (issue 12): seeds N users (default 1,000,000) into
SQLite and into a fresh PostgreSQL database, starts the real binary on each, and times
`GET /admin/api/v1/users` for the first page, a search, a filtered page and a filtered page
after a cursor. Prints p50/p99/mean per backend and query, and the seeding time. Figures,
not pass/fail (the target is p99 < 50 ms on PostgreSQL). Loopback only.

    python3 bench/admin_list.py --bin target/release/gatehouse [--users 1000000]
        [--requests 200] [--warmup 20] [--backend sqlite --backend postgres]
        [--postgres postgres://postgres@127.0.0.1:5432]

Users are written with SQL (one INSERT ... SELECT each), not through Gatehouse; their
password hash is copied from one user the CLI created, so every hash is a real Argon2id
string. The PostgreSQL database `gatehouse_bench_<pid>` is dropped at the end; the server
needs PostgreSQL 13 or later (DROP DATABASE ... WITH (FORCE)) and `psql` on PATH.
"""

import argparse
import base64
import hashlib
import http.client
import json
import math
import os
import random
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scenarios import free_port, opener, request  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
API = "/admin/api/v1/users"
SEED_EMAIL = "seed@example.com"

FIRST = ["Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas",
         "Kemal", "Laura", "Marta", "Nikolai", "Olivia", "Pablo", "Quentin", "Rosa", "Samir",
         "Tanja", "Umar", "Vera", "Wei", "Ximena", "Yusuf", "Zoe", "Amira", "Bruno", "Chloe",
         "Dmitri", "Emma", "Felix", "Giulia", "Hannah", "Ivan", "Julia", "Kofi", "Lena",
         "Mateo", "Nora", "Oskar", "Priya", "Rafael", "Sofia", "Tomas", "Aisha", "Lucas",
         "Maria"]
LAST = ["Schmidt", "Garcia", "Nguyen", "Kowalski", "Rossi", "Okafor", "Tanaka", "Dubois",
        "Johansson", "Silva", "Novak", "Murphy", "Yilmaz", "Petrov", "Fischer", "Haddad",
        "Kim", "Lopez", "Andersen", "Moreau", "Costa", "Weber", "Ibrahim", "Jensen",
        "Popescu", "Horvat", "Mensah", "Sato", "Brown", "Kaur", "Meyer", "Ortiz", "Virtanen",
        "Papadopoulos", "Wagner", "Ali", "Santos", "Lindqvist", "Chen", "Martin", "Becker"]
# 20 slots: most addresses at example.com, the rest spread over a few other domains.
DOMAINS = ["example.com"] * 14 + ["example.org", "example.org", "mail.test", "corp.example",
                                  "example.net", "students.example.edu"]

# Which seeded user has what, by their number i (1..N). Both backends use the same rules,
# so they hold the same users:
#   id       00000000-0000-4000-8000-<i in 12 hex digits>
#   e-mail   user<i in 7 digits>@<DOMAINS[(i / 7) % 20]>
#   name     FIRST[i * 7 % F] LAST[(i * 13 + i / F) % L];  username first.last<i> for i % 3 = 0
#   phone    +1555<i in 7 digits> for i % 4 = 0 (verified for i % 8 = 0)
#   locked   i % 97 = 3 (~1%)          disabled     i % 101 = 5 (~1%)
#   invited  i % 20 = 7 (5%): no password, an invite action token, a quarter of them expired
#   factor   i % 5 = 1 (20%): an e-mail factor (an SMS factor when the user has a phone)
#   mfa_required i % 53 = 17 (~2%)     password_expired i % 211 = 0 (~0.5%)


def pg_literal(text):
    return "'" + text.replace("'", "''") + "'"


def values(names):
    return ", ".join(f"({k}, {pg_literal(v)})" for k, v in enumerate(names))


def name_tables():
    """Temporary look-up tables of names and domains (same SQL on both backends)."""
    out = []
    for table, names in (("bench_first", FIRST), ("bench_last", LAST), ("bench_domain", DOMAINS)):
        out.append(f"CREATE TEMP TABLE {table} (k BIGINT PRIMARY KEY NOT NULL, v TEXT NOT NULL);")
        out.append(f"INSERT INTO {table} VALUES {values(names)};")
    return "\n".join(out)


def users_select(n, now, pw_hash, fmt):
    """The SELECT producing the users rows; `fmt` supplies the backend's spelling of the
    zero-padded and hex formats."""
    created = f"({now} - ({n} - i) * 60)"
    return f"""
SELECT {fmt['id']},
       {fmt['email']} || '@' || d.v,
       CASE WHEN i % 3 = 0 THEN lower(f.v) || '.' || lower(l.v) || i END,
       f.v || ' ' || l.v,
       CASE WHEN i % 4 = 0 THEN {fmt['phone']} END,
       CASE WHEN i % 20 <> 7 THEN {pg_literal(pw_hash)} END,
       {fmt['false']},
       i % 101 = 5,
       {created},
       {created},
       i % 20 <> 7 AND i % 10 <> 9,
       i % 8 = 0,
       NULL,
       CASE WHEN i % 20 <> 7 THEN {created} END,
       i % 211 = 0 AND i % 20 <> 7,
       CASE WHEN i % 97 = 3 THEN {now} - (i % 30) * 86400 END,
       i % 53 = 17
FROM g
JOIN bench_first f ON f.k = i * 7 % {len(FIRST)}
JOIN bench_last l ON l.k = (i * 13 + i / {len(FIRST)}) % {len(LAST)}
JOIN bench_domain d ON d.k = (i / 7) % {len(DOMAINS)}"""


USER_COLUMNS = ("id, email, username, name, phone, password_hash, is_admin, disabled, created_at, "
                "updated_at, email_verified, phone_verified, locale, password_changed_at, "
                "password_expired, locked_at, mfa_required")


def factors_select(n, now, fmt):
    return f"""
SELECT {fmt['id']}, CASE WHEN i % 4 = 0 THEN 'sms' ELSE 'email' END, NULL, NULL,
       {now} - ({n} - i) * 60 + 3600
FROM g WHERE i % 5 = 1"""


def invites_select(now, fmt):
    # A quarter of the invitations expired three days ago; the rest run for six more days.
    return f"""
SELECT {fmt['sha']}, {fmt['id']}, 'invite', 'admin',
       CASE WHEN (i / 20) % 4 = 0 THEN {now} - 864000 ELSE {now} - 86400 END,
       CASE WHEN (i / 20) % 4 = 0 THEN {now} - 259200 ELSE {now} + 518400 END,
       NULL
FROM g WHERE i % 20 = 7"""


PG_FMT = {
    "id": "'00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0')",
    "email": "'user' || lpad(i::text, 7, '0')",
    "phone": "'+1555' || lpad(i::text, 7, '0')",
    "sha": "encode(sha256(convert_to('gatehouse-bench-invite-' || i, 'UTF8')), 'hex')",
    "false": "FALSE",
}
SQLITE_FMT = {
    "id": "printf('00000000-0000-4000-8000-%012x', i)",
    "email": "printf('user%07d', i)",
    "phone": "printf('+1555%07d', i)",
    "sha": "bench_sha256('gatehouse-bench-invite-' || i)",
    "false": "0",
}


def fmt_ms(v):
    return f"{v:.2f}" if v < 100 else f"{v:.0f}"


def percentile(sorted_values, p):
    """Nearest rank."""
    k = max(0, math.ceil(p / 100 * len(sorted_values)) - 1)
    return sorted_values[k]


def clean_env():
    # The installation is configured by its file alone: no GATEHOUSE_* or RUST_LOG from the
    # caller's shell.
    return {k: v for k, v in os.environ.items() if not k.startswith("GATEHOUSE_") and k != "RUST_LOG"}


# ---------------------------------------------------------------------------------------
# Backends: create, seed, measure size, drop.


class SqliteBackend:
    label = "SQLite"

    def __init__(self, workdir):
        self.path = os.path.join(workdir, "gatehouse.db")
        self.url = f"sqlite://{self.path}"

    def create(self):
        pass

    def query_one(self, sql):
        con = sqlite3.connect(self.path)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()

    def seed(self, n, now, pw_hash):
        con = sqlite3.connect(self.path, isolation_level=None)
        con.create_function("bench_sha256", 1, lambda s: hashlib.sha256(s.encode()).hexdigest(),
                            deterministic=True)
        times = {}
        try:
            con.execute("PRAGMA synchronous = OFF")
            con.execute("PRAGMA cache_size = -262144")
            con.execute("PRAGMA temp_store = MEMORY")
            # Secondary indexes are built once after the rows, as a restore would.
            indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                  "AND tbl_name = 'users' AND sql IS NOT NULL").fetchall()
            gen = f"WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {n})"
            t0 = time.perf_counter()
            con.execute("BEGIN")
            for stmt in name_tables().split("\n"):
                con.execute(stmt)
            for name, _ in indexes:
                con.execute(f'DROP INDEX "{name}"')
            con.execute(f"{gen} INSERT INTO users ({USER_COLUMNS}) "
                        f"{users_select(n, now, pw_hash, SQLITE_FMT)}")
            con.execute(f"{gen} INSERT INTO mfa_factors (user_id, method, secret_enc, last_step, "
                        f"created_at) {factors_select(n, now, SQLITE_FMT)}")
            con.execute(f"{gen} INSERT INTO action_tokens (token_hash, user_id, kind, requested_by, "
                        f"created_at, expires_at, used_at) {invites_select(now, SQLITE_FMT)}")
            con.execute("COMMIT")
            times["rows"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            con.execute("BEGIN")
            for _, sql in indexes:
                con.execute(sql)
            con.execute("COMMIT")
            times["indexes"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            con.execute("ANALYZE")
            times["analyze"] = time.perf_counter() - t0
            # Leave a checkpointed file behind: the server starts from a small WAL.
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        return times

    def size_mib(self):
        total = 0
        for suffix in ("", "-wal", "-shm"):
            p = self.path + suffix
            if os.path.exists(p):
                total += os.path.getsize(p)
        return total / 2**20

    def drop(self):
        pass


class PostgresBackend:
    label = "PostgreSQL"

    def __init__(self, server_url):
        u = urllib.parse.urlsplit(server_url)
        self.name = f"gatehouse_bench_{os.getpid()}"
        self.admin_url = urllib.parse.urlunsplit((u.scheme, u.netloc, "/postgres", u.query, ""))
        self.url = urllib.parse.urlunsplit((u.scheme, u.netloc, "/" + self.name, u.query, ""))
        self.created = False

    def psql(self, url, sql, tuples=False):
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url]
        if tuples:
            cmd += ["-A", "-t", "-F", "\t"]
        out = subprocess.run(cmd, input=sql, capture_output=True, text=True, env=clean_env())
        if out.returncode != 0:
            raise RuntimeError(f"psql failed ({out.returncode}): {out.stderr.strip()}")
        return out.stdout

    def create(self):
        self.psql(self.admin_url, f"CREATE DATABASE {self.name};")
        self.created = True

    def query_one(self, sql):
        return self.psql(self.url, sql, tuples=True).strip()

    def seed(self, n, now, pw_hash):
        times = {}
        rows = self.psql(self.url, """
SELECT c.relname, pg_get_indexdef(x.indexrelid)
FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
WHERE x.indrelid = 'users'::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid);""", tuples=True)
        indexes = [line.split("\t", 1) for line in rows.splitlines() if line.strip()]
        gen = f"WITH g(i) AS (SELECT generate_series(1::bigint, {n}::bigint))"
        drops = "\n".join(f'DROP INDEX "{name}";' for name, _ in indexes)
        t0 = time.perf_counter()
        # Secondary indexes (the trigram ones above all) are built once after the rows, as a
        # restore would; the primary key and unique constraints stay.
        self.psql(self.url, f"""
BEGIN;
{name_tables()}
{drops}
{gen} INSERT INTO users ({USER_COLUMNS}) {users_select(n, now, pw_hash, PG_FMT)};
{gen} INSERT INTO mfa_factors (user_id, method, secret_enc, last_step, created_at)
{factors_select(n, now, PG_FMT)};
{gen} INSERT INTO action_tokens (token_hash, user_id, kind, requested_by, created_at, expires_at, used_at)
{invites_select(now, PG_FMT)};
COMMIT;
""")
        times["rows"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        creates = "\n".join(f"{sql};" for _, sql in indexes)
        self.psql(self.url, f"SET maintenance_work_mem = '256MB';\n{creates}\n")
        times["indexes"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        # VACUUM as well: a table in service has been vacuumed (visibility map, hint bits).
        self.psql(self.url, "VACUUM (ANALYZE) users, mfa_factors, action_tokens;")
        times["analyze"] = time.perf_counter() - t0
        return times

    def size_mib(self):
        return int(self.query_one("SELECT pg_database_size(current_database());")) / 2**20

    def drop(self):
        if self.created:
            self.psql(self.admin_url, f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE);")
            self.created = False


# ---------------------------------------------------------------------------------------
# One installation: config, CLI, server.


class Installation:
    def __init__(self, binary, workdir, database_url):
        self.bin = binary
        self.dir = workdir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.config = os.path.join(workdir, "gatehouse.toml")
        self.log = os.path.join(workdir, "server.log")
        key = os.path.join(workdir, "master.key")
        with open(key, "w") as f:
            f.write(base64.b64encode(secrets.token_bytes(32)).decode())
        os.chmod(key, 0o600)
        with open(self.config, "w") as f:
            f.write(f'issuer = "{self.base}"\n\n[server]\nlisten = "127.0.0.1:{self.port}"\n\n'
                    f'[database]\nurl = "{database_url}"\n\n[keys]\nmaster_key_file = "{key}"\n\n'
                    f'[log]\nlevel = "warn"\n')
        self.proc = None

    def cli(self, *args):
        out = subprocess.run([self.bin, "--config", self.config, *args], capture_output=True,
                             text=True, cwd=self.dir, env=clean_env())
        if out.returncode != 0:
            raise RuntimeError(f"gatehouse {' '.join(args[:2])} failed: {out.stderr.strip()}")
        return json.loads(out.stdout) if "--json" in args else out.stdout

    def start(self):
        self.proc = subprocess.Popen([self.bin, "--config", self.config, "serve"], cwd=self.dir,
                                     stdout=subprocess.DEVNULL, stderr=open(self.log, "w"),
                                     env=clean_env())
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                status, _, _ = request(opener(), self.base + "/readyz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        with open(self.log) as f:
            tail = f.read()[-2000:]
        raise RuntimeError(f"gatehouse serve did not become ready:\n{tail}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def admin_token(self, client_id, secret):
        basic = base64.b64encode(f"{urllib.parse.quote(client_id, safe='')}:"
                                 f"{urllib.parse.quote(secret, safe='')}".encode()).decode()
        status, _, body = request(opener(), self.base + "/token",
                                  {"grant_type": "client_credentials", "scope": "gatehouse:admin"},
                                  {"Authorization": "Basic " + basic})
        if status != 200:
            raise RuntimeError(f"token request: {status} {body}")
        return json.loads(body)["access_token"]


class Api:
    """One keep-alive connection to the admin API."""

    def __init__(self, port, token):
        self.port = port
        self.token = token
        self.conn = None

    def get(self, path):
        """Returns (milliseconds, parsed body). The time covers sending the request and
        reading the whole response; a connection the server closed is reopened untimed."""
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.conn.connect()
            try:
                t0 = time.perf_counter()
                self.conn.request("GET", path, headers={"Authorization": f"Bearer {self.token}"})
                r = self.conn.getresponse()
                body = r.read()
                ms = (time.perf_counter() - t0) * 1000
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
                continue
            if r.status != 200:
                raise RuntimeError(f"GET {path}: {r.status} {body[:300]!r}")
            return ms, json.loads(body)
        raise AssertionError("unreachable")

    def close(self):
        if self.conn:
            self.conn.close()


# ---------------------------------------------------------------------------------------
# What is measured.


def search_terms(n, count, rng):
    """Search terms cycling through kinds: (kind, term). Same list on both backends."""
    kinds = []

    def user_no():
        return rng.randrange(1, n + 1)

    def first_name():
        name = rng.choice(FIRST)
        return name if rng.random() < 0.5 else name.lower()

    def user_name():
        i = max(3, user_no() // 3 * 3)
        f, l = FIRST[i * 7 % len(FIRST)], LAST[(i * 13 + i // len(FIRST)) % len(LAST)]
        return f"{f.lower()}.{l.lower()}{i}"

    makers = [
        ("first name", first_name),
        ("part of a last name", lambda: rng.choice(LAST)[:5].lower()),
        ("full name", lambda: f"{rng.choice(FIRST)} {rng.choice(LAST)}"),
        ("e-mail prefix (~100 hits)", lambda: f"user{user_no():07d}"[:9]),
        ("whole e-mail local part", lambda: f"user{user_no():07d}@"),
        ("domain", lambda: rng.choice(["corp.example", "example.org", "mail.test", "example.edu"])),
        ("username", user_name),
        ("no match", lambda: "qx" + "".join(rng.choice("jkvwz") for _ in range(4))),
    ]
    for k in range(count):
        kind, make = makers[k % len(makers)]
        kinds.append((kind, make()))
    return kinds


def time_paths(api, paths, warmup):
    """Times each path after `warmup` untimed ones; returns [(ms, body)]."""
    for p in paths[:warmup]:
        api.get(p)
    return [api.get(p) for p in paths[warmup:]]


def summary(samples):
    ms = sorted(s for s, _ in samples)
    return {"p50": percentile(ms, 50), "p99": percentile(ms, 99),
            "mean": sum(ms) / len(ms), "max": ms[-1], "count": len(ms)}


def page_note(samples):
    """Users per answer (a range when they differ), and whether a next page was offered."""
    sizes = sorted(len(b["items"]) for _, b in samples)
    more = sum(1 for _, b in samples if b.get("next_cursor"))
    size = f"{sizes[0]}" if sizes[0] == sizes[-1] else f"{sizes[0]}-{sizes[-1]}"
    if more == len(samples):
        return f"{size}, more"
    return f"{size}, more in {more} of {len(samples)}" if more else size


def run_backend(name, binary, args, results):
    with tempfile.TemporaryDirectory(prefix="gh-admin-list-") as work:
        backend = SqliteBackend(work) if name == "sqlite" else PostgresBackend(args.postgres)
        gh = Installation(binary, work, backend.url)
        api = None
        try:
            backend.create()
            gh.cli("migrate")
            # One real hash, copied to every seeded user with a password.
            gh.cli("user", "create", "--email", SEED_EMAIL, "--password", secrets.token_urlsafe(18),
                   "--json")
            pw_hash = backend.query_one(
                f"SELECT password_hash FROM users WHERE email = '{SEED_EMAIL}';")
            pw_hash = pw_hash or ""
            if not pw_hash.startswith("$argon2"):
                raise RuntimeError(f"unexpected password hash of {SEED_EMAIL}: {pw_hash[:20]!r}")
            now = int(time.time())
            print(f"== {backend.label}: seeding {args.users:,} users", flush=True)
            t0 = time.perf_counter()
            times = backend.seed(args.users, now, pw_hash)
            seed_s = time.perf_counter() - t0
            counts = {
                "locked": "SELECT COUNT(*) FROM users WHERE locked_at IS NOT NULL;",
                "disabled": "SELECT COUNT(*) FROM users WHERE disabled;",
                "without password": "SELECT COUNT(*) FROM users WHERE password_hash IS NULL;",
                "with a factor": "SELECT COUNT(DISTINCT user_id) FROM mfa_factors;",
                "mfa_required": "SELECT COUNT(*) FROM users WHERE mfa_required;",
            }
            shown = ", ".join(f"{k} {int(backend.query_one(q)):,}" for k, q in counts.items())
            size = backend.size_mib()
            print(f"   {seed_s:.1f} s (rows {times['rows']:.1f} s, indexes {times['indexes']:.1f} s, "
                  f"ANALYZE {times['analyze']:.1f} s); database {size:.0f} MiB; {shown}", flush=True)
            results["seed"].append((backend.label, seed_s, times, size))

            client = gh.cli("client", "create", "--name", "bench", "--grant-type",
                            "client_credentials", "--scope", "gatehouse:admin", "--json")
            cid, secret = client["client_id"], client["client_secret"]
            gh.start()
            rng = random.Random(12)
            total = args.warmup + args.requests

            def measure(label, paths):
                nonlocal api
                # A fresh token per query: access tokens live 10 minutes by default and a
                # slow backend may take longer than that over all queries.
                if api:
                    api.close()
                api = Api(gh.port, gh.admin_token(cid, secret))
                samples = time_paths(api, paths, args.warmup)
                s = summary(samples)
                results["rows"].append((backend.label, label, s, page_note(samples)))
                print(f"   {label:<44} p50 {fmt_ms(s['p50']):>7} ms  p99 {fmt_ms(s['p99']):>7} ms  "
                      f"mean {fmt_ms(s['mean']):>7} ms  max {fmt_ms(s['max']):>7} ms", flush=True)
                return samples

            measure("first page (`limit=50`)", [f"{API}?limit=50"] * total)

            terms = search_terms(args.users, total, rng)
            paths = [f"{API}?{urllib.parse.urlencode({'q': t, 'limit': 50})}" for _, t in terms]
            samples = measure("search (`q=…&limit=50`, 8 kinds of term)", paths)
            by_kind = {kind: [] for kind, _ in terms}
            for (kind, _), sample in zip(terms[args.warmup:], samples):
                by_kind[kind].append(sample)
            for kind, s in by_kind.items():
                if s:
                    results["kinds"].append((backend.label, kind, summary(s), page_note(s)))

            flt = f"{API}?filter={urllib.parse.quote(args.filter)}&limit=50"
            measure(f"filtered page (`filter={args.filter}&limit=50`)", [flt] * total)

            # Pages 2..21 of the same filter, each reached by the previous page's cursor.
            cursors = []
            _, body = api.get(flt)
            while body.get("next_cursor") and len(cursors) < 20:
                cursors.append(body["next_cursor"])
                _, body = api.get(f"{flt}&cursor={urllib.parse.quote(cursors[-1])}")
            if cursors:
                paths = [f"{flt}&cursor={urllib.parse.quote(cursors[k % len(cursors)])}"
                         for k in range(total)]
                pages = f"pages 2-{len(cursors) + 1}" if len(cursors) > 1 else "page 2"
                measure(f"next filtered page (`cursor=…`, {pages})", paths)
            else:
                print("   (one page of filtered users: no cursor to follow)")
        finally:
            if api:
                api.close()
            gh.stop()
            backend.drop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "gatehouse"))
    ap.add_argument("--users", type=int, default=1_000_000)
    ap.add_argument("--requests", type=int, default=200, help="timed requests per query")
    ap.add_argument("--warmup", type=int, default=20, help="untimed requests before each query")
    ap.add_argument("--backend", action="append", choices=["sqlite", "postgres"],
                    help="repeatable; default: both")
    ap.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432",
                    help="PostgreSQL server (a database gatehouse_bench_<pid> is created there)")
    ap.add_argument("--filter", default="locked", help="the filter of the filtered pages")
    a = ap.parse_args()
    if a.users < 1 or a.users > 9_999_999:
        ap.error("--users must be between 1 and 9,999,999 (seven-digit e-mail numbers)")
    if a.requests < 1 or a.warmup < 0:
        ap.error("--requests must be at least 1 and --warmup at least 0")
    binary = os.path.abspath(a.bin)
    if not os.access(binary, os.X_OK):
        ap.error(f"no gatehouse binary at {binary} (cargo build --release -p gatehouse)")
    backends = a.backend or ["sqlite", "postgres"]
    if "postgres" in backends and not shutil.which("psql"):
        ap.error("the PostgreSQL run needs psql on PATH (or pass --backend sqlite)")

    results = {"seed": [], "rows": [], "kinds": []}
    failed = []
    for name in dict.fromkeys(backends):
        try:
            run_backend(name, binary, a, results)
        except (RuntimeError, OSError, subprocess.SubprocessError, json.JSONDecodeError) as e:
            print(f"!! {name}: {e}", file=sys.stderr)
            failed.append(name)

    print(f"\n## admin users list, {a.users:,} users ({time.strftime('%Y-%m-%d')}, "
          f"{a.requests} timed requests per query after {a.warmup} warm-up, one keep-alive "
          f"connection)\n")
    print("| backend | query | p50 ms | p99 ms | mean ms | page |")
    print("|---|---|---:|---:|---:|---|")
    for label, query, s, note in results["rows"]:
        print(f"| {label} | {query} | {fmt_ms(s['p50'])} | {fmt_ms(s['p99'])} | "
              f"{fmt_ms(s['mean'])} | {note} |")
    if results["kinds"]:
        print("\n| backend | search term | requests | p50 ms | max ms | page |")
        print("|---|---|---:|---:|---:|---|")
        for label, kind, s, note in results["kinds"]:
            print(f"| {label} | {kind} | {s['count']} | {fmt_ms(s['p50'])} | {fmt_ms(s['max'])} | "
                  f"{note} |")
    if results["seed"]:
        print("\n| backend | seeding | rows | indexes | ANALYZE | database |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, total_s, t, size in results["seed"]:
            print(f"| {label} | {total_s:.1f} s | {t['rows']:.1f} s | {t['indexes']:.1f} s | "
                  f"{t['analyze']:.1f} s | {size:.0f} MiB |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
