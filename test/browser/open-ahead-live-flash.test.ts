import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium';
import { permissionsDialog, SEND_WELCOME, WAIT } from './helpers';

const FIRST_TOGGLE = '[role="list"][aria-label="Users"] [role="listitem"] button[aria-label*=": "]';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});

describe('a dialog rendered ahead, then opened, after another administrator changed a row', () => {
  it('shows the row highlighted when it opens, as a dialog opened without the hover does', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const other = await context.newPage();
    await other.goto(new URL(`?permissions=${SEND_WELCOME.id}`, inject('baseUrl')).toString());
    await permissionsDialog(other).locator(FIRST_TOGGLE).first().waitFor({ timeout: WAIT });

    const page = await context.newPage();
    await page.goto(new URL('/', inject('baseUrl')).toString());
    await page.getByRole('heading', { name: SEND_WELCOME.name }).hover();
    await page.waitForFunction((selector) => document.querySelector(`.modal ${selector}`) !== null, FIRST_TOGGLE, {
      timeout: WAIT,
    });

    // The other page changes the first row; this page hears of it (within a second) while its dialog
    // is only prepared, and the pointer stays a while longer than the highlight (1.6 s) lasts.
    const saved = other.waitForResponse((response) => response.request().method() === 'PUT', { timeout: WAIT });
    await permissionsDialog(other).locator(FIRST_TOGGLE).first().click();
    expect((await saved).status()).toBe(200);
    // Heard while the dialog is only prepared: the ring waits there, not played where no one sees it.
    await page.waitForFunction(
      (selector) => {
        const toggle = document.querySelector(`.modal ${selector}`);
        return toggle?.className.includes('toggle--live') && toggle.getAnimations().every((a) => a.playState === 'paused');
      },
      FIRST_TOGGLE,
      { timeout: WAIT },
    );

    await page.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` }).click();
    await permissionsDialog(page).waitFor({ timeout: WAIT });
    // The highlight (1.6 s) plays where it can be seen: in the open dialog.
    const playing = await page.evaluate(
      (selector) =>
        document
          .querySelector(`.modal ${selector}`)
          ?.getAnimations()
          .filter((animation) => animation.playState === 'running').length ?? 0,
      FIRST_TOGGLE,
    );
    expect(playing).toBeGreaterThan(0);
    await context.close();
  });
});
