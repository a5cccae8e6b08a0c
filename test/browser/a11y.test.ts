import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { focusedName, permissionsDialog, SEND_WELCOME, useApp, WAIT } from './helpers';
import { axeViolations } from './a11y-support';
import { expectState, toggleOf, waitUntilSaved } from './resilience-support';

/** Waits until the animations of a view are over (axe reads colours as they are painted); endless ones (spinners) never are. */
const settle = (page: Page) =>
  page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every((animation) => animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity),
    undefined,
    { timeout: WAIT },
  );

describe('accessibility', () => {
  const openApp = useApp();

  it('axe finds no WCAG A/AA violation on the list, both tabs with rows, the history, and the notices', async () => {
    const { page } = await openApp();
    await page.getByRole('listitem').filter({ hasText: SEND_WELCOME.name }).first().waitFor({ timeout: WAIT });
    await settle(page);
    expect(await axeViolations(page), 'the flow list').toEqual([]);

    await page.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` }).click();
    const dialog = permissionsDialog(page);
    await dialog.getByRole('list', { name: 'Users' }).getByRole('listitem').first().waitFor({ timeout: WAIT });
    await settle(page);
    expect(await axeViolations(page), 'USER PERMISSIONS').toEqual([]);

    await dialog.getByRole('tab', { name: 'ROLES PERMISSIONS' }).click();
    await expectState(dialog, 'Auditor', 'inherited (granted)');
    await settle(page);
    expect(await axeViolations(page), 'ROLES PERMISSIONS').toEqual([]);

    // A change: the row is saving, the toast offers Undo.
    await toggleOf(dialog, 'Auditor').click();
    await dialog.getByRole('button', { name: 'Undo' }).waitFor({ timeout: WAIT });
    await settle(page);
    expect(await axeViolations(page), 'after a change, with the Undo toast').toEqual([]);
    // Saved before the next scenario, which would make the other administrator's edit beat it too.
    await waitUntilSaved(dialog);

    // A conflict with another administrator, and a failed save. An edit made before the click would reach
    // the page live (no conflict); `anotherAdmin=1` makes the other administrator's edit beat this write.
    const setScenario = (name: string, value: string | null) =>
      page.evaluate(
        ([key, to]) => {
          const url = new URL(window.location.href);
          if (to === null) url.searchParams.delete(key ?? '');
          else url.searchParams.set(key ?? '', to);
          window.history.replaceState(window.history.state, '', url);
        },
        [name, value] as const,
      );
    await setScenario('anotherAdmin', '1');
    await toggleOf(dialog, 'Sales').click();
    await dialog.getByRole('button', { name: /^Apply mine/ }).waitFor({ timeout: WAIT });
    await setScenario('anotherAdmin', null);
    await page.evaluate(() => {
      const url = new URL(window.location.href);
      url.searchParams.set('failRate', '1');
      window.history.replaceState(window.history.state, '', url);
    });
    await toggleOf(dialog, 'Finance').click();
    await dialog.getByRole('alert').filter({ hasText: 'Could not save Finance' }).waitFor({ timeout: WAIT });
    await settle(page);
    expect(await axeViolations(page), 'with a conflict notice and a failure alert').toEqual([]);

    await dialog.getByRole('tab', { name: 'HISTORY' }).click();
    await dialog.getByRole('list', { name: 'Changes, newest first' }).getByRole('listitem').first().waitFor({ timeout: WAIT });
    await settle(page);
    expect(await axeViolations(page), 'HISTORY').toEqual([]);
  });

  it('a complete keyboard path: list → icons → modal → tabs → rows → history and back', async () => {
    const { page } = await openApp();
    await page.getByRole('listitem').filter({ hasText: SEND_WELCOME.name }).first().waitFor({ timeout: WAIT });
    const lock = `Permissions for ${SEND_WELCOME.name}`;

    // From the top of the page, Tab reaches the flow's (hidden until focused) Permissions icon.
    await tabUntil(page, lock, 40);
    await page.keyboard.press('Enter');
    const dialog = permissionsDialog(page);
    await dialog.waitFor({ timeout: WAIT });

    // Into the tabs, then into the users: search field, then a row's icon; Space cycles it.
    await tabUntil(page, 'USER PERMISSIONS', 10);
    await tabUntil(page, 'Search users', 5);
    await page.keyboard.type('Yara Haddad');
    await dialog.getByText('1 user', { exact: true }).waitFor({ timeout: WAIT });
    // Past the filters, the sort, "Select all matching" and the row's checkbox.
    await tabUntil(page, 'Yara Haddad: inherited (granted)', 8);
    await page.keyboard.press('Space');
    await expectState(dialog, 'Yara Haddad', 'granted');
    expect(await focusedName(page)).toBe('Yara Haddad: granted');

    // Back to the tabs; arrows move between them; the roles' icons are reachable the same way.
    await shiftTabUntil(page, 'USER PERMISSIONS', 10);
    await moveUntil(page, 'ArrowRight', 'ROLES PERMISSIONS', 1);
    await dialog.getByRole('region', { name: 'System roles' }).waitFor({ timeout: WAIT });
    // Past "Search roles" and the custom roles, listed first.
    await tabUntil(page, 'NonAuthenticatedUser: inherited (granted)', 12);
    await page.keyboard.press('Enter');
    await expectState(dialog, 'NonAuthenticatedUser', 'granted');

    // The history lists both changes, newest first, and its pages are reachable.
    await shiftTabUntil(page, 'ROLES PERMISSIONS', 16);
    await moveUntil(page, 'ArrowRight', 'HISTORY', 3);
    const changes = dialog.getByRole('list', { name: 'Changes, newest first' }).getByRole('listitem');
    await expect.poll(() => changes.count(), { timeout: WAIT }).toBe(2);
    expect(await changes.first().textContent()).toMatch(/^NonAuthenticatedUser.*changed from inherited\W* to granted/);
    await tabUntil(page, 'History of changes', 5);

    // Esc closes the modal and gives focus back to the lock.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    await expect.poll(() => focusedName(page), { timeout: WAIT }).toBe(lock);
  });
});

async function tabUntil(page: Page, name: string, limit: number) {
  await moveUntil(page, 'Tab', name, limit);
}

async function shiftTabUntil(page: Page, name: string, limit: number) {
  await moveUntil(page, 'Shift+Tab', name, limit);
}

/** Presses `key` until the focused element is named `name`; fails after `limit` presses. */
async function moveUntil(page: Page, key: string, name: string, limit: number) {
  const seen: (string | null)[] = [];
  for (let press = 0; press < limit; press += 1) {
    const before = await focusedName(page);
    await page.keyboard.press(key);
    // Arrow keys move between tabs a moment later (Radix moves focus in a timeout): wait for it.
    if (key.startsWith('Arrow')) await expect.poll(() => focusedName(page), { timeout: WAIT }).not.toBe(before);
    const focused = await focusedName(page);
    if (focused === name) return;
    seen.push(focused);
  }
  throw new Error(`${key} did not reach "${name}" in ${limit} presses; it went through: ${seen.join(' → ')}`);
}
