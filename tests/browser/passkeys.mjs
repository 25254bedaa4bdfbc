#!/usr/bin/env node
// Passkeys in a real browser (issue 14's acceptance test): Debian's `chromium`, headless,
// with its virtual authenticator (Chrome DevTools Protocol `WebAuthn.addVirtualAuthenticator`:
// CTAP2, resident keys and user verification on), driven by playwright-core, against a
// `gatehouse serve` started here on SQLite with the issuer at http://localhost:PORT
// (browsers bind passkeys to a domain name, never to an IP address).
//
//   1. a person signs in with the password, adds a passkey on the account page (the e-mailed
//      proof first, then the browser's dialog, then a name) and sees it listed;
//   2. signed out, they sign in with the passkey alone through an authorization-code flow,
//      with the button (a browser without autofill) and from the username field's autofill:
//      the ID token (checked against the JWKS) has amr hwk + user and acr mfa;
//   3. the passkey is the second factor after the password;
//   4. a second virtual authenticator, without the credential, cannot sign in;
//   5. the answer of step 2, replayed against a new challenge, is refused;
//   6. the passkey is removed on the account page, and no longer signs in;
//   7. a browser without JavaScript still signs in with the password and sees no passkey
//      parts.
// Screenshots (desktop and phone) go to $GATEHOUSE_SCREENSHOTS (default
// target/screenshots/passkeys).
//
// Usage: node tests/browser/passkeys.mjs [path/to/gatehouse]   (default target/debug/gatehouse)

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import {
  ACTION_TIMEOUT_MS,
  WIDTHS,
  authorization,
  Failure,
  callbackServer,
  check,
  decodeJwt,
  describe,
  log,
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
  process.env.GATEHOUSE_SCREENSHOTS || path.join(ROOT, 'target/screenshots/passkeys'),
);
const STEP_TIMEOUT_MS = 60_000;

const screenshot = (page, name, shots) => shoot(page, name, shots, SHOTS);

/** A person's browser context with JavaScript on and a virtual authenticator of its own.
 * `autofill: false` is a browser without passkey autofill (conditional mediation), where the
 * button is the only way. */
