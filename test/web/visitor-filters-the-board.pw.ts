import { checkPage, expect, publishedPractice, screenshot, test, verifiedAccount } from './support';

// Other journeys publish practices too: this one counts only its own, by a word in their description.
const MARK = `kenmerk${Date.now().toString(36)}`;

test.describe('a visitor filters the board by region and distance and opens a vacancy', () => {
  test.beforeAll(async ({ request }) => {
    const holder = await verifiedAccount(request, 'stopper', 'Dokter Visser');
    // Assen (Drenthe), Emmen (Drenthe, some 45 km away) and Groningen (another region).
    await publishedPractice(request, holder.token, {
      postcode: '9401',
      description: `Duopraktijk in Assen. ${MARK}`,
    });
    await publishedPractice(request, holder.token, {
      postcode: '7811',
      practiceForm: 'solo',
      gpCount: 1,
      description: `Solopraktijk in Emmen. ${MARK}`,
    });
    await publishedPractice(request, holder.token, {
      postcode: '9711',
      practiceForm: 'group',
      gpCount: 3,
      description: `Groepspraktijk in Groningen. ${MARK}`,
    });
  });

  test('the home page leads to the board, filters stay in the URL, a vacancy opens', async ({ page }) => {
    await page.goto('/');
    await checkPage(page);
    await screenshot(page, 'home');

    // The region's page: its public numbers and the map of its vacancies, with the same data as a table.
    await page.getByRole('region', { name: 'Regio’s' }).getByRole('link', { name: 'Drenthe' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Drenthe' })).toBeVisible();
    await expect(page.getByRole('img', { name: 'Vacatures per plaats in Drenthe' })).toBeVisible();
    const places = page.getByRole('table', { name: 'Vacatures per plaats in Drenthe' });
    await expect(places).toContainText('Assen');
    await expect(places).toContainText('Emmen');
    await checkPage(page);
    await screenshot(page, 'region');
    await page.getByRole('link', { name: 'praktijkmatch' }).click();

    await page.getByRole('link', { name: 'Bekijk de vacatures' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Vacatures' })).toBeVisible();
    await expect(page.getByTestId('vacancy-list').getByRole('article').filter({ hasText: MARK })).toHaveCount(
      3,
    );
    await checkPage(page);

    await page.getByLabel('Regio').selectOption({ label: 'Drenthe' });
    await page.getByRole('button', { name: 'Toon vacatures' }).click();
    await expect(page).toHaveURL(/regionId=/);
    await expect(page.getByTestId('vacancy-list').getByRole('article').filter({ hasText: MARK })).toHaveCount(
      2,
    );
    await expect(page.getByText(`Groepspraktijk in Groningen. ${MARK}`)).toHaveCount(0);

    await page.getByLabel('Postcode (4 cijfers)').fill('9401');
    await page.getByLabel('Binnen (km)').fill('20');
    await page.getByRole('button', { name: 'Toon vacatures' }).click();
    await expect(page).toHaveURL(/near=9401/);
    await expect(page).toHaveURL(/withinKm=20/);
    const cards = page.getByTestId('vacancy-list').getByRole('article').filter({ hasText: MARK });
    await expect(cards).toHaveCount(1);
    await expect(cards.first()).toContainText('Duopraktijk in Assen');
    await expect(cards.first()).toContainText('Afstand');
    await checkPage(page);
    await screenshot(page, 'board');

    // The filtered board survives a reload: it lives in the URL.
    await page.reload();
    await expect(page.getByTestId('vacancy-list').getByRole('article').filter({ hasText: MARK })).toHaveCount(
      1,
    );
    await expect(page.getByLabel('Postcode (4 cijfers)')).toHaveValue('9401');

    await cards.first().getByRole('link').click();
    await expect(page).toHaveURL(/\/vacancies\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Vacature' })).toBeVisible();
    await expect(page.getByText('Duopraktijk in het centrum', { exact: false })).toHaveCount(0);
    await expect(page.getByText(`Duopraktijk in Assen. ${MARK}`)).toBeVisible();
    // Anonymous: no practice name, no address.
    await expect(page.getByText('De Linde')).toHaveCount(0);
    await expect(page.getByText('Lindelaan')).toHaveCount(0);
    await expect(
      page.getByRole('link', { name: 'Registreer om een kennismaking aan te vragen' }),
    ).toBeVisible();
    await checkPage(page);
    await screenshot(page, 'vacancy');
  });

  test('a vacancy link from a mail opens directly, and an unknown one says so', async ({ page }) => {
    await page.goto('/vacancies');
    const href = await page.getByTestId('vacancy-list').getByRole('link').first().getAttribute('href');
    await page.goto(href ?? '/');
    await expect(page.getByRole('article')).toBeVisible();
    await page.goto('/vacancies/00000000-0000-4000-8000-000000000000');
    await expect(page.getByRole('alert')).toContainText('bestaat niet');
    await checkPage(page);
  });
});
