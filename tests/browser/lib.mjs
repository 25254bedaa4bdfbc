// Shared by the browser tests (console.mjs, passkeys.mjs): small helpers, a Gatehouse
// installation on SQLite started from the binary, the relying party's callback server, page
// helpers and ID token checks.

import { execFileSync, spawn } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, verify as verifySignature } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// The test key every Gatehouse test uses (never a real installation's).
const MASTER_KEY = 'KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=';
/** One browser action or navigation. */
export const ACTION_TIMEOUT_MS = 15_000;
/** Screenshot widths: desktop and phone. */
export const WIDTHS = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
];


export class Failure extends Error {}

/** Fails the test with `message` unless `ok`. */
export function check(ok, message) {
  if (!ok) throw new Failure(message);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const b64url = (buf) => Buffer.from(buf).toString('base64url');
export const random = (n = 16) => b64url(randomBytes(n));

export function log(line) {
  process.stdout.write(`${line}\n`);
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Runs `promise`, failing with `what` when it takes longer than `ms`. */
export async function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Failure(`${what}: no result within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}


// ---------------------------------------------------------------------------------------
// The installation under test

/** A temp dir with config, database and log; the CLI; the server process. */
export class Installation {
  /** `bin`: the gatehouse binary. */
  constructor(bin) {
    this.bin = bin;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-browser-'));
    this.server = null;
    this.exited = null;
  }

  /** Writes the config: SQLite in the temp dir, the test master key, cheap Argon2, and
   * `extra` (TOML lines). `host`: the issuer's host name (it listens on 127.0.0.1 either way;
   * passkeys need a domain name, such as localhost). */
  async configure({ host = '127.0.0.1', extra = [] } = {}) {
    this.port = await freePort();
    this.base = `http://${host}:${this.port}`;
    fs.writeFileSync(path.join(this.dir, 'master.key'), MASTER_KEY);
    this.config = path.join(this.dir, 'gatehouse.toml');
    fs.writeFileSync(
      this.config,
      [
        `issuer = "${this.base}"`,
        '',
        '[server]',
        `listen = "127.0.0.1:${this.port}"`,
        'workers = 2',
        '',
        '[database]',
        `url = "sqlite://${this.dir}/gatehouse.db"`,
        '',
        '[keys]',
        `master_key_file = "${this.dir}/master.key"`,
        '',
        '[password_hash]',
        'memory_kib = 1024',
        'iterations = 1',
        '',
        ...extra,
        '',
      ].join('\n'),
    );
    this.env = { ...process.env, GATEHOUSE_CONFIG: this.config };
  }

  /** Runs the CLI; returns its stdout (JSON parsed when `json`). */
  cli(args, { json = false } = {}) {
    let out;
    try {
      out = execFileSync(this.bin, args, { env: this.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      throw new Failure(`gatehouse ${args.join(' ')} failed (exit ${e.status}):\n${e.stderr || e.message}`);
    }
    return json ? JSON.parse(out) : out;
  }

  createUser({ email, name, admin = false }) {
    const password = `Browser test ${random(12)}`;
    const args = ['user', 'create', '--email', email, '--password', password, '--name', name, '--json'];
    if (admin) args.push('--admin');
    const made = this.cli(args, { json: true });
    check(typeof made.id === 'string' && made.id, `user create printed no id: ${JSON.stringify(made)}`);
    return { id: made.id, email, name, password, admin, enrollments: [], totp: null, mailsRead: 0 };
  }

  async start() {
    const logFd = fs.openSync(path.join(this.dir, 'serve.log'), 'a');
    // JSON lines: the e-mails the server logs instead of sending (no mail.smtp_url) are
    // read back from them, by recipient.
    this.server = spawn(this.bin, ['serve', '--log-json'], { env: this.env, stdio: ['ignore', logFd, logFd] });
    fs.closeSync(logFd);
    this.exited = new Promise((resolve) =>
      this.server.on('exit', (code, signal) => resolve({ code, signal })),
    );
    this.server.on('error', () => {});
    // However this process ends (a crash included), the server ends with it.
    process.on('exit', () => {
      if (this.server.exitCode === null && this.server.signalCode === null) this.server.kill('SIGKILL');
    });
    let gone = null;
    this.exited.then((e) => {
      gone = e;
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (gone) throw new Failure(`gatehouse serve exited (${gone.code ?? gone.signal}) before it was ready`);
      try {
        const r = await fetch(`${this.base}/readyz`, { signal: AbortSignal.timeout(2000) });
        if (r.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Failure(`gatehouse serve was not ready at ${this.base}/readyz within 30 s`);
  }

  /** The server's log, one parsed JSON object per line (other lines as `{ message }`). */
  logEntries() {
    let text = '';
    try {
      text = fs.readFileSync(path.join(this.dir, 'serve.log'), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((l) => l.trim())
      .map((line) => {
        try {
          return JSON.parse(line);
        } catch {
          return { message: line };
        }
      });
  }

  /** The six-digit codes mailed to `email` so far, oldest first. */
  mailedCodes(email) {
    const codes = [];
    for (const entry of this.logEntries()) {
      const fields = entry.fields ?? entry;
      if (fields['mail.to'] !== email) continue;
      const code = /\b(\d{6})\b/.exec(String(fields.message ?? ''));
      if (code) codes.push(code[1]);
    }
    return codes;
  }

  /** The last lines of the log, readable. */
  logTail(lines = 40) {
    const entries = this.logEntries();
    if (!entries.length) return '(no server log)';
    return entries
      .slice(-lines)
      .map((e) => {
        const fields = { ...(e.fields ?? {}) };
        const message = fields.message ?? e.message ?? '';
        delete fields.message;
        const extra = Object.entries(fields)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ');
        const where = e.span?.['http.path'] ? ` ${e.span['http.method'] ?? ''} ${e.span['http.path']}` : '';
        return `${e.timestamp ?? ''} ${e.level ?? ''}${where}: ${message} ${extra}`.trim();
      })
      .join('\n');
  }

  async stop() {
    if (!this.server || this.server.exitCode !== null || this.server.signalCode !== null) return;
    this.server.kill('SIGTERM');
    const done = await Promise.race([this.exited.then(() => true), sleep(5000).then(() => false)]);
    if (!done) {
      this.server.kill('SIGKILL');
      await this.exited;
    }
  }
}

/** An authorization request (code flow, PKCE S256) of `clientId` at the issuer of
 * `discovery`: its URL, the PKCE verifier and the parameters sent. */
export function authorization(discovery, clientId, redirectUri, scope = 'openid email') {
  const verifier = random(32);
  const url = new URL(discovery.authorization_endpoint);
  const params = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope,
    state: random(),
    nonce: random(),
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { url: url.toString(), verifier, ...params };
}

/** The relying party's redirect URI: a local HTTP server that records each callback's query. */
export async function callbackServer() {
  const hits = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      // The browser asks for /favicon.ico too.
      res.writeHead(404).end();
      return;
    }
    hits.push(Object.fromEntries(url.searchParams));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Callback</title><h1>Callback received</h1>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { server, hits, redirectUri: `http://127.0.0.1:${port}/callback` };
}


// ---------------------------------------------------------------------------------------
// Pages

/** Clicks `locator` and waits for the page it submits or links to. */
export async function submit(page, locator) {
  // Handled at once, so that a failed click leaves no rejected promise behind.
  const loaded = page.waitForEvent('load', { timeout: ACTION_TIMEOUT_MS }).then(
    () => null,
    (e) => e,
  );
  await locator.click();
  const error = await loaded;
  if (error) throw error;
}

/** What a person reads on the page (for failure messages). */
export async function pageText(page) {
  try {
    const text = await page.locator('main').first().innerText({ timeout: 2000 });
    return text
      .trim()
      .split('\n')
      .filter((l) => l.trim())
      .slice(0, 15)
      .join('\n');
  } catch {
    return '(no <main>)';
  }
}

export async function describe(page) {
  return `${page.url()}\n  "${await page.title()}"\n${(await pageText(page)).replace(/^/gm, '  | ')}`;
}

/** Which sign-in page this is (the forms of templates/login.html, mfa.html, consent.html). */

/** Screenshots of the page at each width (the whole page, not only the first screen). */
export async function screenshot(page, name, shots, dir, widths = WIDTHS) {
  for (const [label, size] of widths) {
    await page.setViewportSize(size);
    const file = path.join(dir, `${name}-${label}.png`);
    await page.screenshot({ path: file, fullPage: true });
    shots.push(file);
  }
  await page.setViewportSize(widths[0][1]);
}


/** Goes to `url`; returns the final response's status (after redirects). */
export async function visit(page, url) {
  const response = await page.goto(url, { waitUntil: 'load' });
  return response ? response.status() : 0;
}

// ---------------------------------------------------------------------------------------
// ID token checks

export function decodeJwt(jwt) {
  const parts = jwt.split('.');
  check(parts.length === 3, 'the id_token is not a compact JWS');
  const [header, payload] = parts
    .slice(0, 2)
    .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
  return {
    header,
    payload,
    signed: Buffer.from(`${parts[0]}.${parts[1]}`),
    signature: Buffer.from(parts[2], 'base64url'),
  };
}

/** Verifies the JWS signature with the key of the issuer's JWKS that `kid` names. */
export function verifyJwt(token, jwks) {
  const { header, signed, signature } = token;
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  check(jwk, `the id_token's kid ${header.kid} is not in the JWKS`);
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const ok = {
    RS256: () => verifySignature('sha256', signed, key, signature),
    ES256: () => verifySignature('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature),
    EdDSA: () => verifySignature(null, signed, key, signature),
  }[header.alg];
  check(ok, `unexpected id_token alg ${header.alg}`);
  check(ok(), `the id_token's ${header.alg} signature does not verify with the JWKS`);
}


/** The frame of a browser test: the binary and chromium checked, a fresh installation, numbered
 * steps (each within `stepTimeoutMs`), clean-up on failure or a signal, the server's log on a
 * failure, and the closing line tests/run.sh reads (`browser: N passed, M failed`).
 * `body({ gh, step, shots, defer })` runs the steps; `defer(fn)` registers a clean-up (run in
 * reverse order, before the server stops). Resolves to the exit code. */
export async function run({ bin, chromium, shotsDir, stepTimeoutMs, body }) {
  check(fs.existsSync(bin), `no gatehouse binary at ${bin} (build it: cargo build -p gatehouse)`);
  check(fs.existsSync(chromium), `no chromium at ${chromium} (apt-get install chromium, or set CHROMIUM)`);
  fs.mkdirSync(shotsDir, { recursive: true });
  const gh = new Installation(bin);
  const shots = [];
  const results = [];
  const deferred = [];
  let failed = false;
  const cleanup = async () => {
    while (deferred.length) await deferred.pop()().catch(() => {});
    await gh.stop().catch(() => {});
  };
  const onSignal = (signal) => {
    cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const step = async (name, fn) => {
    log(`== ${name}`);
    const t0 = Date.now();
    try {
      await within(stepTimeoutMs, name, fn());
      results.push({ name, ok: true });
      log(`   ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      results.push({ name, ok: false });
      throw e;
    }
  };
  try {
    await body({ gh, step, shots, defer: (fn) => deferred.push(async () => fn()) });
  } catch (e) {
    failed = true;
    const message = e instanceof Failure ? e.message : (e && e.stack) || String(e);
    process.stderr.write(`\nFAIL: ${message}\n`);
    process.stderr.write(
      `--- gatehouse serve log (last lines; all of it in ${gh.dir}/serve.log) ---\n${gh.logTail()}\n`,
    );
  } finally {
    await cleanup();
  }
  const passed = results.filter((r) => r.ok).length;
  log(`\n${shots.length} screenshots in ${shotsDir}`);
  if (!failed) fs.rmSync(gh.dir, { recursive: true, force: true });
  log(`browser: ${passed} passed, ${results.length - passed} failed`);
  return failed ? 1 : 0;
}

/** Exits with the code `main` resolves to (1, with the message, when it throws). */
export function exitWith(main) {
  main.then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`FAIL: ${e instanceof Failure ? e.message : e.stack}\n`);
      process.exit(1);
    },
  );
}
