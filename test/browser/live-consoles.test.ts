import { join } from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../node/support/postgres';
import { tempDataDir, type ServerProcess } from '../node/support/server';
import { launchChromium } from './chromium';
import { permissionsDialog, SEND_WELCOME, WAIT } from './helpers';
import { ADMIN, buildConsole, serveFrom, signInThroughForm } from './serve-support';

/**
 * Two administrators on one flow: a click in one page shows in the other within a second, with no
 * interaction there — against `npm run serve`, against two server processes over one PostgreSQL, and
 * in the demo across two pages of one browser.
 */

const ROLE = 'NonAuthenticatedUser';
const SEARCH = `?permissions=${SEND_WELCOME.id}&tab=roles`;

let browser: Browser;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterEach(async () => {
  for (const server of servers.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
    await server.exited;
  }
});
afterAll(async () => {
  await browser.close();
});

const roleButton = (page: Page, state: string) => permissionsDialog(page).getByRole('button', { name: `${ROLE}: ${state}` });

/** Clicks the role in `from` and says how long `to` took to show it after `from`'s write was answered. */
async function clickAndWatch(from: Page, to: Page): Promise<number> {
  await roleButton(to, 'inherited (granted)').waitFor({ timeout: WAIT });
  const saved = from.waitForResponse(
    (response) => response.request().method() === 'PUT' && response.url().endsWith(`/roles/${ROLE}`),
    { timeout: WAIT },
  );
  await roleButton(from, 'inherited (granted)').click();
  expect((await saved).status()).toBe(200);
  const answered = Date.now();
  await roleButton(to, 'granted').waitFor({ timeout: WAIT });
  return Date.now() - answered;
}

/** The other page's next click is based on the refreshed version: no conflict. */
async function clickAgainWithoutConflict(page: Page): Promise<void> {
  const saved = page.waitForResponse(
    (response) => response.request().method() === 'PUT' && response.url().endsWith(`/roles/${ROLE}`),
    { timeout: WAIT },
  );
  await roleButton(page, 'granted').click();
  expect((await saved).status()).toBe(200);
  await roleButton(page, 'denied').waitFor({ timeout: WAIT });
}

async function signedInPage(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${url}/${SEARCH}`);
  await signInThroughForm(page, ADMIN);
  await permissionsDialog(page).waitFor({ timeout: WAIT });
  return page;
}

describe('live consoles against the served console', () => {
  let built: { dir: string; remove(): void };
  let data: { dir: string; remove(): void };

  beforeAll(async () => {
    data = tempDataDir();
    const shared = inject('browserConsoleDir');
    built = shared ? { dir: shared, remove: () => undefined } : await buildConsole();
  });
  afterAll(() => {
    built.remove();
    data.remove();
  });

  it('shows a click of one signed-in page in the other within a second (one server, PGlite)', async () => {
    const server = await serveFrom(built.dir, { DATA_DIR: join(data.dir, 'pglite') });
    servers.push(server);
    const [first, second] = [await signedInPage(server.url), await signedInPage(server.url)];
    expect(await clickAndWatch(first, second)).toBeLessThan(1_000);
    // The refreshed row flashes and says who changed it.
    await roleButton(second, 'granted').hover();
    await second
      .getByRole('tooltip')
      .filter({ hasText: `Changed by ${ADMIN.email}` })
      .waitFor({ timeout: WAIT });
    await clickAgainWithoutConflict(second);
    await roleButton(first, 'denied').waitFor({ timeout: WAIT });
    await first.context().close();
    await second.context().close();
  });

  it('does the same across two server processes over one PostgreSQL', async () => {
    let postgres: TestPostgres | undefined = await startTestPostgres();
    const admin = new pg.Client(postgres.url);
    await admin.connect();
    const name = `live_${Date.now().toString(36)}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(postgres.url);
    url.pathname = `/${name}`;
    try {
      const a = await serveFrom(built.dir, { DATABASE_URL: url.toString(), SEED: 'demo' });
      servers.push(a);
      const b = await serveFrom(built.dir, { DATABASE_URL: url.toString(), SEED: 'demo' });
      servers.push(b);
      const [first, second] = [await signedInPage(a.url), await signedInPage(b.url)];
      expect(await clickAndWatch(first, second)).toBeLessThan(1_000);
      await clickAgainWithoutConflict(second);
      await roleButton(first, 'denied').waitFor({ timeout: WAIT });
      await first.context().close();
      await second.context().close();
    } finally {
      for (const server of servers.splice(0)) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      await postgres.stop();
      postgres = undefined;
    }
  });
});

describe('live consoles in the demo', () => {
  it('shows a click of one page in another page of the same browser within a second', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const open = async () => {
      const page = await context.newPage();
      await page.goto(new URL(SEARCH, inject('baseUrl')).toString());
      await permissionsDialog(page).waitFor({ timeout: WAIT });
      return page;
    };
    const [first, second] = [await open(), await open()];
    expect(await clickAndWatch(first, second)).toBeLessThan(1_000);
    await clickAgainWithoutConflict(second);
    await roleButton(first, 'denied').waitFor({ timeout: WAIT });
    await context.close();
  });

  it("shows a flow renamed in one page in the other's Flow Manager within a second", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const open = async () => {
      const page = await context.newPage();
      await page.goto(inject('baseUrl'));
      await page.getByRole('listitem', { name: 'Approve Expense Report' }).waitFor({ timeout: WAIT });
      return page;
    };
    const [first, second] = [await open(), await open()];
    await first.getByRole('button', { name: 'Rename Approve Expense Report' }).click();
    const dialog = first.getByRole('dialog', { name: /Rename Approve Expense Report/ });
    await dialog.getByRole('textbox', { name: 'Flow name' }).fill('Approve Expenses');
    const saved = first.waitForResponse((response) => response.request().method() === 'PATCH', { timeout: WAIT });
    await dialog.getByRole('button', { name: 'Rename' }).click();
    expect((await saved).status()).toBe(200);
    const answered = Date.now();
    const renamed = second.getByRole('listitem', { name: 'Approve Expenses' });
    await renamed.waitFor({ timeout: WAIT });
    expect(Date.now() - answered).toBeLessThan(1_000);
    // It says who renamed it.
    await expect
      .poll(() => renamed.getByRole('heading', { name: 'Approve Expenses' }).getAttribute('title'), { timeout: WAIT })
      .toContain('Changed by');
    await context.close();
  });
});
