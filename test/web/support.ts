/// <reference lib="dom" />
import { expect, test as base, type Page, type APIRequestContext } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PORT = Number(process.env.WEB_TEST_PORT ?? 3710);
export const APP = `http://127.0.0.1:${PORT}`;
const MAILBOX = `http://127.0.0.1:${Number(process.env.WEB_TEST_MAIL_PORT ?? PORT + 1)}`;
export const PASSWORD = 'correct-horse-battery';
export const ADMIN = { email: 'admin@praktijkmatch.test', password: 'admin-password-for-tests' };
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

let counter = 0;
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@example.test`;
}

export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

/** Waits for a mail to `to` whose subject matches, as the in-process SMTP server received it. */
export async function waitForMail(to: string, subject: RegExp, timeoutMs = 20_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${MAILBOX}/mail?to=${encodeURIComponent(to)}`);
    const mails = (await res.json()) as Mail[];
    const found = mails.find((m) => subject.test(m.subject));
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `no mail to ${to} matching ${subject}; got: ${mails.map((m) => m.subject).join(' | ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The first link in a mail to a path of the app (`/verify-email`), as the mail has it. */
export function linkIn(mail: Mail, path: string): string {
  const match = new RegExp(`https?://[^\\s]+${path.replace(/[/?]/g, (c) => `\\${c}`)}[^\\s]*`).exec(
    mail.text,
  );
  if (!match) throw new Error(`no ${path} link in mail "${mail.subject}":\n${mail.text}`);
  return match[0];
}

/** Enqueues an outreach sweep with the clock N days ahead (the harness's scheduler stand-in). */
export async function runOutreach(
  job: 'freshness' | 'vacancy-alerts' | 'follow-ups',
  days: number,
): Promise<void> {
  const res = await fetch(`${MAILBOX}/outreach/${job}?days=${days}`, { method: 'POST' });
  if (res.status !== 202) throw new Error(`outreach ${job}: ${res.status} ${await res.text()}`);
}

/** Enqueues the coordinators' daily digest, as its schedule does every morning. */
export async function runCoordinatorDigest(): Promise<void> {
  const res = await fetch(`${MAILBOX}/introductions/coordinator-digest`, { method: 'POST' });
  if (res.status !== 202) throw new Error(`coordinator digest: ${res.status} ${await res.text()}`);
}

// --- data through the API ---------------------------------------------------------------------------

export async function apiLogin(api: APIRequestContext, email: string, password = PASSWORD): Promise<string> {
  const res = await api.post('/api/auth/login', { data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A verified account made through the API: register, the verification link from the mail, login. */
export async function verifiedAccount(
  api: APIRequestContext,
  role: 'starter' | 'stopper',
  displayName: string,
): Promise<{ email: string; token: string }> {
  const email = uniqueEmail(role);
  const reg = await api.post('/api/auth/register', {
    data: { email, password: PASSWORD, displayName, role },
  });
  expect(reg.status(), await reg.text()).toBe(201);
  const mail = await waitForMail(email, /bevestig|confirm/i);
  const token = new URL(linkIn(mail, '/verify-email')).searchParams.get('token');
  const verified = await api.post('/api/auth/verify-email', { data: { token } });
  expect(verified.status()).toBe(200);
  return { email, token: await apiLogin(api, email) };
}

const NEXT_YEAR = new Date().getUTCFullYear() + 1;
export function practiceBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Huisartsenpraktijk De Linde',
    showNamePublicly: false,
    postcode: '9401',
    address: 'Lindelaan 1',
    listSize: 2400,
    practiceForm: 'duo',
    gpCount: 2,
    daysPerWeekNeeded: 4,
    setting: 'urban',
    successorRoles: ['partner', 'holder'],
    handoverFrom: `${NEXT_YEAR}-01-01`,
    handoverTo: `${NEXT_YEAR}-12-31`,
    transitionMonthsOffered: 6,
    dispensing: false,
    isTrainingPractice: true,
    anwHoursPerMonth: 20,
    staff: { pohSomaticFte: 1, pohMentalHealthFte: 0.5, assistantsFte: 3, paOrNpFte: 0 },
    building: 'rented',
    description: 'Duopraktijk in het centrum van Assen met een hecht team.',
    ...overrides,
  };
}

export async function publishedPractice(
  api: APIRequestContext,
  token: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const headers = { authorization: `Bearer ${token}` };
  const res = await api.post('/api/practices', { data: practiceBody(overrides), headers });
  expect(res.status(), await res.text()).toBe(201);
  const id = ((await res.json()) as { id: string }).id;
  const pub = await api.post(`/api/practices/${id}/publish`, { headers });
  expect(pub.status(), await pub.text()).toBe(200);
  return id;
}

export function starterBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    careerStage: 'aios',
    homePostcode: '9401',
    maxTravelKm: 50,
    preferredRegionIds: [],
    daysPerWeekMin: 3,
    daysPerWeekMax: 4,
    practiceForms: ['duo', 'group'],
    roles: ['partner', 'holder'],
    availableFrom: new Date().toISOString().slice(0, 10),
    transitionMonthsWanted: 3,
    setting: 'any',
    dispensingOk: false,
    anwHoursPerMonthMax: null,
    wantsTrainingPractice: false,
    trainingRegionId: null,
    lookingForDuoPartner: false,
    partnerNeedsWork: false,
    about: 'Aios in het laatste jaar, wil graag in Drenthe blijven.',
    active: true,
    alerts: { enabled: false, minScore: 50 },
    ...overrides,
  };
}

// --- the checks on every page ------------------------------------------------------------------------

/**
 * axe-core on the page as it is: no serious or critical violation. `knownOf` names rules a page we do not
 * write (the queue dashboard, bull-board's own UI) is known to break; any other rule still fails.
 */
export async function expectAccessible(page: Page, knownOf: readonly string[] = []): Promise<void> {
  // evaluate() runs through the DevTools protocol, so the app's CSP (no inline script) does not block axe.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: object,
          ) => Promise<{
            violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
          }>;
        };
      }
    ).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        text: `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      }));
  });
  const unknown = violations.filter((v) => !knownOf.includes(v.id)).map((v) => v.text);
  expect(unknown, `axe on ${page.url()}`).toEqual([]);
}

/** At 375 px wide the page scrolls only up and down. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(50);
  const widths = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
  }));
  await page.setViewportSize(size);
  expect(widths.doc, `scroll width at 375 px on ${page.url()}`).toBeLessThanOrEqual(375);
  expect(widths.body, `body scroll width at 375 px on ${page.url()}`).toBeLessThanOrEqual(375);
}

/** axe, 375 px and the page having settled (no loading state left). */
export async function checkPage(page: Page): Promise<void> {
  await expect(page.locator('main h1')).toBeVisible();
  await expect(page.locator('.state--loading')).toHaveCount(0);
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
}

/** A screenshot of the page at 1280 and at 375 px into docs/screenshots (committed, shown in the README). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(50);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-375.png`), fullPage: true });
  await page.setViewportSize(size);
}

/**
 * Each test collects the page's errors: uncaught exceptions, console.error, and any 5xx answer. A handled
 * 4xx (a visitor's refresh without a session, a profile not made yet) is the API's contract, not an error,
 * but Chromium logs it as "Failed to load resource"; those lines alone are left out.
 */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        if (/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) return;
        errors.push(`console: ${msg.text()}`);
      });
      page.on('response', (res) => {
        if (res.status() >= 500) errors.push(`${res.status()} ${res.request().method()} ${res.url()}`);
      });
      await use(errors);
      expect(errors, 'errors in the browser').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };
