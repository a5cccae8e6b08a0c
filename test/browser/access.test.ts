import { describe, expect, it } from 'vitest';
import { SEND_WELCOME, permissionsDialog, useApp, waitForRowSaved, WAIT } from './helpers';

describe('enforcement, seen from the console', () => {
  const openApp = useApp();

  it('denying NonAuthenticatedUser refuses an anonymous activation from the page, and Recent activations shows it', async () => {
    const app = await openApp(`?permissions=${SEND_WELCOME.id}&tab=roles`);
    const { page } = app;
    const dialog = permissionsDialog(page);
    await dialog.getByRole('button', { name: 'NonAuthenticatedUser: inherited (granted)' }).click();
    await dialog.getByRole('button', { name: 'NonAuthenticatedUser: granted' }).click();
    await dialog.getByRole('button', { name: 'NonAuthenticatedUser: denied' }).waitFor({ timeout: WAIT });
    await waitForRowSaved(app, '/roles/NonAuthenticatedUser');

    // A browser app with nobody logged in, calling the runtime API as the SDK does.
    const answer = await page.evaluate(async (name) => {
      const response = await fetch('/api/automation/flow/activate-by-name', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, initialData: {} }),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    }, SEND_WELCOME.name);
    expect(answer).toEqual({ status: 403, body: { code: 4031, message: expect.any(String) } });

    await dialog.getByRole('tab', { name: 'ACTIVITY' }).click();
    const recent = dialog.getByRole('list', { name: 'Recent activations' });
    await recent.waitFor({ timeout: WAIT });
    const first = recent.getByRole('listitem').first();
    await expect
      .poll(() => first.textContent(), { timeout: WAIT })
      .toMatch(/^Denied.*Not logged in via REST API.*denied by role NonAuthenticatedUser/);

    // And Check access says the same for that caller.
    await dialog.getByRole('tab', { name: 'CHECK ACCESS' }).click();
    await dialog.getByText('Cannot start this flow').waitFor({ timeout: WAIT });
  });
});
