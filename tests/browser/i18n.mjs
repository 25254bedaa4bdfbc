#!/usr/bin/env node
// Languages and the operator's brand in a real browser (issue 15's acceptance test): Debian's
// `chromium`, headless, driven by playwright-core, against a `gatehouse serve` started here
// on SQLite with a product name, a logo, a primary colour, help and privacy links, and a
// client with its own logo, website, privacy policy and terms (RFC 7591 metadata).
//
// For German, the accented pseudo locale (en-XA), the right-to-left pseudo locale (ar-XB)
// and English, one person each goes through: the login page (and its wrong-password
// message), setting up an authenticator app, the recovery codes, the consent page, the
// account page, the reset-password page and an error page. On every page:
//   - `lang` and `dir` are the language's, and nothing overflows the phone's width;
//   - axe-core finds no serious or critical accessibility violation;
//   - screenshots at desktop and phone width.
// A last step checks dark mode (prefers-color-scheme) keeps the brand readable.
// Screenshots go to $GATEHOUSE_SCREENSHOTS (default target/screenshots/i18n).
//
// Usage: node tests/browser/i18n.mjs [path/to/gatehouse]   (default target/debug/gatehouse)

import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import {
  authorization,
  callbackServer,
  check,
  describe,
  log,
  screenshot as shoot,
  submit,
  visit,
  run,
  exitWith,
} from './lib.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.argv[2] ? path.resolve(process.argv[2]) : path.join(ROOT, 'target/debug/gatehouse');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.resolve(process.env.GATEHOUSE_SCREENSHOTS || path.join(ROOT, 'target/screenshots/i18n'));
const AXE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js');
const STEP_TIMEOUT_MS = 120_000;

