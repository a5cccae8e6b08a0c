import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { permissionsDialog, SEND_WELCOME, stopLiveStreams, trackLiveStreams, useApp, WAIT } from './helpers';
import {
  afterClicks,
  expectState,
  labelOf,
  serverHistory,
  serverRole,
  setScenario,
  toggleOf,
  trackWrites,
  waitUntilSaved,
  writesOf,
} from './resilience-support';

const ROLES = `?permissions=${SEND_WELCOME.id}&tab=roles`;

/** Clicks a row's toggle `count` times without waiting for anything in between. */
async function clickRapidly(page: Page, role: string, count: number) {
  const toggle = toggleOf(permissionsDialog(page), role);
  for (let click = 0; click < count; click += 1) await toggle.click({ delay: 0 });
}

/**
 * Makes `writes` separate writes on a row, each of `clicksPerWrite` quick clicks: after each group it
 * waits until that group's write has left (a PUT with an idempotency key not seen before), so the next
 * click starts a new write instead of joining the one still gathering clicks.
 */
async function clickInSeparateWrites(page: Page, role: string, writes: number, clicksPerWrite: number) {
  const toggle = toggleOf(permissionsDialog(page), role);
  const sent = new Set<string>();
  const isNewWrite = (request: import('playwright-core').Request) => {
    if (request.method() !== 'PUT' || !request.url().includes('/permissions/')) return false;
    const key = request.headers()['idempotency-key'] ?? '';
    if (sent.has(key)) return false;
    sent.add(key);
    return true;
  };
  for (let write = 0; write < writes; write += 1) {
    const leaving = page.waitForRequest(isNewWrite, { timeout: 45_000 });
    for (let click = 0; click < clicksPerWrite; click += 1) await toggle.click({ delay: 0 });
    await leaving;
  }
}

/** The writes' values in order, with the writes that changed nothing left out (the server records no such write). */
function changesOf(values: unknown[], start: unknown = null) {
  const changes: unknown[] = [];
  let current = start;
  for (const value of values) {
    if (value !== current) changes.push(value);
    current = value;
  }
  return changes;
}

/** The screen equals the server: nothing is left pending, and the row shows what the server holds. */
async function expectScreenEqualsServer(page: Page, role: string) {
  const dialog = permissionsDialog(page);
  let server = await serverRole(page, SEND_WELCOME.id, role);
  await expect
    .poll(
      async () => {
        await waitUntilSaved(dialog);
        server = await serverRole(page, SEND_WELCOME.id, role);
        const shown = await toggleOf(dialog, role).getAttribute('aria-label');
        return shown === `${role}: ${labelOf(server.value)}` ? 'equal' : `screen "${shown}", server ${server.value}`;
      },
      { timeout: 45_000, interval: 200 },
    )
    .toBe('equal');
  return server;
}

