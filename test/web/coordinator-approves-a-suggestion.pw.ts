import { apiLogin, checkPage, expect, linkIn, PASSWORD, screenshot, test, waitForMail } from './support';
import {
  fittingPair,
  logIn,
  inviteCoordinator,
  regionIdOf,
  tabTo,
  waitForSuggestion,
} from './coordinator-support';

test('a coordinator accepts the invitation, approves a suggestion by keyboard, both consent, an agreement is recorded', async ({
  page,
  request,
}) => {
  const drenthe = await regionIdOf(request, 'drenthe');
  // Names of its own (the suite shares one database) and the most urgent practice of the region: the
  // handover is due now and it has many patients.
  const tag = Date.now().toString(36);
  const practiceName = `Huisartsenpraktijk Het Kompas ${tag}`;
  const starterName = `Sanne de Vries ${tag}`;
  const today = new Date().toISOString().slice(0, 10);
  const { holder, starter, practiceId, starterProfileId } = await fittingPair(
    request,
    { starter: starterName, practice: practiceName, holder: 'Dokter De Boer' },
    { handoverFrom: today, listSize: 6000 },
  );
  const email = await inviteCoordinator(request, drenthe, 'Carla Coördinator');

  // The invitation mail leads to the password page, then into the workspace.
  const invitation = await waitForMail(email, /coördinator/i);
  await page.goto(linkIn(invitation, '/reset-password'));
  await checkPage(page);
  await page.getByLabel('Nieuw wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await expect(page.getByRole('status')).toContainText('U kunt nu inloggen');
  // The worker's suggestion is there before the coordinator looks (a session lives in memory, so the
  // journey navigates inside the app rather than reloading).
  const token = await apiLogin(request, email);
  const matchId = await waitForSuggestion(request, token, practiceId, starterProfileId);
  await page.getByRole('main').getByRole('link', { name: 'Inloggen' }).click();
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Suggesties' })).toBeVisible();
  await expect(page).toHaveURL(/\/coordinator$/);

  // The queue, sorted by urgency by default.
  await expect(page.getByLabel('Volgorde')).toHaveValue('urgency');
  const row = page
    .getByTestId('queue-row')
    .filter({ hasText: practiceName })
    .filter({ hasText: starterName });
  await expect(row).toContainText(starterName);
  await checkPage(page);
  await screenshot(page, 'coordinator-queue');

  // Keyboard alone: from the last filter, Tab to the first suggestion, Enter, read, Tab to Approve, Enter.
  await page.getByLabel('Regioplan', { exact: true }).focus();
  // Other journeys' starters fit this practice too: Tab until this pair's own link has the focus.
  const title = `${starterName} en ${practiceName}`;
  await tabTo(page, async () => page.evaluate((text) => document.activeElement?.textContent === text, title));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/coordinator/matches/${matchId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${starterName} en ${practiceName}`);
  const breakdown = page.getByTestId('breakdown');
  await expect(breakdown.getByRole('row')).toHaveCount(11);
  await expect(breakdown).toContainText('Afstand');
  await expect(page.getByTestId('match-urgency')).toContainText('Urgentie');
  // And why it is urgent: the four factors, the handover's date in words.
  const reasons = page.getByTestId('urgency-reasons');
  await expect(reasons.getByRole('row')).toHaveCount(5);
  await expect(reasons).toContainText('Nog geen kennismaking gaande');
  await expect(reasons).toContainText(/Overdracht per \d{1,2} [a-z]+ \d{4}/);
  await checkPage(page);
  await screenshot(page, 'coordinator-match');
  await tabTo(page, async () => page.evaluate(() => document.activeElement?.textContent === 'Goedkeuren'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('match-status')).toHaveText('Wacht op toestemming');
  await expect(page.getByTestId('timeline')).toContainText('Carla Coördinator');

  // Both parties consent through the links in their mail.
  for (const party of [starter, holder]) {
    const mail = await waitForMail(party.email, /Voorgestelde kennismaking/);
    await page.goto(linkIn(mail, '/consent'));
    await page.getByRole('button', { name: 'Ja, ik wil kennismaken' }).click();
    await expect(page.getByRole('status')).toBeVisible();
  }
  await expect(page.getByRole('status')).toContainText('allebei ja gezegd');

  // The coordinator records the agreement; the practice shows as transferred.
  await logIn(page, email, `/coordinator/matches/${matchId}`);
  await expect(page.getByTestId('match-status')).toHaveText('Kennisgemaakt');
  await page.getByLabel('Uitkomst', { exact: true }).selectOption('agreement');
  await page.getByRole('button', { name: 'Uitkomst opslaan' }).click();
  await expect(page.getByTestId('match-status')).toHaveText('Afgesloten');
  await expect(page.getByTestId('practice-status')).toHaveText('Overgedragen');
  await checkPage(page);
});
