import { readFileSync } from 'node:fs';
import { checkPage, expect, screenshot, test } from './support';
import { logIn, suggestedPair } from './coordinator-support';

test("a coordinator rejects a suggestion with a note, reads the regional plan and the region's charts, and downloads the CSV", async ({
  page,
  request,
}) => {
  const tag = Date.now().toString(36);
  const practiceName = `Gezondheidscentrum De Es ${tag}`;
  const starterName = `Joris Bakker ${tag}`;
  const {
    regionId: drenthe,
    coordinator,
    practiceId,
  } = await suggestedPair(request, 'drenthe', {
    starter: starterName,
    practice: practiceName,
    holder: 'Dokter Mulder',
  });
  // The worker solves the regional plan after the rescoring that made the suggestion.
  await expect
    .poll(async () => {
      const res = await request.get(`/api/matches?practiceId=${practiceId}&inRegionalPlan=true`, {
        headers: { authorization: `Bearer ${coordinator.token}` },
      });
      return ((await res.json()) as { total: number }).total;
    })
    .toBe(1);

  await logIn(page, coordinator.email);
  await expect(page.getByRole('heading', { level: 1, name: 'Suggesties' })).toBeVisible();
  // The regional plan: its numbers, and who it leaves, each with a link to their candidates.
  await page
    .getByRole('navigation', { name: 'Werkplek coördinator' })
    .getByRole('link', { name: 'Regioplan' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Regioplan' })).toBeVisible();
  await expect(page.getByTestId('plan-suggestions')).toContainText(/[1-9]/);
  await expect(page.getByRole('heading', { name: /Praktijken met een plek over/ })).toBeVisible();
  await checkPage(page);
  await screenshot(page, 'coordinator-plan');

  await page
    .getByRole('navigation', { name: 'Werkplek coördinator' })
    .getByRole('link', { name: 'Suggesties' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Suggesties' })).toBeVisible();
  // Other journeys fill Drenthe's queue too, so this pair may be past page 1: the queue filtered to the
  // practice, as the practice's own links open it.
  await page.goto(`/coordinator?practiceId=${practiceId}`);
  const row = page
    .getByTestId('queue-row')
    .filter({ hasText: practiceName })
    .filter({ hasText: starterName });
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Joris Bakker');

  // Rejecting needs a note: without one the API's detail shows at the field.
  await page.getByRole('button', { name: 'Afwijzen' }).click();
  await expect(page.getByRole('textbox', { name: 'Waarom afwijzen (verplicht)' })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await page
    .getByRole('textbox', { name: 'Waarom afwijzen (verplicht)' })
    .fill('Starter zoekt toch iets in Groningen.');
  await page.getByRole('button', { name: 'Afwijzen' }).click();
  await expect(page.getByTestId('match-status')).toHaveText('Afgewezen');
  await expect(page.getByTestId('timeline')).toContainText('Starter zoekt toch iets in Groningen.');
  await checkPage(page);

  // The numbers: each chart with its table, the map of practices at risk, and the CSV.
  await page
    .getByRole('navigation', { name: 'Werkplek coördinator' })
    .getByRole('link', { name: 'Cijfers' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cijfers van de regio' })).toBeVisible();
  for (const chart of ['chart-handover', 'chart-days', 'chart-forms', 'chart-roles', 'chart-funnel']) {
    await expect(page.getByTestId(`${chart}-bars`)).toBeVisible();
    await expect(page.getByTestId(`${chart}-table`).locator('tbody tr').first()).toBeVisible();
  }
  await expect(page.getByTestId('chart-forms-table')).toContainText('Duopraktijk');
  await expect(page.getByTestId('at-risk-map').locator('circle').first()).toBeVisible();
  await expect(page.getByTestId('at-risk-table')).toContainText(practiceName);
  await checkPage(page);
  await screenshot(page, 'coordinator-stats');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download als CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`stats-${drenthe}.csv`);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.split('\n').length).toBeGreaterThan(5);
  expect(csv).toMatch(/atRisk|at_risk|handover/i);
});