async function newPerson(browser, base, { javaScript = true, authenticator = true, autofill = true } = {}) {
  const context = await browser.newContext({
    baseURL: base,
    viewport: WIDTHS[0][1],
    javaScriptEnabled: javaScript,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  if (!autofill) {
    await context.addInitScript(() => {
      if (window.PublicKeyCredential) PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
  }
  const page = await context.newPage();
  let cdp = null;
  let authenticatorId = null;
  if (authenticator) {
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        ctap2Version: 'ctap2_1',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  }
  const credentials = async () =>
    (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  // The same passkey in this browser's authenticator (as if synced to it).
  // A copy of a passkey is a clone: its counter must be handed back before the original is
  // used again, or Gatehouse rightly refuses the original's older counter.
  const hold = async (credential) => {
    await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId: credential.credentialId }).catch(() => {});
    await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
  };
  return { context, page, credentials, hold };
}

/** The code the server mailed (logged: no mail.smtp_url) after `seen` earlier ones. */
async function mailedCode(gh, email, seen) {
  for (let waited = 0; waited < 10_000; waited += 200) {
    const codes = gh.mailedCodes(email);
    if (codes.length > seen) return codes.at(-1);
    await sleep(200);
  }
  throw new Failure(`no code was mailed to ${email}`);
}

async function signInWithPassword(page, user) {
  await page.locator('#username').fill(user.email);
  await page.locator('#password').fill(user.password);
  await submit(page, page.getByRole('button', { name: 'Sign in', exact: true }));
}

async function heading(page) {
  return (await page.locator('h1').first().textContent()).trim();
}

async function main() {
  return run({
    bin: BIN,
    chromium: CHROMIUM,
    shotsDir: SHOTS,
    stepTimeoutMs: STEP_TIMEOUT_MS,
    body: async ({ gh, step, shots, defer }) => {
      await gh.configure({ host: 'localhost' });
      gh.cli(['migrate']);
      const user = gh.createUser({ email: 'ada@example.com', name: 'Ada Lovelace' });
      let mailsRead = 0;
      await gh.start();
      const callback = await callbackServer();
      defer(() => callback.server.close());
      const client = gh.cli(
        ['client', 'create', '--name', 'Acme CRM', '--redirect-uri', callback.redirectUri, '--first-party', '--json'],
        { json: true },
      );
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
      defer(() => browser.close());
      log(`gatehouse ${gh.base} (${BIN}), chromium ${browser.version()}, screenshots in ${SHOTS}`);

      const person = await newPerson(browser, gh.base);
      const { page } = person;
      let replayable = null;

      await step('1. add a passkey on the account page, then name it', async () => {
        await visit(page, '/account');
        await screenshot(page, '01-login', shots);
        check(
          (await page.locator('#username').getAttribute('autocomplete')) === 'username webauthn',
          'the username field does not offer passkey autofill',
        );
        check(await page.locator('#passkey-signin').isVisible(), 'no "Sign in with a passkey" button');
        await signInWithPassword(page, user);
        check((await heading(page)) === 'Your account', `not on the account page:\n${await describe(page)}`);
        await submit(page, page.locator('#passkey-add'));
        // No factor yet and none required: the e-mail is proven first.
        check((await heading(page)) === 'Check your e-mail', `no e-mailed proof first:\n${await describe(page)}`);
        const code = await mailedCode(gh, user.email, mailsRead);
        mailsRead = gh.mailedCodes(user.email).length;
        await page.locator('#code').fill(code);
        await submit(page, page.getByRole('button', { name: 'Verify', exact: true }));
        check((await heading(page)) === 'Create a passkey', `not the passkey page:\n${await describe(page)}`);
        await screenshot(page, '02-create', shots);
        await page.locator('#passkey-create').click();
        await page.locator('#passkey-name').waitFor({ state: 'visible' });
        await screenshot(page, '03-name', shots);
        await page.locator('#passkey-name').fill('Test laptop');
        await submit(page, page.locator('#passkey-save'));
        // The first factor: recovery codes, once.
        check((await page.locator('#recovery-codes li').count()) > 0, `no recovery codes:\n${await describe(page)}`);
        await submit(page, page.locator('form[action="/mfa"] button[name="continue"]'));
        check(new URL(page.url()).pathname === '/account', `not back on the account page: ${page.url()}`);
        const listed = await page.locator('#passkeys li').allTextContents();
        check(
          listed.length === 1 && listed[0].includes('Test laptop') && listed[0].includes('last used never'),
          `the account page lists ${JSON.stringify(listed)}`,
        );
        await screenshot(page, '04-account', shots);
        const held = await person.credentials();
        check(held.length === 1 && held[0].isResidentCredential, `the authenticator holds ${JSON.stringify(held)}`);
        await submit(page, page.getByRole('button', { name: 'Sign out', exact: true }).last());
      });

      const discovery = await (await fetch(`${gh.base}/.well-known/openid-configuration`)).json();
      const authorize = () => authorization(discovery, client.client_id, callback.redirectUri);
      const redeem = async (flow) => {
        const answer = callback.hits.at(-1);
        check(answer && answer.state === flow.state && answer.code, `no code came back: ${JSON.stringify(answer)}`);
        const basic = Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64');
        const r = await fetch(discovery.token_endpoint, {
          method: 'POST',
          headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code: answer.code,
            redirect_uri: callback.redirectUri,
            code_verifier: flow.verifier,
          }),
        });
        const tokens = await r.json();
        check(r.status === 200 && tokens.id_token, `/token answered ${r.status}: ${JSON.stringify(tokens)}`);
        const idToken = decodeJwt(tokens.id_token);
        verifyJwt(idToken, await (await fetch(discovery.jwks_uri)).json());
        check(idToken.payload.nonce === flow.nonce, 'the id_token nonce is not the one sent');
        check(idToken.payload.sub === user.id, `the id_token sub is ${idToken.payload.sub}`);
        return idToken.payload;
      };
      const atCallback = (u) => u.href.startsWith(callback.redirectUri);

      const signedInWithPasskey = async (flow) => {
        const claims = await redeem(flow);
        check(
          claims.amr.includes('hwk') && claims.amr.includes('user') && !claims.amr.includes('pwd'),
          `amr is ${JSON.stringify(claims.amr)}`,
        );
        check(claims.acr === 'mfa', `acr is ${claims.acr}`);
        log(`   amr ${JSON.stringify(claims.amr)}, acr ${claims.acr}`);
      };

      await step('2. sign in with the passkey alone (the button): amr hwk + user, acr mfa', async () => {
        // A browser without autofill, holding the same passkey: "Sign in with a passkey".
        const other = await newPerson(browser, gh.base, { autofill: false });
        await other.hold((await person.credentials())[0]);
        other.page.on('request', (r) => {
          if (r.method() === 'POST' && new URL(r.url()).pathname === '/login/passkey') {
            replayable = new URLSearchParams(r.postData() ?? '').get('credential');
          }
        });
        const flow = authorize();
        await visit(other.page, flow.url);
        check(await other.page.locator('#passkey-signin').isVisible(), `no passkey button:\n${await describe(other.page)}`);
        await screenshot(other.page, '05-login-app', shots);
        await other.page.locator('#passkey-signin').click();
        await other.page.waitForURL(atCallback);
        await signedInWithPasskey(flow);
        check(replayable, 'the passkey answer was not seen on its way to /login/passkey');
        await person.hold((await other.credentials())[0]);
        await other.context.close();
      });

      await step('2b. sign in with the passkey from the username field (autofill)', async () => {
        // Chromium's virtual authenticator answers a conditional request by itself, as a
        // person picking the passkey in the username field's suggestions would.
        const flow = authorize();
        await visit(page, flow.url);
        await page.waitForURL(atCallback);
        await signedInWithPasskey(flow);
      });

      await step('3. the passkey as the second factor after the password', async () => {
        // Typing the password (a browser without autofill, holding the same passkey).
        const other = await newPerson(browser, gh.base, { autofill: false });
        await other.hold((await person.credentials())[0]);
        const flow = authorize();
        await visit(other.page, flow.url);
        await signInWithPassword(other.page, user);
        check(
          (await heading(other.page)) === 'Use your passkey',
          `not asked for the passkey:\n${await describe(other.page)}`,
        );
        await screenshot(other.page, '06-second-factor', shots);
        await other.page.locator('#passkey-verify').click();
        await other.page.waitForURL(atCallback);
        const claims = await redeem(flow);
        check(
          ['pwd', 'hwk', 'user', 'mfa'].every((m) => claims.amr.includes(m)),
          `amr is ${JSON.stringify(claims.amr)}`,
        );
        check(claims.acr === 'mfa', `acr is ${claims.acr}`);
        log(`   amr ${JSON.stringify(claims.amr)}, acr ${claims.acr}`);
        await person.hold((await other.credentials())[0]);
        await other.context.close();
      });

      await step('4. another authenticator, without the credential, cannot sign in', async () => {
        const stranger = await newPerson(browser, gh.base);
        await visit(stranger.page, '/login');
        await stranger.page.locator('#passkey-signin').click();
        await stranger.page.locator('#passkey-error').waitFor({ state: 'visible', timeout: 20_000 });
        check(new URL(stranger.page.url()).pathname === '/login', `left the login page: ${stranger.page.url()}`);
        check((await stranger.credentials()).length === 0, 'the second authenticator holds a credential');
        await screenshot(stranger.page, '07-no-passkey', shots);
        await stranger.context.close();
      });

      await step('5. an answer replayed against a new challenge is refused', async () => {
        const other = await newPerson(browser, gh.base, { authenticator: false });
        await visit(other.page, '/login');
        await other.page.evaluate((credential) => {
          const form = document.getElementById('passkey-form');
          form.elements.credential.value = credential;
          form.submit();
        }, replayable);
        await other.page.waitForLoadState('load');
        const error = (await other.page.locator('#login-error').textContent()).trim();
        check(error.startsWith('That passkey could not be used'), `the replay got: ${error}`);
        await visit(other.page, '/account');
        check(new URL(other.page.url()).pathname === '/login', 'the replay signed someone in');
        await other.context.close();
      });

      await step('6. remove the passkey; it no longer signs in', async () => {
        await visit(page, '/account');
        check((await heading(page)) === 'Your account', `not signed in:\n${await describe(page)}`);
        await submit(page, page.locator('#passkeys form[action="/account/passkeys/remove"] button'));
        const notice = (await page.locator('#account-notice').textContent()).trim();
        check(notice === 'The passkey was removed.', `the account page says: ${notice}`);
        check((await page.locator('#passkeys li').count()) === 0, 'the passkey is still listed');
        await submit(page, page.getByRole('button', { name: 'Sign out', exact: true }).last());
        // The autofill answer is refused; then the button's (autofill stays quiet after a
        // refusal, so a failing passkey is not offered again and again).
        for (const how of ['autofill', 'button']) {
          if (how === 'autofill') await visit(page, '/login');
          else await submit(page, page.locator('#passkey-signin'));
          await page.locator('#login-error').waitFor({ state: 'visible' });
          const error = (await page.locator('#login-error').textContent()).trim();
          check(error.startsWith('That passkey could not be used'), `a removed passkey (${how}) got: ${error}`);
          check(new URL(page.url()).pathname === '/login', `a removed passkey (${how}) led to ${page.url()}`);
        }
        await screenshot(page, '08-refused', shots);
      });

      await step('7. without JavaScript the password still works and no passkey part shows', async () => {
        const plain = await newPerson(browser, gh.base, { javaScript: false, authenticator: false });
        await visit(plain.page, '/login');
        check(!(await plain.page.locator('#passkey-signin').isVisible()), 'the passkey button shows without JavaScript');
        await signInWithPassword(plain.page, user);
        check((await heading(plain.page)) === 'Signed in', `not signed in:\n${await describe(plain.page)}`);
        await plain.context.close();
      });
    },
  });
}

exitWith(main());
