import { describe, expect, it } from 'vitest';
import { SEND_WELCOME, permissionsDialog, useApp, waitForRowSaved, WAIT } from './helpers';

describe('the demo tells its story', () => {
  const openApp = useApp();

  it('ACTIVITY shows a seeded week, and Try it starts the flow through the runtime API and shows the decision', async () => {
    const app = await openApp(`?permissions=${SEND_WELCOME.id}&tab=activity`);
    const { page } = app;
    const dialog = permissionsDialog(page);
    const recent = dialog.getByRole('list', { name: 'Recent activations' });
    await recent.waitFor({ timeout: WAIT });
    expect(await recent.getByRole('listitem').count()).toBeGreaterThan(5);

    const tryIt = dialog.getByRole('region', { name: 'Try it' });
    await tryIt.getByRole('radio', { name: 'Not logged in (JS SDK)' }).check();
    await tryIt.getByRole('button', { name: 'Start flow' }).click();
    const answer = tryIt.getByRole('status');
    await expect.poll(() => answer.textContent(), { timeout: WAIT }).toMatch(/^Started for Not logged in: execution \S+\.$/);
    const first = recent.getByRole('listitem').first();
    await expect.poll(() => first.textContent(), { timeout: WAIT }).toMatch(/^Started.*Not logged in via JS SDK/);

    // Deny NonAuthenticatedUser on the flow: Try it is refused, and ACTIVITY says by which rule.
    await dialog.getByRole('tab', { name: 'ROLES PERMISSIONS' }).click();
    await dialog.getByRole('button', { name: 'NonAuthenticatedUser: inherited (granted)' }).click();
    await dialog.getByRole('button', { name: 'NonAuthenticatedUser: granted' }).click();
    await dialog.getByRole('button', { name: 'NonAuthenticatedUser: denied' }).waitFor({ timeout: WAIT });
    await waitForRowSaved(app, '/roles/NonAuthenticatedUser');
    await dialog.getByRole('tab', { name: 'ACTIVITY' }).click();
    await dialog.getByRole('region', { name: 'Try it' }).getByRole('button', { name: 'Start flow' }).click();
    await expect
      .poll(() => dialog.getByRole('region', { name: 'Try it' }).getByRole('status').textContent(), { timeout: WAIT })
      .toMatch(/^Denied for Not logged in: You are not allowed to activate this flow \(403\)\.$/);
    await expect
      .poll(() => dialog.getByRole('list', { name: 'Recent activations' }).getByRole('listitem').first().textContent(), {
        timeout: WAIT,
      })
      .toMatch(/^Denied.*Not logged in via JS SDK.*denied by role NonAuthenticatedUser/);
  });

  it('the Network panel is reachable with the modal open, and Esc closes it before the modal', async () => {
    const { page } = await openApp(`?permissions=${SEND_WELCOME.id}&tab=users`);
    const dialog = permissionsDialog(page);
    await dialog.waitFor({ timeout: WAIT });

    // Not hidden from assistive technology (no includeHidden) and not covered by the overlay.
    await page.getByRole('button', { name: 'Network' }).click();
    const network = page.getByRole('dialog', { name: 'Demo network' });
    await network.waitFor({ timeout: WAIT });
    const latency = network.getByRole('textbox', { name: /Latency/ });
    await latency.fill('300');
    // The modal's focus trap lets the panel keep focus, so typing works.
    expect(await latency.evaluate((element) => element === document.activeElement)).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.get('latency'), { timeout: WAIT }).toBe('300');
    await network.getByRole('checkbox', { name: 'Offline' }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('offline'), { timeout: WAIT }).toBe('1');
    expect(await dialog.isVisible()).toBe(true);

    await page.keyboard.press('Escape');
    await network.waitFor({ state: 'hidden', timeout: WAIT });
    expect(await dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: WAIT });
  });
});
