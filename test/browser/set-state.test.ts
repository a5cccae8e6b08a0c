import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { permissionsDialog, SEND_WELCOME, useApp, WAIT, waitForRowSaved } from './helpers';

/** The History tab's entries for one principal, as their text. */
async function historyOf(page: Page, principal: string): Promise<string[]> {
  const dialog = permissionsDialog(page);
  await dialog.getByRole('tab', { name: 'HISTORY' }).click();
  const list = dialog.getByRole('list', { name: 'Changes, newest first' });
  await list.waitFor({ timeout: WAIT });
  return list.getByRole('listitem').filter({ hasText: principal }).allTextContents();
}

describe('setting a state directly', () => {
  const openApp = useApp();

  it('right-click on an inherited role → Deny stores denied, one History entry', async () => {
    const app = await openApp(`?permissions=${SEND_WELCOME.id}&tab=roles`);
    const { page } = app;
    const dialog = permissionsDialog(page);
    const icon = dialog.getByRole('button', { name: 'NonAuthenticatedUser: inherited (granted)', exact: true });
    await icon.click({ button: 'right' });
    const menu = page.getByRole('menu', { name: 'Set NonAuthenticatedUser' });
    await menu.waitFor({ timeout: WAIT });
    expect(await menu.getByRole('menuitemradio').allTextContents()).toEqual(['✓InheritI', 'GrantG', 'DenyD']);
    expect(await menu.getByRole('menuitemradio', { name: 'Inherit' }).getAttribute('aria-checked')).toBe('true');
    await menu.getByRole('menuitemradio', { name: 'Deny' }).click();

    const denied = dialog.getByRole('button', { name: 'NonAuthenticatedUser: denied', exact: true });
    await denied.waitFor({ timeout: WAIT });
    await expect.poll(() => denied.evaluate((element) => element === document.activeElement)).toBe(true);
    await waitForRowSaved(app, '/roles/NonAuthenticatedUser');
    const entries = await historyOf(page, 'NonAuthenticatedUser');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/changed from\s*inherited.*to\s*denied/i);
  });

  it('a double click from inherited stores denied alone: one write, one History entry', async () => {
    const app = await openApp(`?permissions=${SEND_WELCOME.id}&tab=roles`);
    const { page } = app;
    const dialog = permissionsDialog(page);
    const icon = dialog.getByRole('button', { name: 'Auditor: inherited (granted)', exact: true });
    await icon.dblclick();
    await dialog.getByRole('button', { name: 'Auditor: denied', exact: true }).waitFor({ timeout: WAIT });
    await waitForRowSaved(app, '/roles/Auditor');
    expect(app.writes.filter((write) => write.path.endsWith('/roles/Auditor'))).toHaveLength(1);
    const entries = await historyOf(page, 'Auditor');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/changed from\s*inherited.*to\s*denied/i);
  });
});