describe('never lose a click', () => {
  const openApp = useApp();

  it('20 rapid clicks under random 50–300 ms latency end with screen == server == start + 20 steps, in far fewer writes', async () => {
    const app = await openApp(`${ROLES}&latency=50-300`);
    const { page } = app;
    const attempts = trackWrites(page);
    await expectState(permissionsDialog(page), 'Auditor', 'inherited (granted)');

    await clickRapidly(page, 'Auditor', 20);
    // The screen shows the 20th step at once, and still shows it once every write is answered.
    await expectState(permissionsDialog(page), 'Auditor', afterClicks(20));
    const server = await expectScreenEqualsServer(page, 'Auditor');
    expect(labelOf(server.value)).toBe(afterClicks(20));
    // Quick clicks on one row coalesce: one write of the last click's target (a few, if the machine
    // spaced some clicks further apart than the window), each with an absolute target, each saved.
    const writes = [...writesOf(attempts).values()];
    expect(writes.length).toBeGreaterThanOrEqual(1);
    expect(writes.length).toBeLessThan(20);
    expect(writes.at(-1)?.value).toBe('deny');
    expect(writes.every((write) => write.saved)).toBe(true);
    // The server recorded exactly the changes those writes made, in order, and nothing else.
    const history = await serverHistory(page, SEND_WELCOME.id);
    const changes = changesOf(writes.map((write) => write.value));
    expect(history.items.map((entry) => entry.to).reverse()).toEqual(changes);
    expect(history.total).toBe(changes.length);
    expect(server.version).toBe(changes.length);
  });

  it('with 30% of writes failing, the row ends on the server value (its last saved write) and each failure is reported once', async () => {
    const app = await openApp(`${ROLES}&latency=20-80&failRate=0.3`);
    const { page } = app;
    const dialog = permissionsDialog(page);
    const attempts = trackWrites(page);
    await expectState(dialog, 'Sales', 'inherited (granted)');

    // Twenty writes (quick clicks coalesce, so each is two quick clicks), enough that some attempt fails.
    await clickInSeparateWrites(page, 'Sales', 20, 2);
    const server = await expectScreenEqualsServer(page, 'Sales');
    const writes = [...writesOf(attempts).values()];
    expect(writes).toHaveLength(20);
    // Failed attempts were retried; some writes may have failed for good.
    expect(attempts.some((attempt) => attempt.status === 503)).toBe(true);
    const saved = writes.filter((write) => write.saved);
    const failed = writes.length - saved.length;
    expect(server.value).toBe(saved.at(-1)?.value ?? null);
    const alert = dialog.getByRole('alert').filter({ hasText: 'Could not save Sales' });
    if (failed === 0) {
      expect(await alert.count()).toBe(0);
    } else {
      await alert.waitFor({ timeout: WAIT });
      const text = (await alert.textContent()) ?? '';
      expect(Number(/\((\d+) changes could not be saved/.exec(text)?.[1] ?? 1)).toBe(failed);
    }
  }, 120_000);

  it('reports a write that keeps failing once, and shows the value the server holds', async () => {
    const app = await openApp(`${ROLES}&failRate=1`);
    const { page } = app;
    const dialog = permissionsDialog(page);
    await expectState(dialog, 'Finance', 'inherited (granted)');
    const attempts = trackWrites(page);
    // Two writes (two clicks far enough apart not to coalesce), each failing for good.
    await clickInSeparateWrites(page, 'Finance', 2, 1);
    await expectScreenEqualsServer(page, 'Finance');
    await expectState(dialog, 'Finance', 'inherited (granted)');
    const alert = dialog.getByRole('alert').filter({ hasText: 'Could not save Finance' });
    await expect
      .poll(() => alert.textContent(), { timeout: WAIT })
      .toMatch(/Service temporarily unavailable.*\(2 changes could not be saved\.\)/);
    expect(await alert.count()).toBe(1);
    expect([...writesOf(attempts).values()].map((write) => [write.value, write.saved])).toEqual([
      ['grant', false],
      ['deny', false],
    ]);
  });

  it('two pages of one browser editing one row: the stale one meets a conflict, says who and when, and applies mine', async () => {
    const app = await openApp(ROLES);
    const pageA = app.page;
    const pageB = await app.context.newPage();
    pageB.on('pageerror', (error) => app.errors.push(`page B: ${error.message}`));
    await trackLiveStreams(pageB);
    await pageB.goto(pageA.url());
    const dialogA = permissionsDialog(pageA);
    const dialogB = permissionsDialog(pageB);
    await expectState(dialogB, 'Auditor', 'inherited (granted)');
    // B goes stale: without its live stream it hears nothing of A's change (with it, it would show
    // A's value at once, and there would be no conflict to meet).
    expect(await stopLiveStreams(pageB)).toBeGreaterThan(0);

    // A chooses denied (the key sends at once: one write). B still shows what it read before.
    await toggleOf(dialogA, 'Auditor').focus();
    await pageA.keyboard.press('d');
    await expectState(dialogA, 'Auditor', 'denied');
    await expectScreenEqualsServer(pageA, 'Auditor');
    await expectState(dialogB, 'Auditor', 'inherited (granted)');

    // B clicks: its target (granted) is not what A left (denied), and its version is stale: 412.
    await toggleOf(dialogB, 'Auditor').click();
    const conflict = dialogB.getByRole('alert').filter({ hasText: 'Auditor was changed by demo-admin@example.com at' });
    await conflict.waitFor({ timeout: WAIT });
    expect(await conflict.textContent()).toContain('it is now denied');
    // B shows theirs meanwhile: screen == server.
    await expectState(dialogB, 'Auditor', 'denied');
    await conflict.getByRole('button', { name: 'Apply mine: granted' }).click();
    await expectState(dialogB, 'Auditor', 'granted');
    await expectScreenEqualsServer(pageB, 'Auditor');
    expect(await conflict.count()).toBe(0);

    // A sees it (live, and after a reload); the history (newest first) has B's change and A's.
    await expectState(dialogA, 'Auditor', 'granted');
    await pageA.reload();
    await expectState(dialogA, 'Auditor', 'granted');
    await expectScreenEqualsServer(pageA, 'Auditor');
    expect((await serverHistory(pageA, SEND_WELCOME.id)).items.map((entry) => entry.to)).toEqual(['grant', 'deny']);
    await pageB.close();
  });

  it('a stale click whose target the other page already set is no conflict', async () => {
    const app = await openApp(ROLES);
    const pageB = await app.context.newPage();
    await trackLiveStreams(pageB);
    await pageB.goto(app.page.url());
    await expectState(permissionsDialog(pageB), 'Support', 'inherited (granted)');
    // B goes stale (its live stream would otherwise show A's value at once).
    expect(await stopLiveStreams(pageB)).toBeGreaterThan(0);
    await toggleOf(permissionsDialog(app.page), 'Support').click();
    await expectScreenEqualsServer(app.page, 'Support');
    await expectState(permissionsDialog(pageB), 'Support', 'inherited (granted)');
    // B's click aims at granted too: 412, but the value already equals the target.
    await toggleOf(permissionsDialog(pageB), 'Support').click();
    await expectScreenEqualsServer(pageB, 'Support');
    await expectState(permissionsDialog(pageB), 'Support', 'granted');
    expect(await permissionsDialog(pageB).getByRole('alert').count()).toBe(0);
    await pageB.close();
  });

  it('"another administrator edits this row": a real 412, told with who and when; keep theirs', async () => {
    // The other administrator edits the row just as my write arrives (an edit made earlier would
    // reach this page live, and my click would start from it: no conflict).
    const { page } = await openApp(`${ROLES}&anotherAdmin=1`);
    const dialog = permissionsDialog(page);
    const attempts = trackWrites(page);
    await expectState(dialog, 'Auditor', 'inherited (granted)');

    await toggleOf(dialog, 'Auditor').click();
    const conflict = dialog.getByRole('alert').filter({ hasText: 'Auditor was changed by second-admin@example.com at' });
    await conflict.waitFor({ timeout: WAIT });
    await expect
      .poll(() => attempts.map((attempt) => [attempt.value, attempt.status]), { timeout: WAIT })
      .toEqual([['grant', 412]]);
    await setScenario(page, 'anotherAdmin', null);
    await expectState(dialog, 'Auditor', 'denied');
    await conflict.getByRole('button', { name: 'Keep theirs: denied' }).click();
    expect(await conflict.count()).toBe(0);
    const server = await expectScreenEqualsServer(page, 'Auditor');
    expect(server).toMatchObject({ value: 'deny', changed: { by: 'second-admin@example.com' } });
    expect(attempts).toHaveLength(1);
  });

  it('the toast never covers an alert: it sits above the alerts at the foot of the modal', async () => {
    // Another administrator's edit meets my write: a conflict alert at the foot of the modal.
    const { page } = await openApp(`${ROLES}&anotherAdmin=1`);
    const dialog = permissionsDialog(page);
    await expectState(dialog, 'Auditor', 'inherited (granted)');
    await toggleOf(dialog, 'Auditor').click();
    const conflict = dialog.getByRole('alert').filter({ hasText: 'Auditor was changed by' });
    await conflict.waitFor({ timeout: WAIT });
    await setScenario(page, 'anotherAdmin', null);
    await toggleOf(dialog, 'Support').click();
    const toast = dialog.locator('.toast');
    await toast.getByRole('button', { name: 'Undo' }).waitFor({ timeout: WAIT });
    const [alertBox, toastBox] = await Promise.all([conflict.boundingBox(), toast.boundingBox()]);
    expect(alertBox && toastBox).toBeTruthy();
    if (!alertBox || !toastBox) return;
    // The toast ends above where the alert begins.
    expect(toastBox.y + toastBox.height).toBeLessThanOrEqual(alertBox.y);
  });

  it('the anotherAdmin scenario beats every write while it is in the URL; a burst becomes one decision', async () => {
    const { page } = await openApp(`${ROLES}&anotherAdmin=1&latency=400`);
    const dialog = permissionsDialog(page);
    await expectState(dialog, 'Manager', 'granted');
    // Three quick clicks: the first meets the other administrator's edit; the two after it, clicked
    // before the conflict was known, are not sent: they wait for the administrator's decision.
    await clickRapidly(page, 'Manager', 3);
    const conflict = dialog.getByRole('alert').filter({ hasText: 'Manager was changed by second-admin@example.com' });
    await conflict.waitFor({ timeout: WAIT });
    await expectScreenEqualsServer(page, 'Manager');
    // Mine is the last click's target: granted → denied → inherited → granted.
    const apply = conflict.getByRole('button', { name: 'Apply mine: granted' });
    await apply.waitFor({ timeout: WAIT });
    await setScenario(page, 'anotherAdmin', null);
    await setScenario(page, 'latency', null);
    await apply.click();
    await expectState(dialog, 'Manager', 'granted');
    const server = await expectScreenEqualsServer(page, 'Manager');
    expect(server).toMatchObject({ value: 'grant', changed: { by: 'demo-admin@example.com' } });
  });

  it('offline during a click: the row shows it is waiting, and the write goes out when the network returns', async () => {
    const app = await openApp(ROLES);
    const { page } = app;
    const dialog = permissionsDialog(page);
    const attempts = trackWrites(page);
    await expectState(dialog, 'Finance', 'inherited (granted)');
    await setScenario(page, 'offline', '1');
    await toggleOf(dialog, 'Finance').click();
    await expectState(dialog, 'Finance', 'granted');
    await dialog.getByText('Offline: saves when the network is back').waitFor({ timeout: WAIT });
    await expect.poll(() => attempts.length, { timeout: WAIT }).toBeGreaterThan(1);
    expect(attempts.every((attempt) => attempt.status === 0)).toBe(true);

    await setScenario(page, 'offline', null);
    const server = await expectScreenEqualsServer(page, 'Finance');
    expect(server.value).toBe('grant');
    expect(writesOf(attempts).size).toBe(1);
    expect((await serverHistory(page, SEND_WELCOME.id)).total).toBe(1);
    expect(await dialog.getByRole('alert').count()).toBe(0);
  });

  it('a malformed answer shows an error state saying what was wrong, never a white screen', async () => {
    const { page } = await openApp(`${ROLES}&malformed=1`);
    const dialog = permissionsDialog(page);
    const error = dialog.getByRole('alert').filter({ hasText: 'Could not load roles' });
    await error.waitFor({ timeout: WAIT });
    expect(await error.textContent()).toMatch(/unexpected shape at "items\.0\.value"/);
    // The rest of the console still works.
    await page.getByRole('heading', { name: 'Flow Manager', includeHidden: true }).waitFor({ timeout: WAIT });
    await dialog.getByRole('tab', { name: 'USER PERMISSIONS' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Could not load users' }).waitFor({ timeout: WAIT });
    await setScenario(page, 'malformed', null);
    await dialog.getByRole('button', { name: 'Try again' }).click();
    await dialog.getByRole('list', { name: 'Users' }).waitFor({ timeout: WAIT });
  });

  it('Undo restores the previous value with a compensating, versioned write, without taking focus', async () => {
    const { page } = await openApp(ROLES);
    const dialog = permissionsDialog(page);
    const toggle = toggleOf(dialog, 'Contractor');
    await expectState(dialog, 'Contractor', 'denied');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expectState(dialog, 'Contractor', 'inherited (granted)');
    const undo = dialog.getByRole('button', { name: 'Undo' });
    await undo.waitFor({ timeout: WAIT });
    // The toast did not take focus: the toggle still has it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Contractor: inherited (granted)');
    await expectScreenEqualsServer(page, 'Contractor');
    await undo.click();
    await expectState(dialog, 'Contractor', 'denied');
    const server = await expectScreenEqualsServer(page, 'Contractor');
    expect(server).toMatchObject({ value: 'deny', version: 2 });
    const history = await serverHistory(page, SEND_WELCOME.id);
    expect(history.items.map((entry) => [entry.from, entry.to])).toEqual([
      [null, 'deny'],
      ['deny', null],
    ]);
  });

  it('a full browser storage never loses a click silently: the change is refused, said, and the row shows the server', async () => {
    const { page } = await openApp(ROLES);
    const dialog = permissionsDialog(page);
    await expectState(dialog, 'Auditor', 'inherited (granted)');
    await page.evaluate(() => {
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await toggleOf(dialog, 'Auditor').click();
    const alert = dialog.getByRole('alert').filter({ hasText: 'Could not save Auditor' });
    await alert.waitFor({ timeout: WAIT });
    expect(await alert.textContent()).toContain("The demo's browser storage is full, so this change was not saved.");
    const server = await expectScreenEqualsServer(page, 'Auditor');
    expect(server.value).toBeNull();
  });
});
