import { ADMIN, apiLogin, checkPage, expect, screenshot, test, uniqueEmail, waitForMail } from './support';
import { logIn, smtpRefuses } from './coordinator-support';

test('an admin invites a coordinator, changes a weight (a new version), retries a failed mail and filters the audit log', async ({
  page,
  request,
}) => {
  const email = uniqueEmail('invited');
  await smtpRefuses(email, true);

  await logIn(page, ADMIN.email, '/admin', ADMIN.password);
  await expect(page.getByRole('heading', { level: 1, name: 'Beheer' })).toBeVisible();
  await checkPage(page);

  // Invite a coordinator of Drenthe; the SMTP server refuses their mail for now.
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Naam', { exact: true }).fill('Ilse Uitgenodigd');
  await page.getByRole('group', { name: 'Regio’s', exact: true }).getByLabel('Drenthe').check();
  await page.getByRole('button', { name: 'Uitnodiging versturen' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `Uitnodiging verstuurd naar ${email}` }),
  ).toBeVisible();
  await expect(page.getByTestId('coordinators')).toContainText('Ilse Uitgenodigd');

  // A new version of the weights.
  const version = page.getByTestId('weights-version');
  const before = Number(/(\d+)/.exec((await version.textContent()) ?? '')?.[1]);
  const distance = page.getByLabel('Afstand', { exact: true });
  await distance.fill(String(Number(await distance.inputValue()) + 1));
  await page.getByRole('button', { name: 'Nieuwe versie opslaan' }).click();
  await expect(version).toHaveText(`Huidige versie: ${before + 1}`);
  // The history lists it first, with who saved it and what changed.
  const newest = page.getByTestId('weight-versions').locator('tbody tr').first();
  await expect(newest.locator('th')).toHaveText(String(before + 1));
  await expect(newest).toContainText('Afstand');
  await expect(newest).toContainText('→');
  // A full rescoring on request, followed until the worker is done.
  await page.getByRole('button', { name: 'Alles opnieuw berekenen' }).click();
  await expect(page.getByTestId('rescore-status')).toContainText('Klaar', { timeout: 30_000 });
  // Its progress as a bar with its number, full once done.
  const progress = page.getByRole('progressbar', { name: 'Voortgang van de herberekening' });
  await expect(progress).toHaveAttribute('value', '100');
  await expect(page.getByTestId('rescore-percent')).toHaveText('100%');
  await screenshot(page, 'admin-console');

  // The invitation ends as failed; once the server accepts again, the admin sends it again.
  const token = await apiLogin(request, ADMIN.email, ADMIN.password);
  await expect
    .poll(
      async () => {
        const res = await request.get('/api/admin/outbox?status=failed&pageSize=100', {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await res.json()) as { items: Array<{ template: string }> };
        return body.items.some((m) => m.template === 'coordinator-invitation');
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await page.reload();
  const failed = page.getByTestId('failed-mail');
  await expect(failed).toContainText('coordinator-invitation');
  await checkPage(page);
  await smtpRefuses(email, false);
  await failed
    .getByRole('row')
    .filter({ hasText: 'coordinator-invitation' })
    .first()
    .getByRole('button', { name: 'Opnieuw versturen' })
    .click();
  await expect(page.getByRole('status').filter({ hasText: 'Staat weer in de wachtrij.' })).toBeVisible();
  await waitForMail(email, /coördinator/i, 30_000);

  // The audit log, filtered by action.
  await page.getByLabel('Handeling').fill('scoring.weights_changed');
  await page.getByRole('button', { name: 'Filteren' }).click();
  const audit = page.getByTestId('audit');
  await expect(audit.locator('tbody tr').first()).toContainText('scoring.weights_changed');
  await expect(audit).not.toContainText('coordinator.invited');
  await checkPage(page);
});
