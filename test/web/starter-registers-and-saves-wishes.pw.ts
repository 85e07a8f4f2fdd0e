import { checkPage, expect, linkIn, PASSWORD, screenshot, test, uniqueEmail, waitForMail } from './support';

test('a starter registers, confirms the mail, logs in, fills every section of the wishes, reloads and is still logged in', async ({
  page,
}) => {
  const email = uniqueEmail('starter-ui');
  await page.goto('/register');
  await checkPage(page);
  await screenshot(page, 'register');
  await page.getByLabel('starter: huisarts die een plek zoekt').check();
  await page.getByLabel('Naam').fill('Lotte Bakker');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Account aanmaken' }).click();
  await expect(page.getByRole('status')).toContainText(email);

  const mail = await waitForMail(email, /bevestig/i);
  await page.goto(linkIn(mail, '/verify-email'));
  await expect(page.getByRole('status')).toContainText('bevestigd');
  await checkPage(page);

  await page.getByRole('main').getByRole('link', { name: 'Inloggen' }).click();
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mijn overzicht' })).toBeVisible();
  await expect(page.getByTestId('profile-state')).toContainText('nog niet ingevuld');
  await checkPage(page);

  await page.getByRole('link', { name: 'Wensen invullen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mijn wensen' })).toBeVisible();

  // Where, by keyboard alone: focus the postcode, type, tab through the fields, save with Enter.
  const where = page.getByRole('region', { name: 'Waar' });
  await where.getByLabel('Postcode van uw woonplaats (4 cijfers)').focus();
  await page.keyboard.type('9401');
  await expect(where.getByText('Assen, Drenthe')).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('40');
  await expect(where.getByLabel('Hoe ver wilt u reizen (km)?')).toHaveValue('40');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await expect(where.getByRole('checkbox').first()).toBeChecked();
  await where.getByRole('button', { name: 'Waar opslaan' }).focus();
  await page.keyboard.press('Enter');
  await expect(where.getByText('Opgeslagen')).toBeVisible();
  await checkPage(page);

  const when = page.getByRole('region', { name: 'Wanneer' });
  await when.getByLabel('Beschikbaar vanaf').fill('2027-03-01');
  await when.getByLabel('Minimaal aantal dagen per week').fill('3');
  await when.getByLabel('Maximaal aantal dagen per week').fill('4');
  await when.getByLabel('Gewenste periode samen met de vertrekkende huisarts (maanden)').fill('6');
  await when.getByRole('button', { name: 'Wanneer opslaan' }).click();
  await expect(when.getByText('Opgeslagen')).toBeVisible();

  const what = page.getByRole('region', { name: 'Wat' });
  await what.getByLabel('Solopraktijk', { exact: true }).check();
  await what.getByLabel('Praktijkhouder', { exact: true }).check();
  await what.getByLabel('Omgeving').selectOption('rural');
  await what.getByLabel('Een apotheekhoudende praktijk is goed').check();
  await what.getByLabel('Maximaal aantal ANW-uren per maand').fill('30');
  await what.getByRole('button', { name: 'Wat opslaan' }).click();
  await expect(what.getByText('Opgeslagen')).toBeVisible();

  const about = page.getByRole('region', { name: 'Over mij' });
  await about.getByLabel('Fase').selectOption('aios');
  await about.getByLabel('Regio van uw opleiding').selectOption({ label: 'Groningen' });
  await about.getByLabel('Ik zoek een duopartner').check();
  await about
    .getByLabel('Over uzelf')
    .fill('Laatstejaars aios, opgeleid in Groningen, wil graag op het platteland werken.');
  await about.getByRole('button', { name: 'Over mij opslaan' }).click();
  await expect(about.getByText('Opgeslagen')).toBeVisible();

  const alerts = page.getByRole('region', { name: 'Vacaturemeldingen' });
  await alerts.getByLabel('Mail mij als er een passende praktijk bijkomt').check();
  // Out of range: the API's detail appears at the field, in Dutch.
  await alerts.getByLabel('Minimale passendheid (0–100)').fill('150');
  await alerts.getByRole('button', { name: 'Vacaturemeldingen opslaan' }).click();
  await expect(alerts.getByLabel('Minimale passendheid (0–100)')).toHaveAttribute('aria-invalid', 'true');
  await expect(alerts.getByText('Vul hoogstens 100 in.')).toBeVisible();
  await alerts.getByLabel('Minimale passendheid (0–100)').fill('60');
  await alerts.getByRole('button', { name: 'Vacaturemeldingen opslaan' }).click();
  await expect(alerts.getByText('Opgeslagen')).toBeVisible();
  await checkPage(page);
  await screenshot(page, 'wishes');

  // Unsaved changes are not lost without asking.
  await what.getByLabel('Groepspraktijk', { exact: true }).uncheck();
  await page.getByRole('link', { name: 'Terug naar mijn overzicht' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('nog niet zijn opgeslagen');
  await page.getByRole('button', { name: 'Blijven en opslaan' }).click();
  await what.getByLabel('Groepspraktijk', { exact: true }).check();

  // A reload starts from the pm_refresh cookie: still logged in, everything as saved.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Mijn wensen' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Uitloggen' })).toBeVisible();
  await expect(page.getByLabel('Postcode van uw woonplaats (4 cijfers)')).toHaveValue('9401');
  await expect(page.getByLabel('Hoe ver wilt u reizen (km)?')).toHaveValue('40');
  await expect(page.getByLabel('Beschikbaar vanaf')).toHaveValue('2027-03-01');
  await expect(page.getByLabel('Solopraktijk', { exact: true })).toBeChecked();
  await expect(page.getByLabel('Omgeving')).toHaveValue('rural');
  await expect(page.getByLabel('Ik zoek een duopartner')).toBeChecked();
  await expect(page.getByLabel('Minimale passendheid (0–100)')).toHaveValue('60');

  await page.getByRole('link', { name: 'Mijn overzicht', exact: true }).click();
  await expect(page.getByTestId('profile-state')).toContainText('actief');
  await screenshot(page, 'starter-dashboard');
});
