import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { HOSTILE_ROLE, HOSTILE_USERS } from '../../mocks/hostile-users';
import { axeViolations } from './a11y-support';
import { permissionsDialog, SEND_WELCOME, useApp, WAIT } from './helpers';
import { expectState } from './resilience-support';

type HostileUser = (typeof HOSTILE_USERS)[number];
const nameOf = (user: HostileUser) => user.name ?? user.email;
const [MALLORY, , RTL, , LONG] = HOSTILE_USERS as [HostileUser, HostileUser, HostileUser, HostileUser, HostileUser];

/** The box of every element that should stay inside `container`, and what sticks out. */
const overflowing = (container: Locator, selector: string) =>
  container.evaluate((element, inner) => {
    const outer = element.getBoundingClientRect();
    return [...element.querySelectorAll(inner)]
      .map((child) => ({ text: child.textContent?.slice(0, 40), box: child.getBoundingClientRect() }))
      .filter(({ box }) => box.left < outer.left - 1 || box.right > outer.right + 1)
      .map(({ text }) => text);
  }, selector);

describe('hostile names', () => {
  const openApp = useApp();

  it('render as text, never as markup, and keep the layout: users, roles, the toast and the history', async () => {
    const { page } = await openApp(`?hostile=1&permissions=${SEND_WELCOME.id}&tab=users`);
    const dialog = permissionsDialog(page);
    await dialog.getByRole('searchbox', { name: 'Search users' }).fill('hostile');
    const list = dialog.getByRole('list', { name: 'Users' });
    await dialog.getByText(`${HOSTILE_USERS.length} users`, { exact: true }).waitFor({ timeout: WAIT });

    // Each name is the exact text of its row's control: markup stays text.
    for (const user of HOSTILE_USERS) await expectState(list, nameOf(user), 'inherited (granted)');
    const injected = await page.evaluate(() => ({
      flag: (window as unknown as { __hostile?: unknown }).__hostile ?? null,
      img: document.querySelectorAll('[role="dialog"] img').length,
      script: document.querySelectorAll('[role="dialog"] script').length,
      onload: document.querySelectorAll('[onload], [onerror]').length,
      italic: document.querySelectorAll('[role="dialog"] i, [role="dialog"] b').length,
    }));
    expect(injected).toEqual({ flag: null, img: 0, script: 0, onload: 0, italic: 0 });

    // The layout holds: every row keeps its height, nothing sticks out, the icons stay in view.
    const rows = list.getByRole('listitem');
    const heights = await rows.evaluateAll((items) => items.map((item) => Math.round(item.getBoundingClientRect().height)));
    expect(new Set(heights)).toEqual(new Set([56]));
    expect(await overflowing(list, '.row, .row__name, button')).toEqual([]);
    expect(await list.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    // Right-to-left text is laid out right to left, in its own direction.
    const rtl = list.getByText(nameOf(RTL), { exact: true });
    expect(await rtl.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    expect(await axeViolations(page)).toEqual([]);

    // A change to the 500-character name: the toast and the history show it as text, in bounds.
    const long = LONG;
    expect(nameOf(long)).toHaveLength(500);
    await list.getByRole('button', { name: `${nameOf(long)}: inherited (granted)`, exact: true }).click();
    await expectState(list, nameOf(long), 'granted');
    await dialog.getByRole('button', { name: 'Undo' }).waitFor({ timeout: WAIT });
    expect(await overflowing(dialog, '.toast')).toEqual([]);
    await list.getByRole('button', { name: `${nameOf(MALLORY)}: inherited (granted)`, exact: true }).click();
    await expectState(list, nameOf(MALLORY), 'granted');
    // Screen == server for both, once the clicks' writes are sent (quick clicks wait to coalesce).
    const saved = () =>
      page.evaluate(
        async (ids) => {
          const rows = await Promise.all(
            ids.map(
              async (id) =>
                (await fetch(`/api/console/flows/fl_0001/permissions/users/${id}`)).json() as Promise<{ value: unknown }>,
            ),
          );
          return rows.map((row) => row.value);
        },
        [long.id, MALLORY.id],
      );
    await expect.poll(saved, { timeout: WAIT }).toEqual(['grant', 'grant']);

    await dialog.getByRole('tab', { name: 'HISTORY' }).click();
    const changes = dialog.getByRole('list', { name: 'Changes, newest first' });
    await expect.poll(() => changes.getByRole('listitem').count(), { timeout: WAIT }).toBe(2);
    await changes.getByText(nameOf(long), { exact: true }).waitFor({ timeout: WAIT });
    await changes.getByText(nameOf(MALLORY), { exact: true }).waitFor({ timeout: WAIT });
    expect(await overflowing(changes, 'li, time')).toEqual([]);
    expect(await page.evaluate(() => document.querySelectorAll('[role="dialog"] img').length)).toBe(0);

    // The hostile role, too.
    await dialog.getByRole('tab', { name: 'ROLES PERMISSIONS' }).click();
    await expectState(dialog, HOSTILE_ROLE.name, 'inherited (granted)');
    await dialog.getByText(HOSTILE_ROLE.description, { exact: false }).first().waitFor({ timeout: WAIT });
    expect(await page.evaluate(() => document.querySelectorAll('[role="dialog"] i, [role="dialog"] b').length)).toBe(0);
  });
});
