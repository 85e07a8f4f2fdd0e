import { checkPage, expect, screenshot, test } from './support';
import { coordinatorAccount, fittingPair, logIn, regionIdOf, waitForSuggestion } from './coordinator-support';

test("a coordinator searches the region's practices, corrects one, and reads a starter's candidates", async ({
  page,
  request,
}) => {
  const drenthe = await regionIdOf(request, 'drenthe');
  const coordinator = await coordinatorAccount(request, drenthe);
  // The suite shares one database: this run's people and practice carry a tag of their own.
  const tag = Date.now().toString(36);
  const names = {
    starter: `Anaïs Bakker ${tag}`,
    practice: `Praktijk Het Eikenhof ${tag}`,
    holder: 'Dokter Mulder',
  };
  const pair = await fittingPair(request, names, { postcode: '9411', listSize: 2950 });
  await waitForSuggestion(request, coordinator.token, pair.practiceId, pair.starterProfileId);

  // The region's practices, searched by name (accents and case do not matter), the search kept in the URL.
  await logIn(page, coordinator.email, `/coordinator/regions/${drenthe}/practices`);
  await expect(page.getByRole('heading', { level: 1, name: 'Praktijken in de regio' })).toBeVisible();
  await checkPage(page);
  const search = page.getByLabel('Zoek een praktijk (naam, plaats of postcode)');
  await search.fill(`EIKENHOF ${tag}`);
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page).toHaveURL(/[?&]q=EIKENHOF/);
  const rows = page.getByTestId('practice-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Beilen (9411)');
  // A filter narrows the same search; one that excludes it shows the empty state.
  await page.getByLabel('Status').selectOption({ label: 'Concept' });
  await expect(page.getByText('Geen praktijken die aan deze zoekopdracht en filters voldoen.')).toBeVisible();
  await page.getByLabel('Status').selectOption({ label: 'Gepubliceerd' });
  await expect(rows).toHaveCount(1);
  await expect(page).toHaveURL(/status=published/);
  await checkPage(page);
  await screenshot(page, 'coordinator-practices');

  // The practice's page: the record and its candidates, the starter among them.
  await rows.first().getByRole('link', { name: names.practice }).click();
  await expect(page.getByRole('heading', { level: 1, name: names.practice })).toBeVisible();
  await expect(page.getByTestId('practice-facts')).toContainText('2.950');
  await expect(page.getByTestId('practice-facts')).toContainText(names.holder);
  const candidates = page.getByTestId('candidate-row').filter({ hasText: names.starter });
  await expect(candidates).toHaveCount(1);
  await expect(candidates).toContainText('Suggestie');
  await checkPage(page);

  // A correction the API refuses shows at its field, and what was typed stays.
  const listSize = page.getByLabel('Aantal ingeschreven patiënten');
  await listSize.fill('3100');
  const handoverTo = page.getByLabel('Overdracht uiterlijk');
  const before = await handoverTo.inputValue();
  await handoverTo.fill('2020-01-01');
  await page.getByRole('button', { name: 'Correctie opslaan' }).click();
  await expect(handoverTo).toHaveAttribute('aria-invalid', 'true');
  await expect(listSize).toHaveValue('3100');
  await checkPage(page);
  // Put right, it is saved; the change is there after a reload.
  await handoverTo.fill(before);
  await page.getByRole('button', { name: 'Correctie opslaan' }).click();
  await expect(page.getByTestId('correction-status')).toHaveText(
    'Opgeslagen. De kandidaten worden opnieuw berekend.',
  );
  await expect(handoverTo).toHaveAttribute('aria-invalid', 'false');
  await page.reload();
  await expect(page.getByTestId('practice-facts')).toContainText('3.100');
  await expect(page.getByLabel('Aantal ingeschreven patiënten')).toHaveValue('3100');
  await expect(page.getByTestId('candidate-row').filter({ hasText: names.starter })).toHaveCount(1);
  await checkPage(page);
  await screenshot(page, 'coordinator-practice');

  // The match's link leads to the match page, and from there the starter's record.
  await page.getByTestId('candidate-row').filter({ hasText: names.starter }).getByRole('link').click();
  await expect(page).toHaveURL(/\/coordinator\/matches\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(names.starter);

  // The region's starters, searched by name without the accent, and one opened with its candidates.
  await page
    .getByRole('navigation', { name: 'Werkplek coördinator' })
    .getByRole('link', { name: 'Starters' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Starters in de regio' })).toBeVisible();
  await checkPage(page);
  await page
    .getByLabel('Zoek een starter (naam, e-mail, woonplaats of postcode)')
    .fill(`anais bakker ${tag}`);
  await page.getByRole('button', { name: 'Zoeken' }).click();
  const starterRows = page.getByTestId('starter-row');
  await expect(starterRows).toHaveCount(1);
  await expect(starterRows.first()).toContainText('Assen (9401)');
  await screenshot(page, 'coordinator-starters');
  await starterRows.first().getByRole('link', { name: names.starter }).click();
  await expect(page.getByRole('heading', { level: 1, name: names.starter })).toBeVisible();
  await expect(page.getByTestId('starter-facts')).toContainText('Aios');
  await expect(page.getByTestId('candidate-row').filter({ hasText: names.practice })).toHaveCount(1);
  await checkPage(page);
  await screenshot(page, 'coordinator-starter');
});
