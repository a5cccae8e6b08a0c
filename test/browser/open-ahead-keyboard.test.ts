import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SEND_WELCOME, useApp, WAIT } from './helpers';

/** Hovers the flow's title until its Permissions dialog is rendered ahead, then puts the focus on its lock. */
async function prepareAndFocusLock(page: Page) {
  await page.getByRole('heading', { name: SEND_WELCOME.name }).hover();
  await page.waitForFunction(
    () => document.querySelector('.modal [role="list"][aria-label="Users"] [role="listitem"]') !== null,
    null,
    { timeout: WAIT },
  );
  await page.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` }).focus();
}

describe('Permissions modal opened from ahead, by the keyboard', () => {
  const openApp = useApp();

  it('keeps a Tab pressed right after the open inside the dialog, not on the page behind it', async () => {
    const { page } = await openApp();
    await prepareAndFocusLock(page);
    // Enter opens; Tab at once, in the dialog's first frame (~55-75 ms here), as a quick keyboard user does.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    // The focus trap brings a focus that left the modal back into it.
    expect(await page.evaluate(() => document.activeElement?.closest('.modal') !== null)).toBe(true);
  });

  it('does not let Enter, Tab, Enter typed at once activate a control of the page behind the open dialog', async () => {
    const { page } = await openApp();
    await prepareAndFocusLock(page);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    // The keys are handled by now (React renders a key's changes in its event); one frame more.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
    // The page behind a modal dialog is out of reach: its Rename button did not open its own dialog.
    expect(await page.getByRole('dialog', { name: `Rename ${SEND_WELCOME.name}` }).count()).toBe(0);
  });
});
