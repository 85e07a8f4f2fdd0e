import {
  checkPage,
  expect,
  PASSWORD,
  publishedPractice,
  starterBody,
  test,
  verifiedAccount,
} from './support';

test('a starter asks for an introduction to a vacancy and sees it as requested', async ({
  page,
  request,
}) => {
  const holder = await verifiedAccount(request, 'stopper', 'Dokter Kok');
  const practiceId = await publishedPractice(request, holder.token, {
    postcode: '9404',
    description: 'Praktijk voor de aanvraag-reis.',
  });
  const starter = await verifiedAccount(request, 'starter', 'Iris Visser');
  const put = await request.put('/api/starter-profile', {
    headers: { authorization: `Bearer ${starter.token}` },
    // Wishes that fail the practice form: the worker never suggests the pair itself, so the request is new
    // (a request is kept and shown even when a hard constraint fails; the coordinator sees which).
    data: starterBody({ practiceForms: ['solo'] }),
  });
  expect(put.status(), await put.text()).toBe(200);

  // A visitor is led to log in and comes back to the vacancy.
  await page.goto(`/vacancies/${practiceId}`);
  await page.getByRole('main').getByRole('link', { name: 'Inloggen' }).click();
  await page.getByLabel('E-mailadres').fill(starter.email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page).toHaveURL(new RegExp(`/vacancies/${practiceId}$`));

  await page.getByRole('button', { name: 'Vraag een kennismaking aan' }).click();
  await expect(page.getByRole('status')).toContainText('Uw aanvraag is verstuurd');
  await checkPage(page);

  await page.getByRole('link', { name: 'Naar mijn kennismakingen' }).click();
  const list = page.getByTestId('match-list');
  await expect(list).toContainText('Door u aangevraagd');
  await expect(list).toContainText('Duopraktijk in Assen');
  await checkPage(page);

  // Asked twice, the existing request answers.
  await page.goto(`/vacancies/${practiceId}`);
  await page.getByRole('button', { name: 'Vraag een kennismaking aan' }).click();
  await expect(page.getByRole('status')).toContainText('al aangevraagd');
});
