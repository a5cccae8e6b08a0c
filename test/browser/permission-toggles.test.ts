import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { descriptionOf, permissionsDialog, SEND_WELCOME, useApp, WAIT, waitForRowSaved, waitForSaves } from './helpers';

const STATES = ['granted', 'denied', 'inherited (granted)', 'inherited (denied)'] as const;
type State = (typeof STATES)[number];

/** The state control of a principal's row, whatever its state. */
const toggleOf = (scope: Page | Locator, principal: string) =>
  scope.getByRole('button', { name: new RegExp(`^${principal}: (${STATES.map(escape).join('|')})$`) });

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Waits until the principal's control is named exactly `<principal>: <state>`. */
const expectState = (scope: Page | Locator, principal: string, state: State) =>
  scope.getByRole('button', { name: `${principal}: ${state}`, exact: true }).waitFor({ timeout: WAIT });

/** What the modal announced politely (its status regions). */
const announced = (page: Page) => permissionsDialog(page).getByRole('status').allTextContents();

/**
 * The row of the user with this email (names are not unique in the demo data), scrolling the
 * virtualized list with the mouse wheel until it is rendered.
 */
async function scrollToUser(page: Page, list: Locator, email: string): Promise<Locator> {
  const row = list.getByRole('listitem').filter({ hasText: email }).first();
  await list.waitFor({ timeout: WAIT });
  // The wheel scrolls down only: start from the top unless the row is on screen already.
  if ((await row.count()) === 0) await list.evaluate((element) => element.parentElement?.scrollTo(0, 0));
  await expect
    .poll(
      async () => {
        if ((await row.count()) > 0) return true;
        const box = await list.boundingBox();
        if (box) await page.mouse.move(box.x + 40, Math.min(box.y + 40, 500));
        await page.mouse.wheel(0, 240);
        return false;
      },
      { timeout: WAIT, interval: 100, message: `row of ${email}` },
    )
    .toBe(true);
  await row.scrollIntoViewIfNeeded({ timeout: WAIT });
  return row;
}

async function openUsersTab(page: Page, search: string) {
  const dialog = permissionsDialog(page);
  const field = dialog.getByRole('searchbox', { name: 'Search users' });
  await field.fill(search);
  await dialog.getByRole('listitem').first().waitFor({ timeout: WAIT });
  return dialog.getByRole('list', { name: 'Users' });
}

