import { readFileSync } from 'node:fs';
import { APP, checkPage, expect, PASSWORD, test, verifiedAccount } from './support';

test('a starter sets a phone number and English in the account, downloads the data and erases the account', async ({
  page,
  request,
  browser,
}) => {
  const starter = await verifiedAccount(request, 'starter', 'Sanne Jansen');

  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill(starter.email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mijn overzicht' })).toBeVisible();
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account' })).toBeVisible();
  await checkPage(page);

  // A phone number the API refuses is shown at its field, in Dutch.
  await page.getByLabel('Telefoonnummer').fill('bel me maar');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByLabel('Telefoonnummer')).toHaveAttribute('aria-invalid', 'true');

  // A good one, and English: the page switches, and the account keeps the choice.
  await page.getByLabel('Telefoonnummer').fill('+31612345678');
  await page.getByLabel('Taal').selectOption('en');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Details' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await checkPage(page);

  // Another browser, where nothing was chosen: signing in brings the account's language.
  const other = await browser.newContext({ baseURL: APP, locale: 'nl-NL' });
  const second = await other.newPage();
  await second.goto('/login');
  await second.getByLabel('E-mailadres').fill(starter.email);
  await second.getByLabel('Wachtwoord').fill(PASSWORD);
  await second.getByRole('button', { name: 'Inloggen' }).click();
  await expect(second.getByRole('heading', { level: 1, name: 'My overview' })).toBeVisible();
  await other.close();

  // The export is a download of everything held, the new phone number included.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download my data' }).click();
  const file = await (await download).path();
  const exported = JSON.parse(readFileSync(file, 'utf8')) as { account: { email: string; phone: string } };
  expect(exported.account).toMatchObject({ email: starter.email, phone: '+31612345678' });

  // Erasure asks first; "no" keeps everything, "yes" erases and signs out.
  await page.getByRole('button', { name: 'Erase account' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Are you sure?');
  await checkPage(page);
  await page.getByRole('button', { name: 'No, keep it' }).click();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await page.getByRole('button', { name: 'Erase account' }).click();
  await page.getByRole('button', { name: 'Yes, erase my account' }).click();
  await expect(page).toHaveURL(`${APP}/`);
  const login = await request.post('/api/auth/login', { data: { email: starter.email, password: PASSWORD } });
  expect(login.status()).toBe(401);
});
