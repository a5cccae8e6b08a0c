import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { permissionsDialog, SEND_WELCOME, useApp, WAIT } from './helpers';

/** Issue 12's "Done when", walked in the demo as a new user would. */

const anonymousAppWide = (page: Page) =>
  page.evaluate(async () => {
    const answer = (await (await fetch('/api/console/app-permissions')).json()) as { items: { name: string; value: string }[] };
    return answer.items.find((row) => row.name === 'NonAuthenticatedUser')?.value;
  });

/** A CSV text's rows (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && char === '"') {
      quoted = false;
    } else if (quoted) {
      field += char;
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

async function openAuditLog(page: Page): Promise<Locator> {
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor({ timeout: WAIT });
  const table = page.getByRole('table', { name: 'Audit log entries' });
  await table.waitFor({ timeout: WAIT });
  return table;
}

describe('every change accounted for, in the demo', () => {
  const openApp = useApp();

  it('previews, audits and undoes an app-wide deny; warns before renaming a LIVE flow; exports what the table shows', async () => {
    const { page } = await openApp();

    // Deny NonAuthenticatedUser app-wide: the impact dialog with its numbers first.
    await page.getByRole('link', { name: 'App-wide permissions' }).click();
    const anonymous = page.getByRole('switch', { name: 'NonAuthenticatedUser may start flows' });
    await anonymous.click({ timeout: WAIT });
    const preview = page.getByRole('alertdialog', { name: 'Deny NonAuthenticatedUser app-wide?' });
    const facts = preview.getByRole('list', { name: 'Impact' });
    await facts.waitFor({ timeout: WAIT });
    expect(await facts.textContent()).toMatch(/Callers with nobody logged in lose \d+ flows/);
    // The demo's seeded week of attempts is replayed: some of them were anonymous and allowed.
    expect(await facts.textContent()).toMatch(
      /[1-9][\d,]* of the [\d,]+ activation attempts of the last 7 days would have been refused/,
    );
    await preview.getByRole('button', { name: 'Deny app-wide' }).click();
    await expect.poll(() => anonymous.getAttribute('aria-checked'), { timeout: WAIT }).toBe('false');
    expect(await anonymousAppWide(page)).toBe('deny');

    // The audit log lists it, with who and when; its Undo restores it.
    let table = await openAuditLog(page);
    const denied = table.getByRole('row').filter({ hasText: 'App-wide permission' }).first();
    await denied.waitFor({ timeout: WAIT });
    const cells = denied.getByRole('cell');
    expect(await cells.nth(1).textContent()).toBe('demo-admin@example.com');
    expect(await cells.nth(4).textContent()).toBe('NonAuthenticatedUser');
    expect([await cells.nth(5).textContent(), await cells.nth(6).textContent()]).toEqual(['grant', 'deny']);
    const when = Date.parse((await cells.nth(0).locator('time').getAttribute('datetime')) ?? '');
    expect(Math.abs(Date.now() - when)).toBeLessThan(5 * 60_000);
    await denied.getByRole('button', { name: 'Undo: App-wide permission, NonAuthenticatedUser' }).click();
    await page.getByRole('status').filter({ hasText: 'Undone: App-wide permission.' }).waitFor({ timeout: WAIT });
    await expect.poll(() => anonymousAppWide(page), { timeout: WAIT }).toBe('grant');

    // Renaming a LIVE flow that apps started by name lately: the warning shows first.
    await page.getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('button', { name: `Rename ${SEND_WELCOME.name}` }).click();
    const rename = page.getByRole('dialog', { name: `Rename ${SEND_WELCOME.name}` });
    const warning = rename.getByRole('alert');
    await warning.waitFor({ timeout: WAIT });
    expect(await warning.textContent()).toMatch(
      /^Renaming breaks apps that start it by name: [\d,]+ attempts? by .+ in the last 7 days\.$/,
    );
    await rename.getByRole('textbox', { name: 'Flow name' }).fill('Send Hello Email');
    await rename.getByRole('button', { name: 'Rename flow' }).click();
    await page.getByRole('listitem', { name: 'Send Hello Email' }).waitFor({ timeout: WAIT });

    // The rename is in the audit log and in that flow's HISTORY tab.
    table = await openAuditLog(page);
    const renamed = table.getByRole('row').filter({ hasText: 'Flow renamed' }).first();
    await renamed.waitFor({ timeout: WAIT });
    expect(await renamed.getByRole('cell').nth(5).textContent()).toBe(SEND_WELCOME.name);
    expect(await renamed.getByRole('cell').nth(6).textContent()).toBe('Send Hello Email');

    // Export CSV downloads the log: its rows are the table's, in the same order.
    const shown = await table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '');
        return [row.querySelector('time')?.getAttribute('datetime') ?? '', cells[1], cells[3], cells[4], cells[5], cells[6]];
      }),
    );
    const total = Number(/of ([\d,]+)$/.exec((await page.locator('.pager__where').textContent()) ?? '')?.[1]?.replace(/,/g, ''));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('audit-log.csv');
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['at', 'by', 'kind', 'flow', 'flowId', 'principal', 'principalId', 'before', 'after', 'changeSetId']);
    expect(rows).toHaveLength(total);
    const inherited = (kind: string | undefined, value: string | undefined) =>
      value === '' && kind === 'permission.value' ? 'inherited' : value;
    expect(
      rows
        .slice(0, shown.length)
        .map(([at, by, kind, flow, , principal, , before, after]) => [
          at,
          by,
          flow,
          principal,
          inherited(kind, before),
          inherited(kind, after),
        ]),
    ).toEqual(shown);

    // The flow's HISTORY tab.
    await page.getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('button', { name: 'Permissions for Send Hello Email' }).click();
    const dialog = permissionsDialog(page, 'Permissions for Send Hello Email');
    await dialog.getByRole('tab', { name: 'HISTORY' }).click();
    const history = dialog.getByRole('list', { name: 'Changes, newest first' });
    await history
      .getByRole('listitem')
      .filter({ hasText: /^Flow renamed/ })
      .waitFor({ timeout: WAIT });
  });
});
