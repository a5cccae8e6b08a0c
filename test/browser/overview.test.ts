import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, settleAnimations } from './a11y-support';
import { focusedName, permissionsDialog, SEND_WELCOME, useApp, WAIT } from './helpers';

const salesOn = (page: Page, flowId: string) =>
  page.evaluate(async (id) => {
    const answer = (await (await fetch(`/api/console/flows/${id}/permissions/roles`)).json()) as {
      items: { name: string; value: string | null }[];
    };
    return answer.items.find((row) => row.name === 'Sales')?.value ?? null;
  }, flowId);

const grid = (page: Page) => page.getByRole('grid', { name: 'Roles by flow' });

async function openOverview(page: Page) {
  await page.getByRole('link', { name: 'Access overview' }).click();
  await page.getByRole('heading', { name: 'Access overview', level: 1 }).waitFor({ timeout: WAIT });
  await grid(page).getByRole('gridcell').getByRole('button').first().waitFor({ timeout: WAIT });
}

describe('the Access overview', () => {
  const openApp = useApp();

  it('changes a role on a flow as the modal does, and the modal shows the same', async () => {
    const { page } = await openApp();
    await openOverview(page);
    const cell = grid(page).getByRole('button', { name: `NonAuthenticatedUser on ${SEND_WELCOME.name}: inherited (granted)` });
    await cell.click();
    await grid(page)
      .getByRole('button', { name: `NonAuthenticatedUser on ${SEND_WELCOME.name}: granted` })
      .waitFor({ timeout: WAIT });
    // Saved, then seen by the Permissions modal of that flow.
    await page.getByRole('button', { name: 'Undo' }).waitFor({ timeout: WAIT });
    await page.getByRole('link', { name: 'Flows' }).click();
    await page.getByRole('button', { name: `Permissions for ${SEND_WELCOME.name}` }).click();
    const dialog = permissionsDialog(page);
    await dialog.getByRole('tab', { name: 'ROLES PERMISSIONS' }).click();
    await dialog.getByRole('button', { name: 'NonAuthenticatedUser: granted' }).waitFor({ timeout: WAIT });
    // After a reload too: the server has it.
    await page.reload();
    await permissionsDialog(page).getByRole('button', { name: 'NonAuthenticatedUser: granted' }).waitFor({ timeout: WAIT });
  });

  it('sets a cell directly: right-click then Deny, and the key G', async () => {
    const { page } = await openApp();
    await openOverview(page);
    const salesCell = (state: string) => grid(page).getByRole('button', { name: `Sales on ${SEND_WELCOME.name}: ${state}` });
    await salesCell('inherited (granted)').click({ button: 'right' });
    const menu = page.getByRole('menu', { name: `Set Sales on ${SEND_WELCOME.name}` });
    await menu.getByRole('menuitemradio', { name: 'Deny' }).click();
    await salesCell('denied').waitFor({ timeout: WAIT });
    await expect.poll(() => salesOn(page, SEND_WELCOME.id), { timeout: WAIT }).toBe('deny');
    await salesCell('denied').focus();
    await page.keyboard.press('g');
    await salesCell('granted').waitFor({ timeout: WAIT });
    await expect.poll(() => salesOn(page, SEND_WELCOME.id), { timeout: WAIT }).toBe('grant');
  });

  it('moves between cells with the grid keys, one cell in the tab order, and axe finds no violation', async () => {
    const { page } = await openApp();
    await openOverview(page);
    const cells = grid(page).getByRole('gridcell').getByRole('button');
    expect(await grid(page).locator('[tabindex="0"]').count()).toBe(1);
    await cells.first().focus();
    const first = (await focusedName(page)) ?? '';
    expect(first).toMatch(/^\S+ on Send Welcome Email: /);
    const role = first.split(' on ')[0] ?? '';

    await page.keyboard.press('ArrowRight');
    expect(await focusedName(page)).toMatch(new RegExp(`^${role} on Approve Expense Report: `));
    await page.keyboard.press('ArrowDown');
    const second = (await focusedName(page)) ?? '';
    expect(second).toMatch(/ on Approve Expense Report: /);
    expect(second.startsWith(`${role} on`)).toBe(false);
    await page.keyboard.press('Home');
    expect(await focusedName(page)).toMatch(/ on Send Welcome Email: /);
    await page.keyboard.press('End');
    expect(await focusedName(page)).toMatch(/ on Quarterly Report Digest: /);
    await page.keyboard.press('Control+Home');
    expect(await focusedName(page)).toBe(first);
    await page.keyboard.press('PageDown');
    const paged = await focusedName(page);
    expect(paged).not.toBe(first);
    await page.keyboard.press('Control+End');
    expect(await focusedName(page)).toMatch(/^\S+ on Quarterly Report Digest: /);
    await page.keyboard.press('PageUp');
    expect(await grid(page).locator('[tabindex="0"]').count()).toBe(1);

    // The headers stay in view while the grid scrolls.
    await grid(page).evaluate((element) => {
      element.scrollTop = element.scrollHeight;
    });
    const header = grid(page).getByRole('columnheader', { name: 'Role' });
    const box = await header.boundingBox();
    const gridBox = await grid(page).boundingBox();
    expect(Math.abs((box?.y ?? 0) - (gridBox?.y ?? 0))).toBeLessThan(3);

    await settleAnimations(page);
    expect(await axeViolations(page), 'the Access overview').toEqual([]);
  });

  it('denies a whole role across every flow in one batch, with one Undo', async () => {
    const { page } = await openApp();
    await openOverview(page);
    await grid(page).getByRole('checkbox', { name: 'Select Sales' }).check();
    await page.getByRole('toolbar', { name: 'Selected cells' }).getByRole('button', { name: 'Deny selected' }).click();
    await page.getByText('12 cells denied.').waitFor({ timeout: WAIT });
    await grid(page)
      .getByRole('button', { name: `Sales on ${SEND_WELCOME.name}: denied` })
      .waitFor({ timeout: WAIT });
    // The last flow is out of view (the grid renders what is in view): the server has it.
    expect(await salesOn(page, 'fl_0012')).toBe('deny');
    await page.getByRole('button', { name: 'Undo' }).click();
    await grid(page)
      .getByRole('button', { name: `Sales on ${SEND_WELCOME.name}: inherited (granted)` })
      .waitFor({ timeout: WAIT });
    await expect.poll(() => salesOn(page, 'fl_0012'), { timeout: WAIT }).toBeNull();
  });

  it('filters flows and roles', async () => {
    const { page } = await openApp();
    await openOverview(page);
    await page.getByRole('searchbox', { name: 'Search roles' }).fill('Sales');
    await grid(page).getByRole('rowheader').first().waitFor({ timeout: WAIT });
    await expect.poll(() => grid(page).getByRole('rowheader').allTextContents()).toEqual(['Sales']);
    await page.getByRole('searchbox', { name: 'Search flows' }).fill('invoice');
    await expect
      .poll(() => grid(page).getByRole('columnheader').allTextContents(), { timeout: WAIT })
      .toEqual(['Role', 'Generate Monthly Invoices']);
    await page.getByRole('searchbox', { name: 'Search flows' }).fill('');
    await page.getByRole('checkbox', { name: 'Only flows where something is set' }).check();
    await expect
      .poll(() => grid(page).getByRole('columnheader').allTextContents(), { timeout: WAIT })
      .toEqual(['Role', 'Send Welcome Email', 'Approve Expense Report', 'Sync CRM Contacts', 'Escalate Support Ticket']);
  });

  it('shows what one user can run, edits their own value in place, and exports the view', async () => {
    const { page } = await openApp();
    await openOverview(page);
    await page.getByRole('searchbox', { name: 'Find a user' }).fill('demo@example.com');
    await page.getByRole('button', { name: /Demo User/ }).click();
    const table = page.getByRole('table', { name: 'Flows for Demo User' });
    const cell = table.getByRole('button', { name: `Demo User on ${SEND_WELCOME.name}: inherited (granted)` });
    await cell.waitFor({ timeout: WAIT });
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: SEND_WELCOME.name }) });
    // Demo User holds Manager, granted on Send Welcome Email.
    expect(await row.getByRole('cell').nth(1).getAttribute('title')).toMatch(
      /^Custom roles on this flow: granted by role Manager/,
    );
    await cell.click();
    await cell
      .page()
      .getByRole('button', { name: `Demo User on ${SEND_WELCOME.name}: granted` })
      .click();
    await table.getByRole('button', { name: `Demo User on ${SEND_WELCOME.name}: denied` }).waitFor({ timeout: WAIT });
    await expect.poll(() => row.getByRole('cell').nth(1).textContent()).toMatch(/^denied/);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(text.split('\r\n')[0]).toBe("Flow,Status,Decision (REST API),Deciding level,Deciding role,User's own value");
    expect(text).toContain(`${SEND_WELCOME.name},LIVE,denied,The user's own value on this flow,,denied`);
  });
});
