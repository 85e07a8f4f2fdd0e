import { checkPage, expect, linkIn, test, verifiedAccount, waitForMail } from './support';

test('a forgotten password is reset through the mail', async ({ page, request }) => {
  const starter = await verifiedAccount(request, 'starter', 'Sanne Jansen');

  await page.goto('/login');
  await page.getByRole('link', { name: 'Wachtwoord vergeten?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Wachtwoord vergeten' })).toBeVisible();
  await checkPage(page);
  await page.getByLabel('E-mailadres').fill(starter.email);
  await page.getByRole('button', { name: 'Stuur de link' }).click();
  await expect(page.getByRole('status')).toContainText('onderweg');

  const mail = await waitForMail(starter.email, /wachtwoord/i);
  await page.goto(linkIn(mail, '/reset-password'));
  await expect(page.getByRole('heading', { level: 1, name: 'Nieuw wachtwoord' })).toBeVisible();
  await checkPage(page);

  // Too short: the API's detail at the field.
  await page.getByLabel('Nieuw wachtwoord').fill('kort');
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(page.getByLabel('Nieuw wachtwoord')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Nieuw wachtwoord').fill('een-heel-nieuw-wachtwoord');
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(page.getByRole('status')).toContainText('gewijzigd');

  await page.getByRole('link', { name: 'Inloggen' }).last().click();
  await page.getByLabel('E-mailadres').fill(starter.email);
  await page.getByLabel('Wachtwoord').fill('een-heel-nieuw-wachtwoord');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mijn overzicht' })).toBeVisible();
});
