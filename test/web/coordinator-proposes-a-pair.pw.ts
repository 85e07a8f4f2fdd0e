import { checkPage, expect, starterBody, test, verifiedAccount, publishedPractice } from './support';
import { coordinatorAccount, logIn, regionIdOf } from './coordinator-support';

test('a coordinator proposes a pair by hand that fails a hard constraint, with the reason recorded', async ({
  page,
  request,
}) => {
  const drenthe = await regionIdOf(request, 'drenthe');
  const coordinator = await coordinatorAccount(request, drenthe);
  const tag = Date.now().toString(36);
  const holder = await verifiedAccount(request, 'stopper', 'Dokter Visser');
  await publishedPractice(request, holder.token, { name: `Praktijk De Vaart ${tag}`, practiceForm: 'duo' });
  const starter = await verifiedAccount(request, 'starter', `Lotte Solo ${tag}`);
  const put = await request.put('/api/starter-profile', {
    data: starterBody({ practiceForms: ['solo'] }),
    headers: { authorization: `Bearer ${starter.token}` },
  });
  expect(put.status()).toBe(200);

  await logIn(page, coordinator.email, `/coordinator/regions/${drenthe}/propose`);
  await expect(page.getByRole('heading', { level: 1, name: 'Een paar voorstellen' })).toBeVisible();
  await checkPage(page);
  await page.getByLabel('Zoek een starter (naam, plaats of postcode)').fill(tag);
  await page
    .getByLabel('Starter', { exact: true })
    .selectOption({ label: `Lotte Solo ${tag}, Assen (9401)` });
  await page.getByLabel('Zoek een praktijk (naam, plaats of postcode)').fill(`De Vaart ${tag}`);
  await page
    .getByLabel('Praktijk', { exact: true })
    .selectOption({ label: `Praktijk De Vaart ${tag}, Assen (9401)` });
  await page.getByRole('button', { name: 'Voorstellen' }).click();

  // The failed constraint is shown; going ahead needs the reason.
  const failed = page.getByTestId('failed-constraints');
  await expect(failed).toContainText('Vorm: de starter wil deze praktijkvorm niet');
  await checkPage(page);
  await page.getByRole('button', { name: 'Toch voorstellen' }).click();
  await expect(page.getByLabel('Waarom toch (verplicht)')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Waarom toch (verplicht)').fill('Zij overweegt een duo na ons gesprek.');
  await page.getByRole('button', { name: 'Toch voorstellen' }).click();
  await expect(page).toHaveURL(/\/coordinator\/matches\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Lotte Solo ${tag}`);
  await expect(page.getByTestId('timeline')).toContainText('Zij overweegt een duo na ons gesprek.');
  await checkPage(page);
});
