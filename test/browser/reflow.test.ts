import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS_TABS } from '../../src/features/permissions/permissions-tabs';
import { axeViolations, settleAnimations } from './a11y-support';
import { opacityOf, permissionsDialog, SEND_WELCOME, useApp, WAIT } from './helpers';

/** Fully inside the window and the topmost thing at its centre: nothing cuts or covers it. */
async function inSight(page: Page, locator: Locator): Promise<boolean> {
  const viewport = page.viewportSize();
  const box = await locator.boundingBox();
  if (!viewport || !box) return false;
  const inside =
    box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5;
  const onTop = await locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    const hit = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
    return hit !== null && element.contains(hit);
  });
  return inside && onTop;
}

/** How many user rows are wholly in sight once the list is scrolled into view. */
async function visibleUserRows(page: Page): Promise<number> {
  const list = permissionsDialog(page).getByRole('list', { name: 'Users' });
  await list.evaluate((element) => element.parentElement?.scrollIntoView({ block: 'end' }));
  return list.evaluate((element) => {
    const scroller = element.parentElement?.getBoundingClientRect();
    if (!scroller) return 0;
    const top = Math.max(0, scroller.top);
    const bottom = Math.min(window.innerHeight, scroller.bottom);
    return [...element.querySelectorAll('[role="listitem"]')].filter((row) => {
      const rect = row.getBoundingClientRect();
      return rect.top >= top - 0.5 && rect.bottom <= bottom + 0.5;
    }).length;
  });
}

async function checkModal(page: Page) {
  const dialog = permissionsDialog(page);
  await dialog.getByRole('list', { name: 'Users' }).getByRole('listitem').first().waitFor({ timeout: WAIT });

  // Every tab in sight (none cut to "HI"), and the last one works.
  for (const { label } of PERMISSIONS_TABS) {
    expect(await inSight(page, dialog.getByRole('tab', { name: label })), `${label} in sight`).toBe(true);
  }
  const search = dialog.getByRole('searchbox', { name: 'Search users' });
  expect((await search.boundingBox())?.width, 'search width').toBeGreaterThanOrEqual(200);
  expect(await visibleUserRows(page), 'user rows in sight').toBeGreaterThanOrEqual(5);
  await settleAnimations(page);
  expect(await axeViolations(page), 'USER PERMISSIONS').toEqual([]);

  const history = dialog.getByRole('tab', { name: 'HISTORY' });
  await history.scrollIntoViewIfNeeded();
  await history.click();
  await expect.poll(() => history.getAttribute('aria-selected'), { timeout: WAIT }).toBe('true');
}

describe('every size', () => {
  const openApp = useApp();

  it('on a 390×844 touch screen: flow icons show, names are whole, the modal fits', async () => {
    const { page } = await openApp('', { viewport: { width: 390, height: 844 }, device: { hasTouch: true, isMobile: true } });
    const flow = page.getByRole('listitem', { name: SEND_WELCOME.name });
    await flow.waitFor({ timeout: WAIT });
    // No hover on a touch screen: the icons always show, so a tap never lands on a hidden one.
    expect(await opacityOf(flow.locator('.flow__actions'))).toBe('1');
    const name = flow.getByRole('heading', { name: SEND_WELCOME.name });
    expect(await name.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    expect(await name.getAttribute('title')).toBe(SEND_WELCOME.name);
    await settleAnimations(page);
    expect(await axeViolations(page), 'the flow list').toEqual([]);

    await flow.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` }).tap();
    await checkModal(page);
  });

  it('at 200 % zoom on 1366×800 (683×400 at scale 2): the modal reflows', async () => {
    const { page } = await openApp(`?permissions=${SEND_WELCOME.id}`, {
      viewport: { width: 683, height: 400 },
      device: { deviceScaleFactor: 2 },
    });
    await checkModal(page);
  });

  it('on a 1920×1080 screen the modal grows with the window', async () => {
    const { page } = await openApp(`?permissions=${SEND_WELCOME.id}`, { viewport: { width: 1920, height: 1080 } });
    const dialog = permissionsDialog(page);
    await dialog.getByRole('list', { name: 'Users' }).getByRole('listitem').first().waitFor({ timeout: WAIT });
    expect((await dialog.boundingBox())?.height).toBeGreaterThan(900);
    // 11 since the users tab's toolbar holds the role filter, the sort and "Select all matching" too
    // (a second line at the modal's 880 px).
    expect(await visibleUserRows(page)).toBeGreaterThanOrEqual(11);
  });
});
