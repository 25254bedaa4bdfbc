#!/usr/bin/env node
// The admin console in a real browser (issue 12's acceptance test): Debian's `chromium`,
// headless, driven by playwright-core, against a `gatehouse serve` started here on SQLite.
//
//   1. three staff users, marked with `user require-mfa`, sign in at /account and set up
//      TOTP;
//   2. the administrator signs in with the password alone (the policy asks nothing more of
//      them), opens /admin and is asked for a second factor by the console
//      (admin.require_mfa): proves the e-mail (the code read back from the server's JSON
//      log) and sets up TOTP at this first visit; then searches and filters the users list
//      down to the three, ticks them, applies reset_mfa and reads the per-user result;
//   3. each staff user signs in again in a fresh browser and is asked to set up a second
//      factor again, and does;
//   4. the administrator registers an application in the console (its secret shown once),
//      and completes an authorization-code flow with it (PKCE, consent, code for tokens at
//      /token with HTTP Basic, the ID token checked against the JWKS);
//   5. a non-administrator gets the 403 page, for pages and for the bulk form alike;
//   6. the audit log has one reset_mfa event per user; the signing keys page lists keys.
//
// The browser runs with JavaScript off: the console must work without it (issue 12). TOTP
// codes are computed here (RFC 6238) from the manual key the enrollment page shows.
// Screenshots of every console page at desktop (1280x800) and phone (390x844) widths go to
// $GATEHOUSE_SCREENSHOTS (default target/screenshots/console).
//
// Usage: node tests/browser/console.mjs [path/to/gatehouse]   (default target/debug/gatehouse)
// Needs: `npm ci --prefix tests/browser` and chromium ($CHROMIUM, default /usr/bin/chromium).

import { createHash, createHmac } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import {
  ACTION_TIMEOUT_MS,
  WIDTHS,
  Failure,
  b64url,
  callbackServer,
  check,
  decodeJwt,
  describe,
  log,
  random,
  screenshot as shoot,
  sleep,
  submit,
  verifyJwt,
  visit,
  run,
  exitWith,
} from './lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.argv[2] ? path.resolve(process.argv[2]) : path.join(ROOT, 'target/debug/gatehouse');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.resolve(
  process.env.GATEHOUSE_SCREENSHOTS || path.join(ROOT, 'target/screenshots/console'),
);
/** One numbered step, all its pages together (a TOTP code may wait for the next 30 s step). */
const STEP_TIMEOUT_MS = 120_000;
// The bulk actions of the admin API (issue 12), which the console's <select name="action">
// offers by these values.
const API_ACTIONS = [
  'reset_mfa',
  'require_mfa',
  'require_passkey',
  'unrequire_mfa',
  'resend_invite',
  'reset_password',
  'expire_password',
  'unlock',
  'disable',
  'enable',
  'set_sso',
];

/** Screenshots of the page at each width, into SHOTS. */
const screenshot = (page, name, shots) => shoot(page, name, shots, SHOTS);

// ---------------------------------------------------------------------------------------
// TOTP (RFC 6238 over RFC 4226 HOTP: HMAC-SHA1, 6 digits, 30 s steps), as an authenticator
// app computes it from the manual key on the enrollment page.

