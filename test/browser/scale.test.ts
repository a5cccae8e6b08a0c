import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { generateSeed } from '../../server/seed/demo';
import type { User } from '../../server/directory/directory-store';
import { eventually, focusedName, opacityOf, permissionsDialog, SEND_WELCOME, useApp, WAIT, waitForSaves } from './helpers';

/** The demo at scale: 100,000 users, 1,000 flows (the seed makes the same users here as in the page). */
const USERS = 100_000;
const FLOWS = 1_000;
const SCALE = `users=${USERS}&flows=${FLOWS}`;
const seed = generateSeed({ users: USERS, flows: FLOWS });
const userAt = (index: number) => seed.users.at(index) as User;
const ROW_HEIGHT = 56;
const MAX_ROWS = 60;
/** These tests walk far into big lists; on a busy shared machine that can take a while. */
const SLOW = 120_000;

const usersList = (page: Page) => permissionsDialog(page).getByRole('list', { name: 'Users' });

/** The highest position among the rows in the DOM, and how many there are. */
const renderedRows = (list: Locator) =>
  list.evaluate((element) => {
    const positions = [...element.querySelectorAll('[role="listitem"]')].map((row) => Number(row.getAttribute('aria-posinset')));
    return { count: positions.length, last: Math.max(0, ...positions) };
  });

/** Scrolls the users list until the row at `position` (1-based) is rendered; pages load on the way. */
async function scrollToRow(list: Locator, position: number): Promise<Locator> {
  const row = list.locator(`[role="listitem"][aria-posinset="${position}"]`);
  await expect
    .poll(
      async () => {
        if ((await row.count()) > 0) return true;
        await list.evaluate(
          (element, top) => {
            (element.parentElement as HTMLElement).scrollTop = top;
          },
          (position - 3) * ROW_HEIGHT,
        );
        return false;
      },
      { timeout: 60_000, interval: 100, message: `row ${position}` },
    )
    .toBe(true);
  return row;
}

describe('at 100,000 users', () => {
  const openApp = useApp();

  it(
    'counts every user and finds one from the last page by server-side search',
    async () => {
      const { page } = await openApp(`?${SCALE}&permissions=${SEND_WELCOME.id}`);
      const dialog = permissionsDialog(page);
      await dialog.getByText('100,000 users', { exact: true }).waitFor({ timeout: WAIT });
      const last = userAt(USERS - 37); // on the last page of 100
      await dialog.getByRole('searchbox', { name: 'Search users' }).fill(last.email);
      await dialog.getByText('1 user', { exact: true }).waitFor({ timeout: WAIT });
      const list = usersList(page);
      await list.getByRole('button', { name: new RegExp(`^${last.name ?? last.email}: `) }).waitFor({ timeout: WAIT });
      expect(await list.getByRole('listitem').count()).toBe(1);
      expect(await list.getByRole('listitem').first().getAttribute('aria-setsize')).toBe('1');
    },
    SLOW,
  );

  it(
    'loads more users as the list scrolls, keeping few rows in the DOM',
    async () => {
      const { page } = await openApp(`?${SCALE}&permissions=${SEND_WELCOME.id}`);
      const list = usersList(page);
      await list.getByRole('listitem').first().waitFor({ timeout: WAIT });
      expect(await list.getByRole('listitem').first().getAttribute('aria-setsize')).toBe(String(USERS));
      const before = await renderedRows(list);
      expect(before.last).toBeLessThanOrEqual(100);

      await scrollToRow(list, 350); // four pages of 100
      const after = await renderedRows(list);
      expect(after.last).toBeGreaterThanOrEqual(350);
      expect(after.count).toBeLessThanOrEqual(MAX_ROWS);
      const user = userAt(349);
      await list.getByRole('listitem').filter({ hasText: user.email }).waitFor({ timeout: WAIT });
    },
    SLOW,
  );

  it(
    'saves a click on a row far down, and it survives a reload ("Only explicit values" lists it)',
    async () => {
      const app = await openApp(`?${SCALE}&permissions=${SEND_WELCOME.id}`);
      const { page } = app;
      const position = 420;
      const user = userAt(position - 1);
      const name = user.name ?? user.email;
      const row = await scrollToRow(usersList(page), position);
      await row.getByRole('button', { name: `${name}: inherited (granted)`, exact: true }).waitFor({ timeout: WAIT });
      await row.getByRole('button', { name: new RegExp(`^${name}: `) }).click();
      await row.getByRole('button', { name: `${name}: granted`, exact: true }).waitFor({ timeout: WAIT });
      await waitForSaves(app, `/users/${user.id}`, 1);

      await page.reload();
      const dialog = permissionsDialog(page);
      await dialog.getByText('100,000 users', { exact: true }).waitFor({ timeout: WAIT });
      await dialog.getByRole('checkbox', { name: 'Only explicit values' }).check();
      // The seed's two explicit users of this flow, and this one.
      await dialog.getByText('3 users with explicit values', { exact: true }).waitFor({ timeout: WAIT });
      await usersList(page)
        .getByRole('button', { name: `${name}: granted`, exact: true })
        .waitFor({ timeout: WAIT });
    },
    SLOW,
  );
});

