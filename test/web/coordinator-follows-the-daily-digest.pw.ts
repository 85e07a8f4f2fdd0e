import { checkPage, expect, linkIn, PASSWORD, runCoordinatorDigest, test, waitForMail } from './support';
import { suggestedPair } from './coordinator-support';

test("a coordinator follows the daily digest's link into the workspace and finds the new suggestion", async ({
  page,
  request,
}) => {
  // Zeeland: no other journey has people there, so the digest lists this journey's suggestion alone.
  const tag = Date.now().toString(36);
  const practiceName = `Huisartsenpraktijk De Abdij ${tag}`;
  const starterName = `Femke Jansen ${tag}`;
  const { coordinator, matchId } = await suggestedPair(
    request,
    'zeeland',
    { starter: starterName, practice: practiceName, holder: 'Dokter Verhage' },
    { practice: { postcode: '4331' }, starter: { homePostcode: '4331' } },
  );

  // The morning's digest, as its schedule sends it, names the new suggestion.
  await runCoordinatorDigest();
  const digest = await waitForMail(coordinator.email, /^praktijkmatch: overzicht van /);
  expect(digest.text).toContain('Nieuwe suggesties (1)');
  expect(digest.text).toContain(`${practiceName} (Middelburg)`);

  // Its link, opened in a browser without a session: log in first, then the page the link names.
  const link = linkIn(digest, '/coordinator');
  expect(new URL(link).pathname).toBe('/coordinator');
  await page.goto(link);
  await expect(page).toHaveURL(/\/login\?next=%2Fcoordinator$/);
  await checkPage(page);
  await page.getByLabel('E-mailadres').fill(coordinator.email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();

  // The queue, by urgency, with the digest's suggestion in it.
  await expect(page).toHaveURL(/\/coordinator$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Suggesties' })).toBeVisible();
  await expect(page.getByLabel('Volgorde')).toHaveValue('urgency');
  const row = page
    .getByTestId('queue-row')
    .filter({ hasText: practiceName })
    .filter({ hasText: starterName });
  await expect(row).toHaveCount(1);
  await checkPage(page);

  // And the row opens that suggestion.
  await row.getByRole('link', { name: `${starterName} en ${practiceName}` }).click();
  await expect(page).toHaveURL(new RegExp(`/coordinator/matches/${matchId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${starterName} en ${practiceName}`);
  // The explanation's dates are written as a Dutch reader reads them, not as the API's ISO dates.
  const breakdown = page.getByTestId('breakdown');
  const availableFrom = new Date().toISOString().slice(0, 10);
  const inWords = new Intl.DateTimeFormat('nl-NL', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${availableFrom}T00:00:00Z`));
  await expect(breakdown).toContainText(`Beschikbaar vanaf ${inWords}`);
  await expect(breakdown).not.toContainText(/\d{4}-\d{2}-\d{2}/);
  await checkPage(page);
});
