import {
  ADMIN,
  apiLogin,
  checkPage,
  expect,
  linkIn,
  PASSWORD,
  publishedPractice,
  screenshot,
  starterBody,
  test,
  uniqueEmail,
  verifiedAccount,
  waitForMail,
} from './support';

test('after a coordinator approves, both parties accept by the mailed links and the starter sees the holder’s contact details', async ({
  page,
  request,
}) => {
  // A coordinator for Drenthe, invited by the admin, with a password set through the invitation mail.
  const admin = await apiLogin(request, ADMIN.email, ADMIN.password);
  const regions = (await (await request.get('/api/regions')).json()) as Array<{ id: string; code: string }>;
  const drenthe = regions.find((r) => r.code === 'drenthe')!.id;
  const coordinatorEmail = uniqueEmail('coordinator');
  const invite = await request.post('/api/admin/coordinators', {
    headers: { authorization: `Bearer ${admin}` },
    data: { email: coordinatorEmail, displayName: 'Coördinator Drenthe', regionIds: [drenthe] },
  });
  expect(invite.status(), await invite.text()).toBe(201);
  const invitation = await waitForMail(coordinatorEmail, /uitnodiging/i);
  const inviteToken = new URL(linkIn(invitation, '/reset-password')).searchParams.get('token');
  expect(
    (
      await request.post('/api/auth/reset-password', { data: { token: inviteToken, password: PASSWORD } })
    ).status(),
  ).toBe(200);
  const coordinator = await apiLogin(request, coordinatorEmail);

  const starter = await verifiedAccount(request, 'starter', 'Eva Mulder');
  await request.patch('/api/me', {
    headers: { authorization: `Bearer ${starter.token}` },
    data: { phone: '+31 6 11111111' },
  });
  const holder = await verifiedAccount(request, 'stopper', 'Dokter Hendriks');
  await request.patch('/api/me', {
    headers: { authorization: `Bearer ${holder.token}` },
    data: { phone: '+31 592 123456' },
  });
  const practiceId = await publishedPractice(request, holder.token, {
    postcode: '9403',
    description: 'Praktijk voor de consent-reis.',
  });
  const put = await request.put('/api/starter-profile', {
    headers: { authorization: `Bearer ${starter.token}` },
    data: starterBody(),
  });
  expect(put.status(), await put.text()).toBe(200);

  // The worker scores the pair; the coordinator approves the suggestion (through the API).
  let matchId: string | undefined;
  for (let i = 0; i < 100 && !matchId; i++) {
    const res = await request.get(`/api/matches?status=suggested&practiceId=${practiceId}`, {
      headers: { authorization: `Bearer ${coordinator}` },
    });
    const items = ((await res.json()) as { items?: Array<{ id: string }> }).items ?? [];
    matchId = items[0]?.id;
    if (!matchId) await page.waitForTimeout(200);
  }
  expect(matchId, 'the worker suggested the pair').toBeDefined();
  const approve = await request.post(`/api/matches/${matchId}/approve`, {
    headers: { authorization: `Bearer ${coordinator}` },
    data: { note: 'Past goed bij elkaar.' },
  });
  expect(approve.status(), await approve.text()).toBe(200);

  for (const email of [holder.email, starter.email]) {
    const consent = await waitForMail(email, /^Voorgestelde kennismaking/);
    await page.goto(linkIn(consent, '/consent'));
    await expect(page.getByRole('heading', { level: 1, name: 'Kennismaking' })).toBeVisible();
    await checkPage(page);
    if (email === holder.email) await screenshot(page, 'consent');
    await page.getByRole('button', { name: 'Ja, ik wil kennismaken' }).click();
    await expect(page.getByRole('status')).toBeVisible();
  }
  await expect(page.getByRole('status')).toContainText('allebei ja gezegd');

  const introduction = await waitForMail(starter.email, /^Kennismaking:/);
  expect(introduction.text).toContain(holder.email);

  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill(starter.email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('link', { name: 'Naar mijn kennismakingen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kennismakingen' })).toBeVisible();
  await checkPage(page);
  await page.getByTestId('match-list').getByRole('link').first().click();
  const contact = page.getByTestId('contact');
  await expect(contact).toContainText('Dokter Hendriks');
  await expect(contact).toContainText(holder.email);
  await expect(contact).toContainText('+31 592 123456');
  await expect(page.getByRole('table')).toBeVisible();
  await checkPage(page);
  await screenshot(page, 'match');
});
