import { checkPage, expect, PASSWORD, screenshot, test, verifiedAccount } from './support';

test('a stopper lists a practice, checks the preview, publishes it and it appears on the board', async ({
  page,
  request,
}) => {
  const holder = await verifiedAccount(request, 'stopper', 'Dokter De Boer');

  await page.goto('/login');
  await checkPage(page);
  await page.getByLabel('E-mailadres').fill(holder.email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mijn praktijken' })).toBeVisible();
  await expect(page.getByText('U heeft nog geen praktijk toegevoegd.')).toBeVisible();
  await checkPage(page);

  await page.getByRole('link', { name: 'Praktijk toevoegen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Praktijk toevoegen' })).toBeVisible();
  const preview = page.getByTestId('preview');

  await page.getByRole('textbox', { name: 'Naam van de praktijk' }).fill('Huisartsenpraktijk Het Anker');
  await page.getByLabel('Postcode (4 cijfers)').fill('9401');
  await expect(page.getByText('Assen, Drenthe')).toBeVisible();
  await page.getByLabel('Praktijkvorm').selectOption('group');
  await page.getByLabel('Aantal ingeschreven patiënten').fill('3100');
  await page.getByLabel('Aantal huisartsen').fill('3');
  await page.getByLabel('Maat (mede-eigenaar)').check();
  await page
    .getByLabel('Beschrijving voor starters')
    .fill('Groepspraktijk met eigen apotheek om de hoek en een vaste POH-GGZ.');

  // The preview is the board's own card, live: anonymous until the name is opted in.
  await expect(preview).toContainText('Groepspraktijk in Assen');
  await expect(preview).toContainText('2.500 – 3.500');
  await expect(preview).toContainText('Groepspraktijk met eigen apotheek');
  await expect(preview).not.toContainText('Het Anker');
  await page.getByLabel('Toon de naam van de praktijk op de vacaturebank').check();
  await expect(preview).toContainText('Huisartsenpraktijk Het Anker');
  await page.getByLabel('Toon de naam van de praktijk op de vacaturebank').uncheck();
  await checkPage(page);
  await screenshot(page, 'practice-form');

  // An invalid value: the API's detail appears at its field, in Dutch.
  await page.getByLabel('Aantal huisartsen').fill('40');
  await page.getByRole('button', { name: 'Opslaan als concept' }).click();
  const gpCount = page.getByLabel('Aantal huisartsen');
  await expect(gpCount).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Vul hoogstens 30 in.')).toBeVisible();
  await gpCount.fill('3');

  await page.getByRole('button', { name: 'Opslaan als concept' }).click();
  await expect(page).toHaveURL(/\/stopper\/practices\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Praktijk bewerken' })).toBeVisible();
  await expect(page.locator('.badge', { hasText: 'Concept' })).toBeVisible();

  await page.getByRole('button', { name: 'Publiceren' }).click();
  await expect(page.locator('.badge', { hasText: 'Gepubliceerd' })).toBeVisible();
  await checkPage(page);

  await page.getByRole('link', { name: 'Bekijk op de vacaturebank' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vacature' })).toBeVisible();
  const card = page.getByRole('article');
  await expect(card).toContainText('Groepspraktijk in Assen');
  await expect(card).toContainText('Groepspraktijk met eigen apotheek');
  await expect(card).not.toContainText('Het Anker');

  await page.getByRole('link', { name: 'Alle vacatures' }).click();
  await expect(page.getByTestId('vacancy-list')).toContainText('Groepspraktijk met eigen apotheek');

  await page.getByRole('link', { name: 'Mijn overzicht' }).click();
  await expect(page.getByTestId('practice-list')).toContainText('Huisartsenpraktijk Het Anker');
  await expect(page.getByTestId('practice-list')).toContainText('Gepubliceerd');
  await screenshot(page, 'stopper-dashboard');

  // The dashboard's row has the same actions as the practice's page: withdraw it, and publish it again.
  const row = page
    .getByTestId('practice-list')
    .getByRole('listitem')
    .filter({ hasText: 'Huisartsenpraktijk Het Anker' });
  await row.getByRole('button', { name: 'Terugtrekken' }).click();
  await expect(row).toContainText('Teruggetrokken');
  await checkPage(page);
  await row.getByRole('button', { name: 'Publiceren' }).click();
  await expect(row).toContainText('Gepubliceerd');
  await expect(row.getByRole('button', { name: 'Terugtrekken' })).toBeVisible();
});