const LANGUAGES = [
  ['de', 'ltr'],
  ['en-XA', 'ltr'],
  ['ar-XB', 'rtl'],
  ['en', 'ltr'],
];

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40" viewBox="0 0 160 40">
<rect width="40" height="40" rx="8" fill="#1a3d8f"/><text x="50" y="27" font-family="sans-serif" font-size="20" fill="#1a3d8f">Acme ID</text></svg>`;

/** RFC 6238 code (SHA-1, 30 s, 6 digits) of a base32 key. */
function totp(base32) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/[\s=]/g, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(n).padStart(6, '0');
}

/** axe-core's serious and critical violations on the page (WCAG 2.x A and AA rules). */
async function accessibility(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

exitWith(
  run({
    bin: BIN,
    chromium: CHROMIUM,
    shotsDir: SHOTS,
    stepTimeoutMs: STEP_TIMEOUT_MS,
    body: async ({ gh, step, shots, defer }) => {
      check(fs.existsSync(AXE), `no axe-core at ${AXE} (npm ci --prefix tests/browser)`);
      const logo = path.join(gh.dir, 'logo.svg');
      fs.writeFileSync(logo, LOGO);
      await gh.configure({
        extra: [
          '[i18n]',
          'locales = ["en", "de", "fr", "es", "nb", "nl", "pt-BR", "en-XA", "ar-XB"]',
          '',
          '[branding]',
          'product_name = "Acme ID"',
          `logo_file = "${logo}"`,
          'primary_color = "#1a3d8f"',
          'support_url = "https://help.example.com/"',
          'privacy_url = "https://example.com/privacy"',
          '',
          '[policy.mfa]',
          'methods = ["totp", "email"]',
        ],
      });
      gh.cli(['migrate']);
      await gh.start();
      const callback = await callbackServer();
      defer(() => callback.server.close());
      const client = gh.cli(
        [
          'client', 'create', '--name', 'Acme CRM', '--redirect-uri', callback.redirectUri,
          '--logo-uri', `${gh.base}/static/logo`,
          '--client-uri', 'https://crm.example.com/',
          '--policy-uri', 'https://crm.example.com/privacy',
          '--tos-uri', 'https://crm.example.com/terms',
          '--json',
        ],
        { json: true },
      );
      const discovery = await (await fetch(`${gh.base}/.well-known/openid-configuration`)).json();
      const authorize = () =>
        authorization(discovery, client.client_id, callback.redirectUri, 'openid profile email').url;
      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
      defer(() => browser.close());
      log(`gatehouse ${gh.base} (${BIN}), chromium ${browser.version()}, screenshots in ${SHOTS}`);

      /** The page's language, direction, layout and accessibility; then its screenshots. */
      const look = async (page, lang, dir, name) => {
        const html = page.locator('html');
        check((await html.getAttribute('lang')) === lang, `${name}: lang is not ${lang}:\n${await describe(page)}`);
        check((await html.getAttribute('dir')) === dir, `${name}: dir is not ${dir}`);
        await page.setViewportSize({ width: 390, height: 844 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        check(overflow <= 1, `${name} (${lang}) is ${overflow}px wider than a phone`);
        await page.setViewportSize({ width: 1280, height: 800 });
        const serious = await accessibility(page);
        check(
          serious.length === 0,
          `${name} (${lang}): axe-core finds ${JSON.stringify(serious, null, 2)}\n${await describe(page)}`,
        );
        await shoot(page, `${lang}-${name}`, shots, SHOTS);
      };

      let n = 0;
      for (const [lang, dir] of LANGUAGES) {
        n += 1;
        await step(`${n}. every page in ${lang} (${dir}): language, layout, axe-core, screenshots`, async () => {
          const email = `person-${lang.toLowerCase()}@example.com`;
          const person = gh.createUser({ email, name: `Person ${lang}` });
          gh.cli(['user', 'require-mfa', email]);
          // bypassCSP only lets the test inject axe-core; the pages' own CSP is checked elsewhere.
          const context = await browser.newContext({ baseURL: gh.base, bypassCSP: true, locale: 'en-US' });
          const page = await context.newPage();
          try {
            // The switcher's cookie picks the language.
            await visit(page, `/language?lang=${encodeURIComponent(lang)}&back=/`);
            await visit(page, authorize());
            check(await page.locator('#client').isVisible(), `no client links on the login page:\n${await describe(page)}`);
            await look(page, lang, dir, 'login');
            await page.locator('#username').fill(email);
            await page.locator('#password').fill('not the password');
            await submit(page, page.locator('form[action="/login"] button[type="submit"].primary'));
            check(await page.locator('#login-error').isVisible(), `no error after a wrong password:\n${await describe(page)}`);
            await look(page, lang, dir, 'login-error');
            await page.locator('#password').fill(person.password);
            await submit(page, page.locator('form[action="/login"] button[type="submit"].primary'));
            // Set up an authenticator app.
            const choose = page.locator('button[name="method"][value="totp"]');
            if (await choose.count()) {
              await look(page, lang, dir, 'mfa-choose');
              await submit(page, choose);
            }
            const secret = (await page.locator('#totp-secret').textContent()).trim();
            await look(page, lang, dir, 'mfa-totp');
            await page.locator('#code').fill(totp(secret));
            await submit(page, page.locator('#code ~ button[type="submit"], form[action="/mfa"] button.primary').first());
            check((await page.locator('#recovery-codes li').count()) > 0, `no recovery codes:\n${await describe(page)}`);
            await look(page, lang, dir, 'mfa-recovery');
            await submit(page, page.locator('form[action="/mfa"] button[name="continue"]'));
            // The application's consent page.
            check(await page.locator('form[action="/consent"]').count(), `not the consent page:\n${await describe(page)}`);
            await look(page, lang, dir, 'consent');
            await submit(page, page.locator('button[name="decision"][value="allow"]'));
            check(callback.hits.length > 0, 'the application got no answer');
            await visit(page, '/account');
            await look(page, lang, dir, 'account');
            await submit(page, page.locator('form[action="/logout"] button').last());
            // An error page.
            await visit(page, '/consent?flow=no-such-sign-in');
            await look(page, lang, dir, 'error');
            // The reset-password page, from the mailed link.
            await visit(page, '/forgot-password');
            await look(page, lang, dir, 'forgot');
            await page.locator('#username').fill(email);
            await submit(page, page.locator('form[action="/forgot-password"] button'));
            let link = null;
            for (let i = 0; i < 50 && !link; i += 1) {
              for (const entry of gh.logEntries()) {
                const fields = entry.fields ?? entry;
                if (fields['mail.to'] !== email) continue;
                const m = /(http\S+\/reset-password\?token=[\w-]+)/.exec(String(fields.message ?? ''));
                if (m) link = m[1];
              }
              if (!link) await new Promise((r) => setTimeout(r, 100));
            }
            check(link, `no reset mail for ${email}`);
            await visit(page, link);
            check(await page.locator('#password').count(), `not the reset page:\n${await describe(page)}`);
            await look(page, lang, dir, 'reset');
          } finally {
            await context.close();
          }
        });
      }

      await step(`${n + 1}. dark mode follows the system and keeps the brand readable`, async () => {
        const context = await browser.newContext({ baseURL: gh.base, bypassCSP: true, colorScheme: 'dark' });
        const page = await context.newPage();
        try {
          await visit(page, '/language?lang=de&back=/login');
          const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          check(bg !== 'rgb(243, 245, 249)', `the page stays light in dark mode (${bg})`);
          const serious = await accessibility(page);
          check(serious.length === 0, `dark login: axe-core finds ${JSON.stringify(serious, null, 2)}`);
          await shoot(page, 'de-login-dark', shots, SHOTS);
        } finally {
          await context.close();
        }
      });
    },
  }),
);
