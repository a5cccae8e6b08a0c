// Takes screenshots of the running demo: node scripts/screenshot.mjs <url> <outDir>
import { chromium } from 'playwright-core';
const [url = 'http://127.0.0.1:5174/', out = '/tmp/shots'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
page.on('console', (m) => m.type() === 'error' && console.log('console:', m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.getByRole('heading', { name: 'Flow Manager' }).waitFor();
await page.getByRole('listitem', { name: 'Send Welcome Email' }).waitFor();
await page.locator('.flow__bar').nth(1).hover();
await page.screenshot({ path: `${out}/list.png` });
await page.getByRole('button', { name: 'Permissions for Send Welcome Email' }).click();
await page
  .getByRole('button', { name: /Contractor|: / })
  .first()
  .waitFor();
await page.waitForTimeout(300);
await page.screenshot({ path: `${out}/users.png` });
await page.getByRole('tab', { name: 'ROLES PERMISSIONS' }).click();
await page.getByRole('button', { name: /NonAuthenticatedUser/ }).hover();
await page.waitForTimeout(600);
await page.screenshot({ path: `${out}/roles.png` });
await browser.close();
