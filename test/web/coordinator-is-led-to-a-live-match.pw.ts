import type { Page } from '@playwright/test';
import { checkPage, expect, test } from './support';
import { logIn, suggestedPair } from './coordinator-support';

/**
 * Chooses, in the select labelled `label`, the one option naming `text`, after typing `text` into the
 * search field `search`: by what the coordinator reads, however the page finds the rows it offers.
 */
async function choose(page: Page, search: string, label: string, text: string): Promise<void> {
  await page.getByLabel(search).fill(text);
  const select = page.getByLabel(label, { exact: true });
  const option = select.locator('option', { hasText: text });
  await expect(option).toHaveCount(1);
  await select.selectOption({ label: (await option.textContent()) ?? '' });
}

test('a coordinator proposing a pair that already has a live match is led to that match', async ({
  page,
  request,
}) => {
  const tag = Date.now().toString(36);
  const practiceName = `Praktijk De Hunze ${tag}`;
  const starterName = `Joris Bos ${tag}`;
  // The worker has suggested the pair: a live match.
  const {
    regionId: drenthe,
    coordinator,
    matchId,
  } = await suggestedPair(request, 'drenthe', {
    starter: starterName,
    practice: practiceName,
    holder: 'Dokter Smit',
  });

  await logIn(page, coordinator.email, `/coordinator/regions/${drenthe}/propose`);
  await expect(page.getByRole('heading', { level: 1, name: 'Een paar voorstellen' })).toBeVisible();
  await checkPage(page);
  await choose(page, 'Zoek een starter (naam, plaats of postcode)', 'Starter', starterName);
  await choose(page, 'Zoek een praktijk (naam, plaats of postcode)', 'Praktijk', practiceName);
  await page.getByRole('button', { name: 'Voorstellen' }).click();

  // 409: the message, with a link to the match the pair already has.
  const live = page.getByRole('alert').filter({ hasText: 'Dit paar heeft al een lopende match.' });
  await expect(live).toBeVisible();
  await checkPage(page);
  await live.getByRole('link', { name: 'Naar die match' }).click();
  await expect(page).toHaveURL(new RegExp(`/coordinator/matches/${matchId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${starterName} en ${practiceName}`);
  await expect(page.getByTestId('match-status')).toHaveText('Suggestie');
  await checkPage(page);
});
