import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually, focusedName, permissionsDialog, searchParams, SEND_WELCOME, useApp, WAIT } from './helpers';

const tab = (page: Page, name: 'USER PERMISSIONS' | 'ROLES PERMISSIONS') => page.getByRole('tab', { name });
const selectedTab = (page: Page) =>
  page.getByRole('tab', { selected: true }).evaluateAll((tabs) => tabs.map((element) => element.textContent));
const historyLength = (page: Page) => page.evaluate(() => window.history.length);

describe('Permissions modal', () => {
  const openApp = useApp();

  it('opens from the lock with the flow in its name and the modal in the URL', async () => {
    const { page } = await openApp('?view=compact');
    const before = await historyLength(page);
    await page.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` }).click();

    const dialog = permissionsDialog(page);
    await dialog.waitFor({ timeout: WAIT });
    // Opening pushed one history entry and kept the other parameters.
    expect(searchParams(page)).toEqual({ view: 'compact', permissions: SEND_WELCOME.id, tab: 'users' });
    expect(await historyLength(page)).toBe(before + 1);

    await tab(page, 'USER PERMISSIONS').waitFor({ timeout: WAIT });
    expect(await selectedTab(page)).toEqual(['USER PERMISSIONS']);
    // A legend explains the icons.
    const legend = dialog.getByRole('list', { name: 'Legend' });
    for (const text of ['Inherited: granted', 'Inherited: denied', 'Granted for this flow', 'Denied for this flow']) {
      await expect(legend.getByText(text).count()).resolves.toBe(1);
    }
    await dialog.getByRole('searchbox', { name: 'Search users' }).waitFor({ timeout: WAIT });
  });

  it('switches tabs by click and by arrow keys, keeps the tab in the URL, on reload and until Back', async () => {
    const { page } = await openApp();
    const before = await historyLength(page);
    await page.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` }).click();
    const dialog = permissionsDialog(page);
    await dialog.waitFor({ timeout: WAIT });
    await dialog.getByRole('searchbox', { name: 'Search users' }).waitFor({ timeout: WAIT });

    // By click.
    await tab(page, 'ROLES PERMISSIONS').click();
    await eventually(() => selectedTab(page), ['ROLES PERMISSIONS']);
    await dialog.getByRole('button', { name: /^NonAuthenticatedUser: / }).waitFor({ timeout: WAIT });
    await eventually(() => searchParams(page).tab, 'roles');
    await tab(page, 'USER PERMISSIONS').click();
    await eventually(() => selectedTab(page), ['USER PERMISSIONS']);
    await eventually(() => searchParams(page).tab, 'users');
    await dialog.getByRole('searchbox', { name: 'Search users' }).waitFor({ timeout: WAIT });

    // By keyboard: arrows move the focus (Radix moves it a tick later) and select the focused tab.
    expect(await focusedName(page)).toBe('USER PERMISSIONS');
    await page.keyboard.press('ArrowRight');
    await eventually(() => focusedName(page), 'ROLES PERMISSIONS');
    await eventually(() => selectedTab(page), ['ROLES PERMISSIONS']);
    await eventually(() => searchParams(page).tab, 'roles');
    await page.keyboard.press('ArrowLeft');
    await eventually(() => focusedName(page), 'USER PERMISSIONS');
    await eventually(() => selectedTab(page), ['USER PERMISSIONS']);
    await eventually(() => searchParams(page).tab, 'users');
    await page.keyboard.press('ArrowRight');
    await eventually(() => searchParams(page).tab, 'roles');

    // Switching tabs replaced the entry that opening pushed.
    expect(await historyLength(page)).toBe(before + 1);
    expect(searchParams(page)).toEqual({ permissions: SEND_WELCOME.id, tab: 'roles' });

    // Reload keeps the modal and its tab.
    await page.reload();
    await permissionsDialog(page).waitFor({ timeout: WAIT });
    await eventually(() => selectedTab(page), ['ROLES PERMISSIONS']);
    await dialog.getByRole('button', { name: /^NonAuthenticatedUser: / }).waitFor({ timeout: WAIT });

    // Back closes it.
    await page.goBack();
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: WAIT });
    expect(searchParams(page)).toEqual({});
    await page.getByRole('heading', { name: 'Flow Manager' }).waitFor({ timeout: WAIT });
    // And Forward opens it again.
    await page.goForward();
    await permissionsDialog(page).waitFor({ timeout: WAIT });
    await eventually(() => selectedTab(page), ['ROLES PERMISSIONS']);
  });

  it('opens without restyling the page behind before its first frame', async () => {
    const { page } = await openApp();
    // What the open changes on <html> and <body> (a style there restyles every element of the page)
    // from the click to the first frame.
    await page.evaluate(() => {
      const changes: string[] = [];
      const record = (records: MutationRecord[]) =>
        changes.push(...records.map((record) => `${record.target.nodeName} ${record.attributeName ?? ''}`));
      const observer = new MutationObserver(record);
      for (const element of [document.documentElement, document.body]) observer.observe(element, { attributes: true });
      const bench = window as unknown as { beforeFrame?: string[] };
      document.addEventListener(
        'click',
        () =>
          requestAnimationFrame(
            () => (bench.beforeFrame = [...changes, ...observer.takeRecords().map((r) => r.attributeName ?? '')]),
          ),
        { capture: true, once: true },
      );
    });
    await page.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` }).click();
    await permissionsDialog(page).getByRole('searchbox', { name: 'Search users' }).waitFor({ timeout: WAIT });
    const beforeFrame = await page.evaluate(() => (window as unknown as { beforeFrame?: string[] }).beforeFrame);
    expect(beforeFrame).toEqual([]);
  });

  it('is laid out during the hover, out of reach until the click, which shows the same boxes', async () => {
    const { page } = await openApp();
    const lock = page.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` });
    await page.getByRole('heading', { name: SEND_WELCOME.name }).hover();
    // Rendered ahead with its rows, and laid out: its first state button has a box (it had none while
    // the dialog waited under display: none, to be styled and laid out in the click's frame).
    const firstToggle = '[role="dialog"] [role="list"][aria-label="Users"] [role="listitem"] button[aria-label*=": "]';
    const box = await page.waitForFunction(
      (selector) => {
        const button = document.querySelector(selector);
        const rect = button?.getBoundingClientRect();
        return button && rect && rect.height > 0 ? { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 } : null;
      },
      firstToggle,
      { timeout: WAIT },
    );
    const center = (await box.jsonValue()) as { x: number; y: number };
    // Out of reach: not shown, not for assistive technology, not under the pointer, not for Tab and
    // its keys; the page is neither hidden from assistive technology nor kept from scrolling.
    const reach = await page.evaluate(
      ({ selector, x, y }) => {
        const button = document.querySelector(selector) as HTMLElement;
        return {
          shown: button.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
          underPointer: document.elementFromPoint(x, y)?.closest('[role="dialog"]') !== null,
          pageHidden: document.querySelector('.flow-list')?.closest('[aria-hidden="true"]') != null,
          scrollLocked: document.body.style.overflow === 'hidden',
          // Painted during the hover too: a transparent box is painted only when it says its opacity
          // will change (otherwise the click's frame paints the whole dialog, 1–2 ms).
          willChange: getComputedStyle(button.closest('.modal') as Element).willChange,
        };
      },
      { selector: firstToggle, ...center },
    );
    expect(reach).toEqual({ shown: false, underPointer: false, pageHidden: false, scrollLocked: false, willChange: 'opacity' });
    expect(await page.getByRole('dialog').count()).toBe(0);
    await lock.focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') ?? null)).toBeNull();
    // The lock left (no longer about to open it: the dialog went), and back: prepared again.
    await lock.focus();
    await page.waitForFunction(
      (selector) => {
        const button = document.querySelector(selector) as (HTMLElement & { ahead?: boolean }) | null;
        if (!button || button.getBoundingClientRect().height === 0) return false;
        button.ahead = true;
        return true;
      },
      firstToggle,
      { timeout: WAIT },
    );

    await lock.click();
    const dialog = permissionsDialog(page);
    await dialog.waitFor({ timeout: WAIT });
    // The same element, shown and within reach once the entrance has played.
    await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
    const shown = await page.evaluate(
      ({ selector, x, y }) => {
        const button = document.querySelector(selector) as HTMLElement & { ahead?: boolean };
        return {
          ahead: button.ahead === true,
          shown: button.checkVisibility({ opacityProperty: true, visibilityProperty: true }),
          underPointer: document.elementFromPoint(x, y) === button,
          pageHidden: document.querySelector('.flow-list')?.closest('[aria-hidden="true"]') != null,
          // Its own layer no longer: the open takes the hint off with the transparency.
          willChange: getComputedStyle(button.closest('.modal') as Element).willChange,
        };
      },
      { selector: firstToggle, ...center },
    );
    expect(shown).toEqual({ ahead: true, shown: true, underPointer: true, pageHidden: true, willChange: 'auto' });
    await eventually(() => page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null), true);
  });

  it('closes on Esc and gives the focus back to the lock button', async () => {
    const { page } = await openApp();
    const lock = `Permissions for ${SEND_WELCOME.name}`;
    await page.getByRole('button', { name: lock }).click();
    const dialog = permissionsDialog(page);
    await dialog.getByRole('searchbox', { name: 'Search users' }).waitFor({ timeout: WAIT });
    // The focus is inside the modal while it is open.
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);

    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: WAIT });
    await eventually(() => focusedName(page), lock, 'focus back on the lock');
    expect(searchParams(page)).toEqual({});

    // The same after opening another flow with the keyboard and closing it with the Close button.
    const otherLock = page.getByRole('button', { name: 'Permissions for Approve Expense Report' });
    await otherLock.focus();
    await page.keyboard.press('Enter');
    const other = permissionsDialog(page, 'Permissions for Approve Expense Report');
    await other.getByRole('searchbox', { name: 'Search users' }).waitFor({ timeout: WAIT });
    await other.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: WAIT });
    await eventually(() => focusedName(page), 'Permissions for Approve Expense Report');
  });

  it('returns the focus to the lock after Esc when the modal was opened from the URL', async () => {
    const { page } = await openApp(`?permissions=${SEND_WELCOME.id}&tab=roles`);
    const dialog = permissionsDialog(page);
    await dialog.getByRole('button', { name: /^NonAuthenticatedUser: / }).waitFor({ timeout: WAIT });
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: WAIT });
    await eventually(() => focusedName(page), `Permissions for ${SEND_WELCOME.name}`);
    // Nothing to go back to: closing took the modal out of the URL in place.
    expect(searchParams(page)).toEqual({});
  });

  it('shows "Flow not found" for an unknown flow id, without crashing', async () => {
    const { page } = await openApp('?permissions=nope');
    const dialog = page.getByRole('dialog', { name: 'Flow not found' });
    await dialog.waitFor({ timeout: WAIT });
    await dialog.getByRole('alert').filter({ hasText: 'This flow does not exist' }).waitFor({ timeout: WAIT });
    expect(await page.getByRole('tab').count()).toBe(0);

    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: WAIT });
    expect(searchParams(page)).toEqual({});
    // The page behind is intact.
    await page.getByRole('listitem', { name: SEND_WELCOME.name }).waitFor({ timeout: WAIT });
  });

  it('treats a missing or unknown tab as the users tab', async () => {
    const { page } = await openApp(`?permissions=${SEND_WELCOME.id}&tab=bogus`);
    await permissionsDialog(page).waitFor({ timeout: WAIT });
    await eventually(() => selectedTab(page), ['USER PERMISSIONS']);
    await page.getByRole('searchbox', { name: 'Search users' }).waitFor({ timeout: WAIT });

    await page.goto(new URL(`?permissions=${SEND_WELCOME.id}`, page.url()).toString());
    await permissionsDialog(page).waitFor({ timeout: WAIT });
    await eventually(() => selectedTab(page), ['USER PERMISSIONS']);
  });
});
