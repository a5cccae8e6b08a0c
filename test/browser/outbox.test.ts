import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { focusedName, permissionsDialog, SEND_WELCOME, useApp, WAIT } from './helpers';
import {
  expectState,
  serverHistory,
  serverRole,
  setScenario,
  toggleOf,
  trackWrites,
  waitUntilSaved,
  writesOf,
} from './resilience-support';

const ROLES = `?permissions=${SEND_WELCOME.id}&tab=roles`;

/** Offline, grants Finance in the open dialog: the row then says its change waits for the network. */
async function grantFinanceOffline(page: Page) {
  const dialog = permissionsDialog(page);
  const attempts = trackWrites(page);
  await expectState(dialog, 'Finance', 'inherited (granted)');
  await setScenario(page, 'offline', '1');
  await toggleOf(dialog, 'Finance').click();
  await dialog.getByText('Offline: saves when the network is back').waitFor({ timeout: WAIT });
  return { dialog, attempts };
}

/** Answers the next prompt the page shows (leaving with a change waiting); resolves to its type. */
function answerLeavePrompt(page: Page, answer: 'accept' | 'dismiss'): Promise<string> {
  return new Promise((resolve) => {
    page.once('dialog', (prompt) => {
      resolve(prompt.type());
      void prompt[answer]();
    });
  });
}

describe('never lose a click, part 2', () => {
  const openApp = useApp();

  it('offline, a change waits in the top bar, survives a reload, and is saved once when the network is back', async () => {
    const { page } = await openApp(ROLES);
    const { dialog, attempts } = await grantFinanceOffline(page);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
    const waiting = page.getByRole('button', { name: '1 change waiting' });
    await waiting.waitFor({ timeout: WAIT });

    // Leaving asks first; reloading anyway (still offline: the scenario is in the URL) keeps the change.
    const asked = answerLeavePrompt(page, 'accept');
    await page.reload();
    expect(await asked).toBe('beforeunload');
    await waiting.click();
    const list = page.getByRole('group', { name: 'Changes waiting to be saved' });
    await list.getByRole('region', { name: SEND_WELCOME.name }).getByText('Finance: granted').waitFor({ timeout: WAIT });
    expect(attempts.filter((attempt) => attempt.status !== 0)).toEqual([]);

    await setScenario(page, 'offline', null);
    await waiting.waitFor({ state: 'detached', timeout: WAIT });
    expect(await serverRole(page, SEND_WELCOME.id, 'Finance')).toMatchObject({ value: 'grant', version: 1 });
    expect((await serverHistory(page, SEND_WELCOME.id)).total).toBe(1);
    // One write id, before and after the reload.
    expect(writesOf(attempts).size).toBe(1);
  });

  it('a page that stays when leaving asks first keeps its demo backend, and the change waiting is saved', async () => {
    const { page } = await openApp(ROLES);
    const { dialog, attempts } = await grantFinanceOffline(page);

    // Leaving asks first; the administrator stays.
    const stayed = answerLeavePrompt(page, 'dismiss');
    await page.evaluate(() => void setTimeout(() => window.location.reload(), 0));
    expect(await stayed).toBe('beforeunload');

    // Back online: the change that waited is saved by the page's own backend, and the page still reads it.
    await setScenario(page, 'offline', null);
    await expect
      .poll(() => serverRole(page, SEND_WELCOME.id, 'Finance'), { timeout: WAIT })
      .toMatchObject({ value: 'grant', version: 1 });
    await waitUntilSaved(dialog);
    expect(attempts.filter((attempt) => attempt.status !== 0 && attempt.status !== 200)).toEqual([]);
    expect(writesOf(attempts).size).toBe(1);
    await expectState(dialog, 'Finance', 'granted');
  });

  it('F6 reaches the toast and goes back, Ctrl+Z undoes the last change, and one Esc closes the modal over a tooltip', async () => {
    const { page } = await openApp(ROLES);
    const dialog = permissionsDialog(page);
    await expectState(dialog, 'Auditor', 'inherited (granted)');
    await toggleOf(dialog, 'Auditor').focus();
    await page.keyboard.press('Enter');
    await expectState(dialog, 'Auditor', 'granted');
    await waitUntilSaved(dialog);
    await dialog.getByRole('button', { name: 'Undo' }).waitFor({ timeout: WAIT });

    await page.keyboard.press('F6');
    expect(await focusedName(page)).toBe('Undo');
    await page.keyboard.press('F6');
    expect(await focusedName(page)).toBe('Auditor: granted');

    await page.keyboard.press('Control+z');
    await expectState(dialog, 'Auditor', 'inherited (granted)');
    await waitUntilSaved(dialog);
    await expect
      .poll(() => serverRole(page, SEND_WELCOME.id, 'Auditor'), { timeout: WAIT })
      .toMatchObject({ value: null, version: 2 });

    await toggleOf(dialog, 'Sales').hover();
    await page.getByRole('tooltip').waitFor({ timeout: WAIT });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', timeout: WAIT });
  });
});
