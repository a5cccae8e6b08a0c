/**
 * Screenshots of the list, the Permissions modal (with its bulk toolbar), Manage, the Access overview
 * and the Audit log at 390, 1366 and 1920 px wide, light and dark, plus 200 % zoom on 1366×800, for a
 * person to look at:
 *   npx tsx scripts/screenshots.ts [outDir]   (default: a new temporary folder, printed at the end)
 * Starts its own demo dev server on a free port and stops it at the end.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/browser/chromium';
import { startDevServer } from '../test/browser/dev-server';

const SIZES = [
  { name: '390', viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, touch: true },
  { name: '1366', viewport: { width: 1366, height: 800 }, deviceScaleFactor: 1, touch: false },
  { name: '1920', viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1, touch: false },
  // Chromium's 200 % zoom on a 1366×800 window.
  { name: 'zoom200', viewport: { width: 683, height: 400 }, deviceScaleFactor: 2, touch: false },
] as const;
const SCHEMES = ['light', 'dark'] as const;

async function shoot(browser: Browser, url: string, out: string, size: (typeof SIZES)[number], scheme: (typeof SCHEMES)[number]) {
  const context = await browser.newContext({
    viewport: size.viewport,
    deviceScaleFactor: size.deviceScaleFactor,
    hasTouch: size.touch,
    colorScheme: scheme,
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`pageerror (${size.name} ${scheme}): ${error.message}`));
  const file = (what: string) => join(out, `${what}-${size.name}-${scheme}.png`);
  await page.goto(url);
  await page.getByRole('listitem', { name: 'Send Welcome Email' }).waitFor();
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: file('list'), animations: 'disabled' });

  await page.getByRole('button', { name: 'Rename Send Welcome Email' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename Send Welcome Email' });
  await rename.getByRole('alert').waitFor();
  await rename.getByRole('list', { name: 'Impact' }).waitFor();
  await page.screenshot({ path: file('rename-live'), animations: 'disabled' });
  await rename.getByRole('button', { name: 'Cancel' }).click();
  await rename.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: 'Permissions for Send Welcome Email' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send Welcome Email' });
  await dialog.getByRole('list', { name: 'Users' }).getByRole('listitem').first().waitFor();
  await page.mouse.move(1, 1);
  await page.screenshot({ path: file('modal'), animations: 'disabled' });
  const users = dialog.getByRole('list', { name: 'Users' });
  await users.getByRole('checkbox').nth(1).click();
  await users
    .getByRole('checkbox')
    .nth(3)
    .click({ modifiers: ['Shift'] });
  await dialog.getByRole('toolbar', { name: 'Bulk changes' }).waitFor();
  await page.screenshot({ path: file('modal-bulk'), animations: 'disabled' });
  await dialog.getByRole('button', { name: /^Deny selected/ }).click();
  const bulkPreview = page.getByRole('alertdialog');
  await bulkPreview.getByRole('list', { name: 'Impact' }).waitFor();
  await page.screenshot({ path: file('modal-bulk-impact'), animations: 'disabled' });
  await bulkPreview.getByRole('button', { name: 'Cancel' }).click();
  await dialog.getByRole('tab', { name: 'ROLES PERMISSIONS' }).click();
  await dialog.getByRole('region', { name: 'System roles' }).waitFor();
  await page.screenshot({ path: file('modal-roles'), animations: 'disabled' });
  await dialog.getByRole('tab', { name: 'CHECK ACCESS' }).click();
  await page.screenshot({ path: file('modal-access'), animations: 'disabled' });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  await page.getByRole('link', { name: 'Manage' }).click();
  await page.getByRole('heading', { name: 'Manage', level: 1 }).waitFor();
  await page.getByRole('checkbox').first().waitFor();
  await page.screenshot({ path: file('manage'), animations: 'disabled', fullPage: true });
  await page.getByRole('link', { name: 'App-wide permissions' }).click();
  await page.getByRole('switch').first().waitFor();
  await page.screenshot({ path: file('app-wide'), animations: 'disabled' });
  await page.getByRole('link', { name: 'Access overview' }).click();
  await page.getByRole('grid', { name: 'Roles by flow' }).getByRole('gridcell').getByRole('button').first().waitFor();
  await page.screenshot({ path: file('overview'), animations: 'disabled' });
  // A change of each kind the table words differently, so the log has rows to show.
  const pageGrid = page.getByRole('grid', { name: 'Roles by flow' });
  await pageGrid.getByRole('button', { name: /^Sales on Send Welcome Email/ }).press('d');
  await pageGrid.getByRole('button', { name: /^Support on Send Welcome Email/ }).press('g');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Export CSV' }).waitFor();
  await page.getByText('Loading', { exact: false }).waitFor({ state: 'detached' });
  await page.screenshot({ path: file('audit'), animations: 'disabled' });
  await context.close();
}

const out = resolve(process.argv[2] ?? mkdtempSync(join(tmpdir(), 'screenshots-')));
const { server, url } = await startDevServer();
const browser = await launchChromium();
try {
  for (const size of SIZES) for (const scheme of SCHEMES) await shoot(browser, url, out, size, scheme);
} finally {
  await browser.close();
  await server.close();
}
console.log(`Screenshots in ${out}`);
