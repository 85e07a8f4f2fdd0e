import type { APIRequestContext, Page } from '@playwright/test';
import {
  ADMIN,
  apiLogin,
  expect,
  linkIn,
  PASSWORD,
  publishedPractice,
  starterBody,
  uniqueEmail,
  verifiedAccount,
  waitForMail,
} from './support';

export async function regionIdOf(api: APIRequestContext, code: string): Promise<string> {
  const res = await api.get('/api/regions');
  const regions = (await res.json()) as Array<{ id: string; code: string }>;
  const found = regions.find((r) => r.code === code);
  if (!found) throw new Error(`no region ${code}`);
  return found.id;
}

/** An admin invites a coordinator of `regionId` through the API; returns the address the mail goes to. */
export async function inviteCoordinator(api: APIRequestContext, regionId: string, displayName: string) {
  const admin = await apiLogin(api, ADMIN.email, ADMIN.password);
  const email = uniqueEmail('coordinator');
  const res = await api.post('/api/admin/coordinators', {
    data: { email, displayName, regionIds: [regionId] },
    headers: { authorization: `Bearer ${admin}` },
  });
  expect(res.status(), await res.text()).toBe(201);
  return email;
}

/** The invitation accepted through the API (for journeys about something else); returns a token. */
export async function coordinatorAccount(
  api: APIRequestContext,
  regionId: string,
): Promise<{ email: string; token: string }> {
  const email = await inviteCoordinator(api, regionId, 'Carla Coördinator');
  const mail = await waitForMail(email, /coördinator|coordinator/i);
  const token = new URL(linkIn(mail, '/reset-password')).searchParams.get('token');
  const reset = await api.post('/api/auth/reset-password', { data: { token, password: PASSWORD } });
  expect(reset.status(), await reset.text()).toBe(200);
  return { email, token: await apiLogin(api, email) };
}

/** A starter with an active profile and a published practice that fits it, in Drenthe unless overridden. */
export async function fittingPair(
  api: APIRequestContext,
  names: { starter: string; practice: string; holder: string },
  practiceOverrides: Record<string, unknown> = {},
  starterOverrides: Record<string, unknown> = {},
) {
  const holder = await verifiedAccount(api, 'stopper', names.holder);
  const practiceId = await publishedPractice(api, holder.token, {
    name: names.practice,
    ...practiceOverrides,
  });
  const starter = await verifiedAccount(api, 'starter', names.starter);
  const put = await api.put('/api/starter-profile', {
    data: starterBody(starterOverrides),
    headers: { authorization: `Bearer ${starter.token}` },
  });
  expect(put.status(), await put.text()).toBe(200);
  const starterProfileId = ((await put.json()) as { id: string }).id;
  return { holder, starter, practiceId, starterProfileId };
}

/**
 * Waits until the worker has made the suggestion of this practice and starter (the coordinator's API view).
 * The suite shares one database, so other journeys' starters may be suggested for the same practice.
 */
export async function waitForSuggestion(
  api: APIRequestContext,
  token: string,
  practiceId: string,
  starterProfileId: string,
): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const filter = `practiceId=${practiceId}&starterProfileId=${starterProfileId}`;
    const res = await api.get(`/api/matches?status=suggested&kind=pair&${filter}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { items: Array<{ id: string }> };
    if (body.items[0]) return body.items[0].id;
    if (Date.now() > deadline) throw new Error(`no suggestion for practice ${practiceId}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * The common start of a coordinator's journey: a coordinator of the region (by code), a starter and a
 * practice named by this run's tag that fit each other, and the worker's suggestion of the two.
 */
export async function suggestedPair(
  api: APIRequestContext,
  regionCode: string,
  names: { starter: string; practice: string; holder: string },
  overrides: { practice?: Record<string, unknown>; starter?: Record<string, unknown> } = {},
) {
  const regionId = await regionIdOf(api, regionCode);
  const coordinator = await coordinatorAccount(api, regionId);
  const pair = await fittingPair(api, names, overrides.practice, overrides.starter);
  const matchId = await waitForSuggestion(api, coordinator.token, pair.practiceId, pair.starterProfileId);
  return { regionId, coordinator, matchId, ...pair };
}

export async function logIn(
  page: Page,
  email: string,
  next = '/dashboard',
  password = PASSWORD,
): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

/** Presses Tab until `target` has the focus (keyboard alone), at most `max` times. */
export async function tabTo(page: Page, isTarget: () => Promise<boolean>, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await isTarget()) return;
  }
  throw new Error('the element never got the focus by Tab');
}

const MAILBOX = `http://127.0.0.1:${Number(process.env.WEB_TEST_MAIL_PORT ?? Number(process.env.WEB_TEST_PORT ?? 3710) + 1)}`;

/** The harness's SMTP server refuses (450) or accepts again mail to this address. */
export async function smtpRefuses(address: string, refuse: boolean): Promise<void> {
  const res = await fetch(
    `${MAILBOX}/smtp/${refuse ? 'refuse' : 'accept'}?to=${encodeURIComponent(address)}`,
    {
      method: 'POST',
    },
  );
  expect(res.status).toBe(200);
}
