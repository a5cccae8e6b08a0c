import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS_TABS } from '../../src/features/permissions/permissions-tabs';
import { axeViolations, settleAnimations } from './a11y-support';
import { permissionsDialog, SEND_WELCOME, useApp, WAIT } from './helpers';

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
/** A dark page has a dark red channel; no need for relative luminance. */
const isDark = async (page: Page) => Number(/\d+/.exec(await background(page))?.[0] ?? 255) < 60;

async function expectNoViolations(page: Page, where: string) {
  await settleAnimations(page);
  expect(await axeViolations(page), where).toEqual([]);
}

describe('themes', () => {
  const openApp = useApp();

  it('dark follows the system; axe finds no violation on any page or tab; the toggle pins a theme across reloads', async () => {
    const { page } = await openApp('', { device: { colorScheme: 'dark' } });
    await page.getByRole('listitem', { name: SEND_WELCOME.name }).waitFor({ timeout: WAIT });
    expect(await isDark(page)).toBe(true);
    await expectNoViolations(page, 'the flow list');

    await page.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` }).click();
    const dialog = permissionsDialog(page);
    await dialog.getByRole('list', { name: 'Users' }).getByRole('listitem').first().waitFor({ timeout: WAIT });
    await expectNoViolations(page, 'USER PERMISSIONS');
    for (const { label } of PERMISSIONS_TABS.slice(1)) {
      await dialog.getByRole('tab', { name: label }).click();
      await dialog
        .getByRole('tabpanel')
        .filter({ has: page.locator('[aria-busy="true"], .skeleton') })
        .waitFor({ state: 'detached', timeout: WAIT });
      await expectNoViolations(page, label);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: WAIT });

    await page.getByRole('link', { name: 'Manage' }).click();
    await page.getByRole('checkbox').first().waitFor({ timeout: WAIT });
    await page.getByRole('button', { name: 'Delete Manager' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete the role Manager?' });
    await confirm.getByRole('list', { name: 'Impact' }).waitFor({ timeout: WAIT });
    await expectNoViolations(page, 'Manage, confirming a delete');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached', timeout: WAIT });

    await page.getByRole('link', { name: 'App-wide permissions' }).click();
    await page.getByRole('switch').first().waitFor({ timeout: WAIT });
    await expectNoViolations(page, 'App-wide permissions');

    // Pinned light beats the system's dark, and stays after a reload; System follows the system again.
    await page.getByRole('button', { name: 'Light theme' }).click();
    expect(await isDark(page)).toBe(false);
    await page.reload();
    await page.getByRole('switch').first().waitFor({ timeout: WAIT });
    expect(await isDark(page)).toBe(false);
    expect(await page.getByRole('button', { name: 'Light theme' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'System theme' }).click();
    expect(await isDark(page)).toBe(true);
    // Pinned dark on a light system.
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await isDark(page)).toBe(false);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    expect(await isDark(page)).toBe(true);
  });

  it('reduced motion: no animation and no transition anywhere', async () => {
    const { page } = await openApp('', { device: { reducedMotion: 'reduce' } });
    await page.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` }).click();
    const dialog = permissionsDialog(page);
    await dialog.waitFor({ timeout: WAIT });
    // Read at once: the modal's entrance, skeletons and tooltips would all be running now.
    const moving = await page.evaluate(() => ({
      animations: document.getAnimations().length,
      transitions: [...document.querySelectorAll('*')].filter((element) => {
        const style = getComputedStyle(element);
        return style.transitionDuration.split(',').some((duration) => parseFloat(duration) > 0) || style.animationName !== 'none';
      }).length,
    }));
    expect(moving).toEqual({ animations: 0, transitions: 0 });
    await dialog.getByRole('list', { name: 'Users' }).getByRole('listitem').first().waitFor({ timeout: WAIT });
  });
});