describe('permission toggles', () => {
  const openApp = useApp();

  it('cycles a role inherited → granted → denied → inherited, saves, and keeps it after reload', async () => {
    const app = await openApp(`?permissions=${SEND_WELCOME.id}&tab=roles`);
    const { page } = app;
    const dialog = permissionsDialog(page);
    const role = 'NonAuthenticatedUser';
    await expectState(dialog, role, 'inherited (granted)');
    const toggle = toggleOf(dialog, role);

    await toggle.click();
    await expectState(dialog, role, 'granted');
    await expect.poll(() => announced(page)).toContain(`${role}: granted`);
    await toggle.click();
    await expectState(dialog, role, 'denied');
    await toggle.click();
    await expectState(dialog, role, 'inherited (granted)');

    await toggle.click();
    await expectState(dialog, role, 'granted');
    // The row showed each value at once; wait for what the clicks came to to be saved.
    await waitForRowSaved(app, `/roles/${role}`);
    // The last write wins, also once the answers to the earlier ones came in.
    await expectState(dialog, role, 'granted');

    await page.reload();
    await expectState(permissionsDialog(page), role, 'granted');
    // Other rows did not move: Contractor is still denied, Manager granted.
    await expectState(permissionsDialog(page), 'Contractor', 'denied');
    await expectState(permissionsDialog(page), 'Manager', 'granted');
  });

  it('keeps the last of quick clicks, on screen and once saved', async () => {
    const app = await openApp(`?permissions=${SEND_WELCOME.id}&tab=roles`);
    const { page } = app;
    const dialog = permissionsDialog(page);
    const role = 'Auditor';
    await expectState(dialog, role, 'inherited (granted)');
    // Five clicks without waiting: granted, denied, inherited, granted, denied.
    const toggle = toggleOf(dialog, role);
    for (let click = 0; click < 5; click += 1) await toggle.click({ delay: 0 });
    await expectState(dialog, role, 'denied');
    await waitForRowSaved(app, `/roles/${role}`);
    await expectState(dialog, role, 'denied');

    await page.reload();
    await expectState(permissionsDialog(page), role, 'denied');
  });

  it("keeps a click's change inside its row: nothing animates, the row holds its size, layout and paint", async () => {
    const app = await openApp(`?permissions=${SEND_WELCOME.id}`);
    const { page } = app;
    const list = permissionsDialog(page).getByRole('list', { name: 'Users' });
    const rows = list.getByRole('listitem');
    await rows.first().getByRole('button', { name: /: / }).waitFor({ timeout: WAIT });
    // A transition started by the pointer (a row's hover) runs through the frames of the click after it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { transitions: string[] }).transitions = seen;
      document.addEventListener('transitionrun', (event) => seen.push((event.target as Element).className), true);
      // The pointer rests on the icon while its path changes: it must not cross from one element to another.
      const crossed: string[] = [];
      (window as unknown as { crossed: string[] }).crossed = crossed;
      let clicked = false;
      document.addEventListener('click', () => (clicked = true), true);
      for (const type of ['pointerover', 'pointerout'])
        document.addEventListener(
          type,
          (event) => clicked && crossed.push(`${type} ${(event.target as Element).nodeName}`),
          true,
        );
    });
    const second = rows.nth(1);
    await rows.first().hover();
    await second.hover();
    const toggle = second.getByRole('button', { name: /: / });
    const before = await toggle.getAttribute('aria-label');
    await toggle.click();
    await page.waitForFunction(([name]) => document.querySelector(`[aria-label="${name}"]`) === null, [before] as const, {
      timeout: WAIT,
    });
    expect(await page.evaluate(() => (window as unknown as { transitions: string[] }).transitions)).toEqual([]);
    // The frame after the change hit-tests the pointer again; the icon is no target of its own, so the
    // button stays under it and no pointerout/pointerover (each through React's root listener) follows.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await page.evaluate(() => (window as unknown as { crossed: string[] }).crossed)).toEqual([]);
    // What is under the pointer in the middle of the icon is the button itself.
    expect(
      await toggle.evaluate((button) => {
        const box = button.getBoundingClientRect();
        return document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === button;
      }),
    ).toBe(true);
    // Each row is a box of its own: a change inside it restyles, lays out and repaints it alone…
    const boxes = await rows.evaluateAll((elements) =>
      elements.map((row) => {
        const box = row.getBoundingClientRect();
        const outside = [...row.querySelectorAll('*')].filter((child) => {
          const inner = child.getBoundingClientRect();
          return (
            inner.width > 0 &&
            (inner.top < box.top || inner.bottom > box.bottom || inner.left < box.left || inner.right > box.right)
          );
        });
        return { contain: getComputedStyle(row).contain, outside: outside.map((child) => child.className) };
      }),
    );
    expect(boxes.length).toBeGreaterThan(5);
    // …and nothing in it reaches outside (paint containment would cut it off).
    for (const box of boxes) expect(box).toEqual({ contain: 'strict', outside: [] });
    await expect.poll(() => app.writes.filter((write) => write.path.includes('/users/')).length, { timeout: WAIT }).toBe(1);
    await expect.poll(() => page.locator('.save-state').count(), { timeout: WAIT }).toBe(0);
  });

  it('shows a press by its paint alone: no transform, which would give every click a new layer tree', async () => {
    const { page } = await openApp(`?permissions=${SEND_WELCOME.id}`);
    const toggle = permissionsDialog(page).getByRole('list', { name: 'Users' }).getByRole('button', { name: /: / }).first();
    await toggle.waitFor({ timeout: WAIT });
    const press = () =>
      toggle.evaluate((button) => ({
        transform: getComputedStyle(button).transform,
        shadow: getComputedStyle(button).boxShadow,
      }));
    const resting = await press();
    const box = await toggle.boundingBox();
    if (!box) throw new Error('The toggle is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    const pressed = await press();
    await page.mouse.up();
    // Pressed, the button shows it…
    expect(pressed.shadow).not.toBe(resting.shadow);
    // …by a change of paint: a transform would add a node to the page's property trees on the press and
    // take it away on the release, and the compositor would lay out its layers again in both frames.
    expect([resting.transform, pressed.transform]).toEqual(['none', 'none']);
  });

  it('cycles a user found with "Search users", saves, and keeps it after reload', async () => {
    const app = await openApp();
    const { page } = app;
    await page.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` }).click();
    const user = 'Yara Haddad';
    const list = await openUsersTab(page, 'Yara');
    // The search finds many Yaras; narrow it to one.
    await expect.poll(() => list.getByRole('listitem').count()).toBeGreaterThan(5);
    await openUsersTab(page, user);
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
    await permissionsDialog(page).getByText('1 user', { exact: true }).waitFor({ timeout: WAIT });

    await expectState(list, user, 'inherited (granted)');
    const toggle = toggleOf(list, user);
    await toggle.click();
    await expectState(list, user, 'granted');
    await expect.poll(() => announced(page)).toContain(`${user}: granted`);
    await toggle.click();
    await expectState(list, user, 'denied');
    await toggle.click();
    await expectState(list, user, 'inherited (granted)');

    await toggle.click();
    await expectState(list, user, 'granted');
    await waitForRowSaved(app, '/users/u_000280');
    await expectState(list, user, 'granted');

    await page.reload();
    const after = await openUsersTab(page, user);
    await expectState(after, user, 'granted');
  });

  it('names a user without a name by their email', async () => {
    const { page } = await openApp(`?permissions=${SEND_WELCOME.id}`);
    const list = await openUsersTab(page, 'priya.costa@'); // u_000040 signed up without a name
    await expectState(list, 'priya.costa@initech.co', 'inherited (granted)');
    await toggleOf(list, 'priya.costa@initech.co').click();
    await expectState(list, 'priya.costa@initech.co', 'granted');
  });

  it('shows a user in a denied role as inherited (denied), naming the role in the tooltip', async () => {
    const { page } = await openApp();
    await page.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` }).click();
    const dialog = permissionsDialog(page);
    const list = dialog.getByRole('list', { name: 'Users' });
    // Found by scrolling, not by search. Tariq Nguyen (u_000008) is in roles Manager (granted) and
    // Contractor (denied) on this flow: within a level, deny wins.
    const row = await scrollToUser(page, list, 'tariq.nguyen@northwind.com');
    expect(await row.getByText('Manager', { exact: true }).count()).toBe(1);
    expect(await row.getByText('Contractor', { exact: true }).count()).toBe(1);
    const toggle = row.getByRole('button', { name: 'Tariq Nguyen: inherited (denied)', exact: true });
    await toggle.waitFor({ timeout: WAIT });

    await toggle.hover();
    const tooltip = page.getByRole('tooltip').filter({ hasText: 'Contractor' }).first();
    await tooltip.waitFor({ timeout: WAIT });
    expect(await tooltip.textContent()).toMatch(/denied by role Contractor/);
    expect(await descriptionOf(toggle)).toContain('Contractor');

    // Keyboard focus shows it too.
    // Move the pointer away as a hand does, in several steps (Radix keeps a tooltip open while the
    // pointer may be heading for it, and decides on the next move).
    const search = await dialog.getByRole('searchbox', { name: 'Search users' }).boundingBox();
    if (!search) throw new Error('no search field');
    await page.mouse.move(search.x + 20, search.y + search.height / 2, { steps: 8 });
    await page.mouse.move(search.x + 30, search.y + search.height / 2, { steps: 2 });
    await page.getByRole('tooltip').waitFor({ state: 'detached', timeout: WAIT });
    await toggle.focus();
    await page.getByRole('tooltip').filter({ hasText: 'Contractor' }).first().waitFor({ timeout: WAIT });

    // Explicit values show as such; a user whose only role is Manager inherits its grant.
    await expectState(await scrollToUser(page, list, 'ana.rossi@globex.net'), 'Ana Rossi', 'granted'); // u_000002
    await expectState(await scrollToUser(page, list, 'farid.patel@northwind.com'), 'Farid Patel', 'denied'); // u_000003
    const nora = await scrollToUser(page, list, 'nora.nakamura@northwind.com'); // u_000012
    await expectState(nora, 'Nora Nakamura', 'inherited (granted)');
  });

  it('updates what users inherit when a role changes', async () => {
    const app = await openApp(`?permissions=${SEND_WELCOME.id}&tab=users`);
    const { page } = app;
    const dialog = permissionsDialog(page);
    const list = dialog.getByRole('list', { name: 'Users' });
    const usersTab = dialog.getByRole('tab', { name: 'USER PERMISSIONS' });
    const rolesTab = dialog.getByRole('tab', { name: 'ROLES PERMISSIONS' });
    const tariq = () => scrollToUser(page, list, 'tariq.nguyen@northwind.com'); // Manager + Contractor
    const nora = () => scrollToUser(page, list, 'nora.nakamura@northwind.com'); // Manager
    await expectState(await tariq(), 'Tariq Nguyen', 'inherited (denied)');
    await expectState(await nora(), 'Nora Nakamura', 'inherited (granted)');

    // Contractor: denied → inherited. Tariq now inherits Manager's grant.
    await rolesTab.click();
    await toggleOf(dialog, 'Contractor').click();
    await expectState(dialog, 'Contractor', 'inherited (granted)');
    await waitForSaves(app, '/roles/Contractor', 1);
    await usersTab.click();
    await expectState(await tariq(), 'Tariq Nguyen', 'inherited (granted)');
    await expectState(await nora(), 'Nora Nakamura', 'inherited (granted)');

    // Manager: granted → denied. Both now inherit a deny, and the tooltip says from which role.
    await rolesTab.click();
    await toggleOf(dialog, 'Manager').click();
    await expectState(dialog, 'Manager', 'denied');
    await waitForSaves(app, '/roles/Manager', 1);
    await usersTab.click();
    await expectState(await tariq(), 'Tariq Nguyen', 'inherited (denied)');
    const noraRow = await nora();
    await expectState(noraRow, 'Nora Nakamura', 'inherited (denied)');
    await toggleOf(noraRow, 'Nora Nakamura').hover();
    await page.getByRole('tooltip').filter({ hasText: 'denied by role Manager' }).first().waitFor({ timeout: WAIT });
    // An explicit value still beats the role: Ana Rossi (Manager) stays granted.
    await expectState(await scrollToUser(page, list, 'ana.rossi@globex.net'), 'Ana Rossi', 'granted');
  });
});
