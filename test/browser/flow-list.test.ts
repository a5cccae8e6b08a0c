import { describe, expect, it } from 'vitest';
import { descriptionOf, eventually, focusedName, opacityOf, SEND_WELCOME, useApp, WAIT } from './helpers';

const LIVE_REASON = 'A LIVE flow cannot be deleted';

describe('flow list: management icons', () => {
  const openApp = useApp();

  it('shows a flow’s icons only while the pointer is over its title bar', async () => {
    const { page } = await openApp();
    const item = page.getByRole('listitem', { name: SEND_WELCOME.name });
    const other = page.getByRole('listitem', { name: 'Approve Expense Report' });
    const actions = item.locator('.flow__actions');
    const otherActions = other.locator('.flow__actions');
    await item.waitFor({ timeout: WAIT });
    await expect(item.getByRole('heading', { name: SEND_WELCOME.name }).isVisible()).resolves.toBe(true);
    await expect(item.getByText('LIVE', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(item.getByText('Greets new sign-ups').isVisible()).resolves.toBe(true);

    // Invisible, yet present with their names (and so in the accessibility tree).
    for (const name of ['Permissions for', 'Rename', 'Delete']) {
      await expect(item.getByRole('button', { name: `${name} ${SEND_WELCOME.name}` }).count()).resolves.toBe(1);
    }
    expect(await opacityOf(actions)).toBe('0');

    await item.getByRole('heading', { name: SEND_WELCOME.name }).hover();
    await eventually(() => opacityOf(actions), '1', 'icons shown over the title bar');
    expect(await opacityOf(otherActions)).toBe('0');

    // The description is not the title bar: the icons fade out again.
    await item.getByText('Greets new sign-ups').hover();
    await eventually(() => opacityOf(actions), '0', 'icons hidden over the description');

    await other.locator('.flow__bar').hover();
    await eventually(() => opacityOf(otherActions), '1');
    expect(await opacityOf(actions)).toBe('0');
  });

  it('shows the icons when the keyboard focuses the lock button', async () => {
    const { page } = await openApp();
    const item = page.getByRole('listitem', { name: SEND_WELCOME.name });
    const actions = item.locator('.flow__actions');
    await item.waitFor({ timeout: WAIT });
    expect(await opacityOf(actions)).toBe('0');

    await page.getByRole('searchbox', { name: 'Search flows' }).focus();
    for (let presses = 0; presses < 10; presses += 1) {
      if ((await focusedName(page)) === `Permissions for ${SEND_WELCOME.name}`) break;
      await page.keyboard.press('Tab');
    }
    expect(await focusedName(page)).toBe(`Permissions for ${SEND_WELCOME.name}`);
    await eventually(() => opacityOf(actions), '1', 'icons shown on keyboard focus');
    // Focus shows the lock's tooltip too.
    await page.getByRole('tooltip').filter({ hasText: 'Permissions' }).first().waitFor({ timeout: WAIT });

    // Tabbing on through Rename and Delete keeps them visible; leaving the item hides them.
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe(`Rename ${SEND_WELCOME.name}`);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe(`Delete ${SEND_WELCOME.name}`);
    expect(await opacityOf(actions)).toBe('1');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Permissions for Approve Expense Report');
    await eventually(() => opacityOf(actions), '0', 'icons hidden once focus left the item');
  });

  it('disables Delete on a LIVE flow and gives the reason in its tooltip', async () => {
    const { page } = await openApp();
    const item = page.getByRole('listitem', { name: SEND_WELCOME.name });
    const remove = item.getByRole('button', { name: `Delete ${SEND_WELCOME.name}` });
    await remove.waitFor({ timeout: WAIT });
    expect(await remove.getAttribute('aria-disabled')).toBe('true');

    await remove.hover();
    const tooltip = page.getByRole('tooltip');
    await tooltip.waitFor({ timeout: WAIT });
    expect(await tooltip.textContent()).toContain(LIVE_REASON);
    // The tooltip describes the button, so a screen reader reads the reason with it.
    expect(await descriptionOf(remove)).toContain(LIVE_REASON);

    // Activating it does nothing: the next dialog to open is the one of the next click. (Playwright
    // will not click an aria-disabled button, so the keyboard activates it.)
    await remove.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    await item.getByRole('button', { name: `Rename ${SEND_WELCOME.name}` }).click();
    await page.getByRole('dialog', { name: `Rename ${SEND_WELCOME.name}` }).waitFor({ timeout: WAIT });
    expect(await page.getByRole('dialog').count()).toBe(1);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: WAIT });

    // Keyboard focus shows the same reason.
    await remove.focus();
    await page.getByRole('tooltip').filter({ hasText: LIVE_REASON }).first().waitFor({ timeout: WAIT });

    // A flow that is not LIVE can be deleted: its button is enabled.
    const notLive = page.getByRole('button', { name: 'Delete Approve Expense Report' });
    expect(await notLive.getAttribute('aria-disabled')).toBeNull();
  });
});