/** RFC 4648 base32, as people type it: any case, spaces and padding ignored. */
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Failure(`not base32: ${JSON.stringify(text)}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 §5.3: HOTP with dynamic truncation, 6 digits. */
function hotp(key, counter) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(bin).padStart(6, '0');
}

/** RFC 6238 §4: the time step of unix time `t` (seconds). */
const totpStep = (t) => Math.floor(t / 30);

/** The published test vectors, so a broken generator fails here and not as "wrong code". */
function selfTestTotp() {
  const key = Buffer.from('12345678901234567890');
  check(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').equals(key), 'base32 decoding is broken');
  // RFC 6238 Appendix B (SHA-1), last six digits.
  for (const [t, code] of [
    [59, '287082'],
    [1111111109, '081804'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ]) {
    check(hotp(key, totpStep(t)) === code, `TOTP self-test failed at t=${t}`);
  }
}

/** An authenticator holding one secret. Gatehouse refuses a step at or before the last one
 * it accepted (replay), and accepts one step of drift either way; so each code is for a
 * later step than the previous one, waiting for the clock when the window is used up. */
class Authenticator {
  constructor(secretText) {
    this.secretText = secretText;
    this.key = base32Decode(secretText);
    check(this.key.length >= 16, `the TOTP key shown is shorter than 128 bits: ${secretText}`);
    this.lastStep = -1;
  }

  async code() {
    let now = totpStep(Date.now() / 1000);
    const step = Math.max(now, this.lastStep + 1);
    while (step > now + 1) {
      await sleep(1000);
      now = totpStep(Date.now() / 1000);
    }
    this.lastStep = step;
    return hotp(this.key, step);
  }
}

async function signInPage(page) {
  const has = async (selector) => (await page.locator(selector).count()) > 0;
  if (await has('form[action="/login"] input[name="password"]')) return 'login';
  if (await has('#recovery-codes')) return 'recovery_codes';
  if (await has('#totp-secret')) return 'enroll';
  if (await has('form[action="/mfa"] input[name="code"]')) {
    // The e-mailed proof before a first factor the policy does not require, or a code.
    const label = (await page.locator('label[for="code"]').textContent()) ?? '';
    return /e-mail/i.test(label) ? 'email_code' : 'code';
  }
  if (await has('form[action="/mfa"] button[name="method"][value="totp"]')) return 'method';
  if (await has('form[action="/consent"]')) return 'consent';
  return null;
}

/** Walks `user` through the sign-in pages (password, e-mailed proof, TOTP enrollment or
 * code, recovery codes, consent) until `arrived(url)` holds; returns the pages met, in
 * order. `gh` is the installation, whose log holds the e-mails. */
async function signIn(gh, page, user, arrived) {
  const met = [];
  for (let i = 0; i < 12; i++) {
    await page.waitForLoadState('load');
    if (arrived(new URL(page.url()))) return met;
    const kind = await signInPage(page);
    if (!kind) throw new Failure(`${user.email}: an unexpected page on the way:\n${await describe(page)}`);
    met.push(kind);
    switch (kind) {
      case 'login':
        await page.locator('#username').fill(user.email);
        await page.locator('#password').fill(user.password);
        await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
        break;
      case 'enroll': {
        // Like a person who cannot scan the QR code: the manual key, into the app.
        const secret = (await page.locator('#totp-secret').textContent()).trim();
        user.totp = new Authenticator(secret);
        user.enrollments.push(secret);
        await page.locator('#code').fill(await user.totp.code());
        await submit(page, page.getByRole('button', { name: 'Verify', exact: true }));
        break;
      }
      case 'email_code': {
        // The mail the page just sent (Gatehouse logs it: no mail.smtp_url here).
        let codes = gh.mailedCodes(user.email);
        for (let waited = 0; codes.length <= user.mailsRead && waited < 10_000; waited += 200) {
          await sleep(200);
          codes = gh.mailedCodes(user.email);
        }
        check(
          codes.length > user.mailsRead,
          `${user.email}: no code was mailed for the page:\n${await describe(page)}`,
        );
        user.mailsRead = codes.length;
        await page.locator('#code').fill(codes.at(-1));
        await submit(page, page.getByRole('button', { name: 'Verify', exact: true }));
        break;
      }
      case 'code': {
        const heading = (await page.locator('h1').first().textContent()).trim();
        check(
          user.totp,
          `${user.email} is asked for a code (${heading}) without a TOTP factor set up:\n${await describe(page)}`,
        );
        await page.locator('#code').fill(await user.totp.code());
        await submit(page, page.getByRole('button', { name: 'Verify', exact: true }));
        break;
      }
      case 'method':
        await submit(page, page.locator('form[action="/mfa"] button[name="method"][value="totp"]'));
        break;
      case 'recovery_codes': {
        const codes = await page.locator('#recovery-codes li').count();
        check(codes > 0, `${user.email}: the recovery codes page lists no code`);
        await submit(page, page.locator('form[action="/mfa"] button[name="continue"]'));
        break;
      }
      case 'consent':
        await submit(page, page.getByRole('button', { name: 'Allow', exact: true }));
        break;
      default:
        break;
    }
    const error = page.locator('#login-error, #mfa-error');
    if (await error.count()) {
      throw new Failure(`${user.email}: ${kind} was refused: ${(await error.first().textContent()).trim()}`);
    }
  }
  throw new Failure(`${user.email}: still signing in after 12 pages:\n${await describe(page)}`);
}

/** A browser context of one person (cookies of their own), with the console's timeouts. */
async function newPerson(browser, base) {
  const context = await browser.newContext({
    baseURL: base,
    viewport: WIDTHS[0][1],
    // The console must work without JavaScript (issue 12): the whole test runs with it off.
    javaScriptEnabled: false,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  return { context, page };
}


/** The users list, searched and filtered through its form (not by writing the URL). */
async function searchUsers(page, q, filter) {
  if (new URL(page.url()).pathname !== '/admin/users') await visit(page, '/admin/users');
  await page.locator('input[name="q"]').fill(q);
  await page.locator('select[name="filter"]').selectOption(filter);
  await submit(page, page.getByRole('button', { name: 'Search', exact: true }));
  const url = new URL(page.url());
  check(
    url.pathname === '/admin/users' &&
      url.searchParams.get('q') === q &&
      url.searchParams.get('filter') === filter,
    `the search form went to ${page.url()}, not /admin/users?q=${q}&filter=${filter}`,
  );
  const error = page.locator('#users-error');
  if (await error.count())
    throw new Failure(`the users list refused the search: ${(await error.textContent()).trim()}`);
  return page.locator('input[type="checkbox"][name="user_id"]');
}

/** The user ids of the rows shown (the checkboxes' values). */
async function shownIds(rows) {
  const ids = [];
  for (const box of await rows.all()) ids.push(await box.getAttribute('value'));
  return ids.sort();
}

const sameSet = (a, b) => a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);

// ---------------------------------------------------------------------------------------
// The test

async function main() {
  selfTestTotp();
  return run({
    bin: BIN,
    chromium: CHROMIUM,
    shotsDir: SHOTS,
    stepTimeoutMs: STEP_TIMEOUT_MS,
    body: async ({ gh, step, shots, defer }) => {
      await gh.configure({
        extra: [
          // The policy requires a second factor of nobody (the staff users are marked with
          // `user require-mfa`), so that the administrator signs in with a password alone and
          // it is the console that asks for one; TOTP only, which this test can compute.
          '[policy.mfa]',
          'required = "none"',
          'methods = ["totp"]',
          '',
          // The default, written out: the console asks administrators for a second factor.
          '[admin]',
          'require_mfa = true',
        ],
      });
      gh.cli(['migrate']);
      const admin = gh.createUser({ email: 'ada.admin@example.com', name: 'Ada Lovelace', admin: true });
      const staff = [
        gh.createUser({ email: 'staff.grace@example.com', name: 'Grace Hopper' }),
        gh.createUser({ email: 'staff.alan@example.com', name: 'Alan Turing' }),
        gh.createUser({ email: 'staff.katherine@example.com', name: 'Katherine Johnson' }),
      ];
      // Users the search and the filter must leave out; one of them is the non-administrator.
      const clerks = [
        gh.createUser({ email: 'lin.clerk@example.com', name: 'Lin Clerk' }),
        gh.createUser({ email: 'sam.clerk@example.com', name: 'Sam Clerk' }),
      ];
      // The staff must use a second factor (and so set one up at their next sign-in).
      gh.cli(['user', 'require-mfa', ...staff.map((u) => u.email)]);
      await gh.start();
      const callback = await callbackServer();
      defer(() => callback.server.close());
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
      defer(() => browser.close());
      log(`gatehouse ${gh.base} (${BIN}), chromium ${browser.version()}, screenshots in ${SHOTS}`);
      const atAccount = (u) => u.pathname === '/account';

      await step('1. three staff users sign in at /account and set up TOTP', async () => {
        for (const u of staff) {
          const { context, page } = await newPerson(browser, gh.base);
          await visit(page, '/account');
          const met = await signIn(gh, page, u, atAccount);
          check(met[0] === 'login', `${u.email}: /account did not ask to sign in first (pages: ${met})`);
          check(met.includes('enroll'), `${u.email}: was not asked to set up a second factor (pages: ${met})`);
          // Required of them: bound right after the password, without an e-mailed proof.
          check(!met.includes('email_code'), `${u.email}: was asked for an e-mailed proof (pages: ${met})`);
          check(
            (await page.locator('h1').first().textContent()).trim() === 'Your account',
            `${u.email}: did not land on the account page:\n${await describe(page)}`,
          );
          await context.close();
        }
      });

      const { page: adminPage } = await newPerson(browser, gh.base);
      const page = adminPage;

      await step(
        '2. the administrator passes the second factor, filters the users, applies reset_mfa',
        async () => {
          // Signed in with the password alone (the policy asks no second factor of them)...
          await visit(page, '/account');
          const signedIn = await signIn(gh, page, admin, atAccount);
          check(
            signedIn.join() === 'login',
            `the administrator's sign-in at /account went through ${signedIn}, not the password alone`,
          );
          // ...the console asks for one (admin.require_mfa): with none yet, the e-mail is proven
          // and TOTP set up at this first visit.
          await visit(page, '/admin');
          check(
            new URL(page.url()).pathname === '/mfa',
            `a password-only administrator session was not asked for a second factor at /admin:\n${await describe(page)}`,
          );
          const met = await signIn(gh, page, admin, (u) => u.pathname.startsWith('/admin/'));
          check(
            met.includes('enroll'),
            `the console did not have the administrator set up a second factor (pages: ${met})`,
          );
          log(`   administrator: ${signedIn} at /account, then ${met} at /admin`);
          check(
            new URL(page.url()).pathname === '/admin/users',
            `/admin led to ${page.url()}, not the users list`,
          );

          // The contract of the bulk form (issue 12): the API's action names as option values.
          const values = [];
          for (const o of await page.locator('select[name="action"] option').all())
            values.push(await o.getAttribute('value'));
          check(
            sameSet(values, API_ACTIONS),
            `<select name="action"> offers ${JSON.stringify(values)}, not the API actions ${JSON.stringify(API_ACTIONS)}`,
          );

          // Searched and filtered: only the three staff users (the administrator and the clerks
          // are left out, by the text or by the filter).
          const rows = await searchUsers(page, 'staff', 'mfa_enrolled');
          check(
            sameSet(
              await shownIds(rows),
              staff.map((u) => u.id),
            ),
            `q=staff&filter=mfa_enrolled shows ${JSON.stringify(await shownIds(rows))}, not the three staff users`,
          );
          for (const u of staff) {
            const box = page.getByRole('checkbox', { name: `Select ${u.email}` });
            check((await box.count()) === 1, `no checkbox labelled "Select ${u.email}"`);
            check(
              (await box.getAttribute('name')) === 'user_id' && (await box.getAttribute('value')) === u.id,
              `the checkbox of ${u.email} is not name="user_id" value="${u.id}"`,
            );
            await box.check();
          }
          await page.locator('select[name="action"]').selectOption('reset_mfa');
          await screenshot(page, '01-users', shots);
          await submit(page, page.getByRole('button', { name: 'Apply', exact: true }));

          check(new URL(page.url()).pathname === '/admin/users/bulk', `Apply led to ${page.url()}`);
          const bulkError = page.locator('#bulk-error');
          if (await bulkError.count())
            throw new Failure(`reset_mfa was refused: ${(await bulkError.textContent()).trim()}`);
          const summary = (await page.locator('#bulk-summary').textContent()).trim();
          check(
            summary.startsWith('3 succeeded, 0 failed'),
            `the bulk result says "${summary}", not "3 succeeded, 0 failed"`,
          );
          for (const u of staff) {
            const row = page.locator('#bulk-results tbody tr').filter({ hasText: u.email });
            check(
              (await row.count()) === 1,
              `the bulk result has no row for ${u.email}:\n${await describe(page)}`,
            );
            check(
              (await row.getAttribute('data-ok')) === 'true',
              `reset_mfa failed for ${u.email}: ${(await row.innerText()).trim()}`,
            );
          }
          await screenshot(page, '02-bulk-result', shots);

          // The factors are gone: the filter no longer finds them, the other one does.
          check(
            (await (await searchUsers(page, 'staff', 'mfa_enrolled')).count()) === 0,
            'after reset_mfa the staff users still show under "second factor set up"',
          );
          check(
            sameSet(
              await shownIds(await searchUsers(page, 'staff', 'no_mfa')),
              staff.map((u) => u.id),
            ),
            'after reset_mfa the staff users do not all show under "no second factor"',
          );

          // One of them on their page, with the troubleshooter.
          await submit(page, page.getByRole('link', { name: staff[0].email, exact: true }));
          check(
            new URL(page.url()).pathname === `/admin/users/${staff[0].id}`,
            `the user link led to ${page.url()}`,
          );
          check(
            (await page.locator('#diagnosis').count()) === 1,
            'the user page has no troubleshooter (#diagnosis)',
          );
          check(
            (await page.locator('#no-factors').count()) === 1,
            `${staff[0].email}'s page still lists second factors after reset_mfa`,
          );
          await screenshot(page, '03-user', shots);
        },
      );

      await step('3. each staff user signs in again and is asked to set up a second factor again', async () => {
        for (const u of staff) {
          const before = u.enrollments.length;
          const { context, page: p } = await newPerson(browser, gh.base);
          await visit(p, '/account');
          const met = await signIn(gh, p, u, atAccount);
          check(
            met.includes('enroll') && !met.includes('code') && !met.includes('email_code'),
            `${u.email}: after reset_mfa the sign-in did not ask to set up a factor again (pages: ${met})`,
          );
          check(
            u.enrollments.length === before + 1 && u.enrollments.at(-1) !== u.enrollments[before - 1],
            `${u.email}: the new enrollment shows the old key`,
          );
          await context.close();
        }
        check(
          sameSet(
            await shownIds(await searchUsers(page, 'staff', 'mfa_enrolled')),
            staff.map((u) => u.id),
          ),
          'after enrolling again the staff users do not all show under "second factor set up"',
        );
      });

      await step(
        '4. the administrator registers an application and completes an authorization-code flow',
        async () => {
          await submit(page, page.getByRole('link', { name: 'Applications', exact: true }));
          check(
            new URL(page.url()).pathname === '/admin/clients',
            `the Applications link led to ${page.url()}`,
          );
          await page.locator('#client-name').fill('Browser test CRM');
          await page.locator('#client-redirect-uris').fill(callback.redirectUri);
          await page.locator('input[name="grant_type"][value="authorization_code"]').check();
          await page.locator('#client-public').uncheck();
          // Not first-party: the administrator is asked for consent, as a person would be.
          await page.locator('#client-first-party').uncheck();
          await submit(page, page.getByRole('button', { name: 'Register', exact: true }));
          const formError = page.locator('#client-error');
          if (await formError.count())
            throw new Failure(`registering was refused: ${(await formError.textContent()).trim()}`);
          const clientId = (await page.locator('#client-id').textContent()).trim();
          const secret = (await page.locator('#client-secret').textContent()).trim();
          check(
            clientId && secret,
            `the registered client's page shows no id or secret:\n${await describe(page)}`,
          );
          check(new URL(page.url()).pathname.startsWith('/admin/clients'), `registering led to ${page.url()}`);
          await screenshot(page, '05-client-registered', shots);

          // Shown once: the client's page, visited again, has no secret on it.
          await visit(page, `/admin/clients/${encodeURIComponent(clientId)}`);
          check(
            (await page.locator('#client-secret').count()) === 0,
            'the client secret is shown again on a later visit',
          );
          check(
            (await page.locator('#client-id').textContent()).trim() === clientId,
            'the client page shows another client id',
          );
          await screenshot(page, '06-client', shots);
          await submit(page, page.getByRole('link', { name: /^Delete this application/ }));
          check(new URL(page.url()).pathname.endsWith('/delete'), `the delete link led to ${page.url()}`);
          await screenshot(page, '07-client-delete', shots);
          await submit(page, page.getByRole('link', { name: 'Cancel', exact: true }));
          await visit(page, '/admin/clients');
          check(
            (await page.locator('#clients-table').getByText(clientId, { exact: true }).count()) === 1,
            'the clients list does not show the new client',
          );
          await screenshot(page, '04-clients', shots);

          // The authorization-code flow in the administrator's browser (RFC 6749 §4.1, PKCE
          // RFC 7636 S256, OIDC Core §3.1.2 with nonce).
          const discovery = await (await fetch(`${gh.base}/.well-known/openid-configuration`)).json();
          const verifier = random(32);
          const challenge = b64url(createHash('sha256').update(verifier).digest());
          const state = random();
          const nonce = random();
          const authorize = new URL(discovery.authorization_endpoint);
          for (const [k, v] of Object.entries({
            response_type: 'code',
            client_id: clientId,
            redirect_uri: callback.redirectUri,
            scope: 'openid',
            state,
            nonce,
            code_challenge: challenge,
            code_challenge_method: 'S256',
          }))
            authorize.searchParams.set(k, v);
          const hitsBefore = callback.hits.length;
          await visit(page, authorize.toString());
          const met = await signIn(gh, page, admin, (u) => u.origin === new URL(callback.redirectUri).origin);
          check(
            callback.hits.length === hitsBefore + 1,
            `the redirect URI was called ${callback.hits.length - hitsBefore} times`,
          );
          const answer = callback.hits.at(-1);
          check(!answer.error, `the authorization failed: ${answer.error} ${answer.error_description ?? ''}`);
          check(answer.state === state, `the callback's state ${answer.state} is not the one sent`);
          check(answer.code, 'the callback has no code');
          if (answer.iss !== undefined)
            check(answer.iss === gh.base, `the callback's iss (RFC 9207) is ${answer.iss}`);

          const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString(
            'base64',
          );
          const tokenResponse = await fetch(discovery.token_endpoint, {
            method: 'POST',
            headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'authorization_code',
              code: answer.code,
              redirect_uri: callback.redirectUri,
              code_verifier: verifier,
            }),
          });
          const tokens = await tokenResponse.json().catch(() => ({}));
          check(
            tokenResponse.status === 200,
            `/token answered ${tokenResponse.status}: ${JSON.stringify(tokens)}`,
          );
          check(
            typeof tokens.id_token === 'string',
            `/token gave no id_token: ${JSON.stringify(Object.keys(tokens))}`,
          );
          const idToken = decodeJwt(tokens.id_token);
          verifyJwt(idToken, await (await fetch(discovery.jwks_uri)).json());
          const claims = idToken.payload;
          check(
            claims.sub === admin.id,
            `the id_token's sub is ${claims.sub}, not the administrator's id ${admin.id}`,
          );
          check(claims.nonce === nonce, `the id_token's nonce is ${claims.nonce}, not the one sent`);
          check(claims.iss === discovery.issuer, `the id_token's iss is ${claims.iss}`);
          check(
            [].concat(claims.aud).includes(clientId),
            `the id_token's aud ${JSON.stringify(claims.aud)} lacks ${clientId}`,
          );
          check(claims.exp * 1000 > Date.now(), 'the id_token has expired already');
          log(
            `   client ${clientId}: pages ${met.length ? met.join(', ') : '(none)'}, id_token for ${claims.sub}`,
          );
        },
      );

      await step('5. a non-administrator gets 403', async () => {
        // Not signed in: sent to sign in first.
        const anon = await newPerson(browser, gh.base);
        await visit(anon.page, '/admin/users');
        const there = new URL(anon.page.url());
        check(
          there.pathname === '/login',
          `an anonymous visit to /admin/users ended at ${anon.page.url()}, not /login`,
        );
        await anon.context.close();

        const clerk = clerks[0];
        const { context, page: p } = await newPerson(browser, gh.base);
        await visit(p, '/account');
        await signIn(gh, p, clerk, atAccount);
        await visit(p, '/account');
        check(new URL(p.url()).pathname === '/account', `${clerk.email} is not signed in: ${p.url()}`);
        for (const url of [
          '/admin',
          '/admin/users',
          `/admin/users/${admin.id}`,
          '/admin/clients',
          '/admin/audit',
          '/admin/keys',
        ]) {
          const status = await visit(p, url);
          check(status === 403, `${clerk.email} (not an administrator) got ${status} at ${url}, not 403`);
          const heading = (await p.locator('h1').first().textContent()).trim();
          check(heading === 'Administrators only', `the 403 page at ${url} says "${heading}"`);
        }
        await screenshot(p, '10-forbidden', shots);
        // Nor can the bulk form be posted around the pages.
        const posted = await p.request.post(`${gh.base}/admin/users/bulk`, {
          form: { csrf: 'x', action: 'disable', user_id: admin.id },
          maxRedirects: 0,
        });
        check(posted.status() === 403, `${clerk.email} posting the bulk form got ${posted.status()}, not 403`);
        await context.close();
      });

      await step('6. the audit log and the signing keys', async () => {
        // The administrator's browser is still at the application's redirect URI.
        await visit(page, '/admin/users');
        await submit(page, page.getByRole('link', { name: 'Audit log', exact: true }));
        check(new URL(page.url()).pathname === '/admin/audit', `the Audit log link led to ${page.url()}`);
        // One event per user and one for the bulk operation (issue 12).
        for (const [type, expected] of [
          ['user.reset_mfa', staff.length],
          ['user.bulk', 1],
        ]) {
          await page.locator('#audit-type').fill(type);
          await submit(page, page.getByRole('button', { name: 'Show', exact: true }));
          const events = await page.locator('#audit-table tbody tr').count();
          check(events === expected, `the audit log shows ${events} ${type} events, not ${expected}`);
        }
        await visit(page, '/admin/audit');
        await screenshot(page, '08-audit', shots);
        await submit(page, page.getByRole('link', { name: 'Signing keys', exact: true }));
        check(new URL(page.url()).pathname === '/admin/keys', `the Signing keys link led to ${page.url()}`);
        check((await page.locator('#keys-table tbody tr').count()) >= 1, 'the keys page lists no key');
        await screenshot(page, '09-keys', shots);
      });
    },
  });
}

exitWith(main());
