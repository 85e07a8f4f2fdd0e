import {
  checkPage,
  expect,
  linkIn,
  publishedPractice,
  runOutreach,
  starterBody,
  test,
  verifiedAccount,
  waitForMail,
} from './support';

test('an unsubscribe link and a still-looking link work', async ({ page, request }) => {
  const starter = await verifiedAccount(request, 'starter', 'Noor de Vries');
  const profile = await request.put('/api/starter-profile', {
    headers: { authorization: `Bearer ${starter.token}` },
    data: starterBody({ alerts: { enabled: true, minScore: 0 } }),
  });
  expect(profile.status(), await profile.text()).toBe(200);
  const holder = await verifiedAccount(request, 'stopper', 'Dokter Smit');
  await publishedPractice(request, holder.token, { postcode: '9402' });

  await runOutreach('vacancy-alerts', 0);
  const alert = await waitForMail(starter.email, /past bij uw wensen/);
  await page.goto(linkIn(alert, '/unsubscribe'));
  await expect(page.getByRole('heading', { level: 1, name: 'Afmelden' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('afgemeld voor vacaturemeldingen');
  await checkPage(page);

  await runOutreach('freshness', 91);
  const probe = await waitForMail(starter.email, /zoekt u nog/i);
  await page.goto(linkIn(probe, '/still-looking'));
  await expect(page.getByRole('heading', { level: 1, name: 'Zoekt u nog?' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Dank u');
  await checkPage(page);

  // A spent or broken token says so, in the one error state.
  await page.goto('/still-looking?token=not-a-real-token');
  await expect(page.getByRole('alert')).toBeVisible();
  await checkPage(page);
});