describe('at 1,000 flows', () => {
  const openApp = useApp();

  it(
    'renders a window of the flows, loads the rest while scrolling, and searches them',
    async () => {
      const { page } = await openApp(`?${SCALE}`);
      const flows = page.getByRole('list', { name: 'Flows' });
      await page.getByText('1,000 flows', { exact: true }).waitFor({ timeout: WAIT });
      const items = flows.getByRole('listitem');
      await items.first().waitFor({ timeout: WAIT });
      expect(await items.first().getAttribute('aria-setsize')).toBe(String(FLOWS));
      expect(await items.count()).toBeLessThan(40);

      const lastFlow = seed.flows.at(-1)?.name ?? '';
      await expect
        .poll(
          async () => {
            await page.mouse.wheel(0, 4000);
            return flows.getByRole('listitem', { name: lastFlow }).count();
          },
          { timeout: 60_000, interval: 100, message: 'the last flow' },
        )
        .toBe(1);
      expect(await items.count()).toBeLessThan(40);

      await page.getByRole('searchbox', { name: 'Search flows' }).fill('#1000');
      await eventually(() => items.count(), 1, 'one flow found');
      await flows.getByRole('listitem', { name: lastFlow }).waitFor({ timeout: WAIT });
    },
    SLOW,
  );

  it(
    'reveals a far-down flow’s icons on hover, and keyboard focus walks on through the virtualized list',
    async () => {
      const { page } = await openApp(`?${SCALE}`);
      const flows = page.getByRole('list', { name: 'Flows' });
      await flows.getByRole('listitem').first().waitFor({ timeout: WAIT });
      const target = seed.flows[300]?.name ?? '';
      const next = seed.flows[301]?.name ?? '';
      const item = flows.getByRole('listitem', { name: target, exact: true });
      await expect
        .poll(
          async () => {
            if ((await item.count()) > 0) return true;
            await page.mouse.wheel(0, 800); // less than the rendered window, so no flow is skipped
            return false;
          },
          { timeout: 60_000, interval: 100, message: target },
        )
        .toBe(true);
      await item.scrollIntoViewIfNeeded();
      const actions = item.locator('.flow__actions');
      expect(await opacityOf(actions)).toBe('0');
      await item.getByRole('heading', { name: target }).hover();
      await eventually(() => opacityOf(actions), '1', 'icons shown over the title bar');

      await item.getByRole('button', { name: `Delete ${target}` }).focus();
      await page.keyboard.press('Tab');
      expect(await focusedName(page)).toBe(`Permissions for ${next}`);
      const nextActions = flows.getByRole('listitem', { name: next, exact: true }).locator('.flow__actions');
      await eventually(() => opacityOf(nextActions), '1', 'icons shown on keyboard focus');
      // Tabbing on through many flows scrolls the window; focus always lands on the next one.
      for (let flow = 302; flow < 320; flow++) {
        for (let press = 0; press < 3; press++) await page.keyboard.press('Tab');
        expect(await focusedName(page)).toBe(`Permissions for ${seed.flows[flow]?.name}`);
      }
    },
    SLOW,
  );
});
