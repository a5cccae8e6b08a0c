import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { permissionsDialog, SEND_WELCOME, useApp, WAIT, waitForSaves } from './helpers';

interface Matched {
  id: string;
  value: string | null;
}

/** What the demo's backend holds, asked from the page (through its service worker). */
const matching = (page: Page, flowId: string, query: string) =>
  page.evaluate(
    async ([flowId, query]) =>
      (
        (await (await fetch(`/api/console/flows/${flowId}/permissions/users-matching?${query}`)).json()) as {
          items: Matched[];
          total: number;
        }
      ).items,
    [flowId, query] as const,
  );

describe('bulk changes', () => {
  const openApp = useApp();

  it('denies every user matching a surname in one request, on screen or not, and one Undo restores them', async () => {
    const app = await openApp(`?permissions=${SEND_WELCOME.id}&tab=users`);
    const { page } = app;
    const dialog = permissionsDialog(page);
    const before = await matching(page, SEND_WELCOME.id, 'search=Costa');
    await dialog.getByRole('searchbox', { name: 'Search users' }).fill('Costa');
    await dialog.getByText(`${before.length} users`, { exact: true }).waitFor({ timeout: WAIT });
    expect(await dialog.getByRole('list', { name: 'Users' }).getByRole('listitem').count()).toBeLessThanOrEqual(before.length);

    await dialog.getByRole('checkbox', { name: 'Select all matching' }).check();
    const toolbar = dialog.getByRole('toolbar', { name: 'Bulk changes' });
    await toolbar.getByText(`${before.length} users selected`).waitFor({ timeout: WAIT });
    const toDeny = before.filter((row) => row.value !== 'deny').length;
    await toolbar.getByRole('button', { name: `Deny selected · ${toDeny} to change` }).click();
    // Previewed first (the impact dialog over the modal), then confirmed with the button that names it.
    const preview = page.getByRole('alertdialog', { name: `Deny ${toDeny} users on this flow?` });
    await preview.getByRole('list', { name: 'Impact' }).waitFor({ timeout: WAIT });
    await preview.getByRole('button', { name: `Deny ${toDeny} users` }).click();

    await expect
      .poll(async () => (await matching(page, SEND_WELCOME.id, 'search=Costa')).every((row) => row.value === 'deny'), {
        timeout: WAIT,
      })
      .toBe(true);
    // One request (recorded once its answer is read, which can be after the backend holds the change).
    await waitForSaves(app, '/permissions/batch', 1);

    await dialog.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(async () => (await matching(page, SEND_WELCOME.id, 'search=Costa')).map((row) => row.value), { timeout: WAIT })
      .toEqual(before.map((row) => row.value));
  });

  it('copies another flow after showing the differences', async () => {
    const { page } = await openApp(`?permissions=${SEND_WELCOME.id}&tab=roles`);
    const dialog = permissionsDialog(page);
    await dialog.getByRole('button', { name: 'Copy from another flow' }).click();
    const panel = dialog.getByRole('group', { name: 'Copy from another flow' });
    await panel.getByRole('combobox', { name: 'Copy from' }).selectOption({ label: 'Sync CRM Contacts' });
    const summary = panel.getByRole('status').filter({ hasText: /changes?: \d+ added, \d+ changed, \d+ removed\./ });
    await summary.waitFor({ timeout: WAIT });
    const total = Number(/^(\d+)/.exec((await summary.textContent()) ?? '')?.[1]);
    await panel.getByRole('button', { name: `Apply ${total} ${total === 1 ? 'change' : 'changes'}` }).click();

    const explicit = (flowId: string) =>
      page.evaluate(async (flowId) => {
        const users = (await (await fetch(`/api/console/flows/${flowId}/permissions/users-matching?only=explicit`)).json()) as {
          items: { id: string; value: string }[];
        };
        const roles = (await (await fetch(`/api/console/flows/${flowId}/permissions/roles`)).json()) as {
          items: { name: string; value: string | null }[];
        };
        return [
          ...users.items.map((user) => `user:${user.id}=${user.value}`),
          ...roles.items.filter((role) => role.value).map((role) => `role:${role.name}=${role.value}`),
        ].sort();
      }, flowId);
    const source = await explicit('fl_0003');
    await expect.poll(() => explicit(SEND_WELCOME.id), { timeout: WAIT }).toEqual(source);
    // The roles tab shows the copied values.
    await dialog.getByRole('button', { name: /^Manager: / }).waitFor({ timeout: WAIT });
  });
});
