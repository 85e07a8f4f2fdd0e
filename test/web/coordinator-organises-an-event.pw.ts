import {
  checkPage,
  expect,
  linkIn,
  PASSWORD,
  starterBody,
  test,
  verifiedAccount,
  waitForMail,
} from './support';
import { coordinatorAccount, logIn, regionIdOf } from './coordinator-support';

test('a coordinator creates an event, the invitations arrive, a starter signs up in the app and the waiting list fills', async ({
  page,
  request,
}) => {
  const drenthe = await regionIdOf(request, 'drenthe');
  const coordinator = await coordinatorAccount(request, drenthe);
  const first = await verifiedAccount(request, 'starter', 'Eva Eerst');
  const second = await verifiedAccount(request, 'starter', 'Tom Tweede');
  for (const s of [first, second]) {
    const put = await request.put('/api/starter-profile', {
      data: starterBody(),
      headers: { authorization: `Bearer ${s.token}` },
    });
    expect(put.status()).toBe(200);
  }

  // The coordinator creates an event with one place; the region's starters are invited.
  await logIn(page, coordinator.email, `/coordinator/regions/${drenthe}/events`);
  await expect(page.getByRole('heading', { level: 1, name: 'Bijeenkomsten' })).toBeVisible();
  await checkPage(page);
  const nextYear = new Date().getUTCFullYear() + 1;
  await page.getByLabel('Titel').fill('Kennismakingsavond Assen');
  await page.getByLabel('Datum en tijd').fill(`${nextYear}-03-12T19:30`);
  await page.getByLabel('Locatie').fill('Zalen De Brink, Assen');
  await page.getByLabel('Aantal plaatsen', { exact: true }).first().fill('1');
  await page.getByLabel('Beschrijving').fill('Starters en stoppers ontmoeten elkaar.');
  await page.getByRole('button', { name: 'Aanmaken en uitnodigen' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'uitnodigingen verstuurd' })).toBeVisible();
  const invitation = await waitForMail(first.email, /Kennismakingsavond Assen/);
  await waitForMail(second.email, /Kennismakingsavond Assen/);

  // The first starter signs up from the invitation's link; the second lands on the waiting list.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await logIn(page, first.email, new URL(linkIn(invitation, '/events/')).pathname, PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Kennismakingsavond Assen' })).toBeVisible();
  await checkPage(page);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await expect(page.getByRole('status')).toHaveText('U bent aangemeld.');
  const eventPath = new URL(page.url()).pathname;
  const rsvp = await request.post(`/api${eventPath}/rsvp`, {
    headers: { authorization: `Bearer ${second.token}` },
  });
  expect(((await rsvp.json()) as { status: string }).status).toBe('waitlisted');

  // The coordinator sees who comes and who waits.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await logIn(page, coordinator.email, `/coordinator/regions/${drenthe}/events`);
  const item = page.getByTestId('event').filter({ hasText: 'Kennismakingsavond Assen' });
  await expect(item.getByTestId('event-places')).toHaveText('1 van 1 plaatsen bezet, 1 op de wachtlijst');
  await item.getByRole('button', { name: 'Aanmeldingen bekijken' }).click();
  const rsvps = item.getByTestId('rsvps');
  await expect(rsvps.getByRole('row').filter({ hasText: 'Eva Eerst' })).toContainText('Komt');
  await expect(rsvps.getByRole('row').filter({ hasText: 'Tom Tweede' })).toContainText('Wachtlijst');
  await checkPage(page);
});
