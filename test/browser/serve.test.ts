import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, tempDataDir } from '../node/support/server';
import { launchChromium } from './chromium';
import { ADMIN, buildConsole, serveFrom, signInThroughForm } from './serve-support';
import type { ServerProcess } from '../node/support/server';

const dataDirOf = (server: ServerProcess) => /under (\S+)/.exec(server.output())?.[1] ?? '';

/** The console against `npm run serve`: sign-in, persistence through kill -9, a session that ends, management. */

const WAIT = 20_000;
const FLOW = { id: 'fl_0001', name: 'Send Welcome Email' };

let browser: Browser;
let built: { dir: string; remove(): void };
/** The servers' DATA_DIRs, apart from the build (which may be shared with other tests). */
let data: { dir: string; remove(): void };
const servers: ServerProcess[] = [];

/** The run's shared build when there is one (see global-setup), else one of this file's own. */
async function consoleBuild(): Promise<{ dir: string; remove(): void }> {
  const shared = inject('browserConsoleDir');
  return shared ? { dir: shared, remove: () => undefined } : buildConsole();
}

beforeAll(async () => {
  data = tempDataDir();
  [browser, built] = await Promise.all([launchChromium(), consoleBuild()]);
});
afterEach(async () => {
  for (const server of servers.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
    await server.exited;
  }
});
afterAll(async () => {
  await browser.close();
  built.remove();
  data.remove();
});

let dataDirs = 0;
/** A server with a DATA_DIR of its own, unless `env` names one. */
async function serve(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await serveFrom(built.dir, { DATA_DIR: join(data.dir, `data-${++dataDirs}`), ...env });
  servers.push(server);
  return server;
}

async function openSignedIn(url: string, search = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/${search}`);
  await signInThroughForm(page, ADMIN);
  // An open modal hides the page from the accessibility tree, hence includeHidden.
  await page.getByRole('heading', { name: /^(Flow Manager|Manage)$/, includeHidden: true }).waitFor({ timeout: WAIT });
  return page;
}

const sessionCookie = async (page: Page) =>
  (await page.context().cookies()).find((cookie) => cookie.name === 'flow_console_session');

const rolesTab = async (page: Page) => {
  await page.getByRole('tab', { name: 'ROLES PERMISSIONS' }).click();
  return page.getByRole('dialog', { name: new RegExp(FLOW.name) });
};

const savedRole = (page: Page, role: string) =>
  page.waitForResponse(
    (response) =>
      response.request().method() === 'PUT' && response.url().endsWith(`/permissions/roles/${role}`) && response.status() === 200,
    { timeout: WAIT },
  );

describe('the console against npm run serve', () => {
  it('shows a sign-in form; a value set there survives kill -9 and a restart, and is still enforced', async () => {
    const first = await serve();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${first.url}/`);
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor({ timeout: WAIT });
    await signInThroughForm(page, { email: ADMIN.email, password: 'wrong password' });
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: WAIT }).toContain('Wrong email or password');
    await signInThroughForm(page, ADMIN);
    await page.getByRole('heading', { name: 'Flow Manager' }).waitFor({ timeout: WAIT });

    await page.goto(`${first.url}/?permissions=${FLOW.id}`);
    const dialog = await rolesTab(page);
    const toggle = (state: string) => dialog.getByRole('button', { name: `NonAuthenticatedUser: ${state}`, exact: true });
    const saves = [savedRole(page, 'NonAuthenticatedUser')];
    await toggle('inherited (granted)').click();
    await saves[0];
    saves.push(savedRole(page, 'NonAuthenticatedUser'));
    await toggle('granted').click();
    await saves[1];
    await toggle('denied').waitFor({ timeout: WAIT });
    expect((await call(first.url, 'POST', '/api/automation/flow/activate-by-name', { body: { name: FLOW.name } })).status).toBe(
      403,
    );

    first.child.kill('SIGKILL');
    await first.exited;
    const port = new URL(first.url).port;
    const second = await serve({ PORT: port, DATA_DIR: dataDirOf(first) });
    expect(second.url).toBe(first.url);

    await page.reload();
    const again = await rolesTab(page);
    await again.getByRole('button', { name: 'NonAuthenticatedUser: denied', exact: true }).waitFor({ timeout: WAIT });
    expect(await call(second.url, 'POST', '/api/automation/flow/activate-by-name', { body: { name: FLOW.name } })).toMatchObject({
      status: 403,
      body: { code: 4031 },
    });
    await page.close();
  });

  it('asks to sign in again when the session ends, then sends the writes that waited', async () => {
    const server = await serve();
    const page = await openSignedIn(server.url, `?permissions=${FLOW.id}&tab=roles`);
    const dialog = page.getByRole('dialog', { name: new RegExp(FLOW.name) });
    await dialog.getByRole('button', { name: 'Sales: inherited (granted)', exact: true }).waitFor({ timeout: WAIT });

    // Sales's write is held on the way until Finance's is out too: two writes wait for the new session.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The page's own reads (the Flow Manager's who-can-start lines, the dialog's reads after its first
    // paint) are held too until then, from before the session ends, and the ones already on their way
    // are answered first: on a loaded machine one could reach the server after the sign-out, and its 401
    // would ask to sign in before the writes were made.
    const reading = new Set<Request>();
    const heldReads = new Set<Request>();
    const isRead = (request: Request) =>
      request.method() === 'GET' && request.url().includes('/api/console/') && !request.url().includes('/api/console/events');
    page.on('request', (request) => void (isRead(request) && reading.add(request)));
    page.on('requestfinished', (request) => void reading.delete(request));
    page.on('requestfailed', (request) => void reading.delete(request));
    await page.route('**/api/console/**', async (route) => {
      if (isRead(route.request())) {
        heldReads.add(route.request());
        await held;
      }
      await route.fallback();
    });
    await expect.poll(() => [...reading].filter((request) => !heldReads.has(request)).length, { timeout: WAIT }).toBe(0);
    // The session ends elsewhere (signed out in another tab, or expired).
    const token = await sessionCookie(page).then((cookie) => cookie?.value);
    expect((await call(server.url, 'POST', '/api/console/auth/sign-out', { token })).status).toBe(204);
    let first = true;
    await page.route('**/permissions/roles/Sales', async (route) => {
      if (first) {
        first = false;
        await held;
      }
      await route.continue();
    });
    const saved = Promise.all([savedRole(page, 'Sales'), savedRole(page, 'Finance')]);
    // Both icons found before either key: once the first write is on its way, anything that answers
    // 401 (the page's requests are not all held) can open the sign-in prompt, which hides the dialog
    // from the accessibility tree, and a lookup by role would no longer find the second icon.
    const [sales, finance] = await Promise.all(
      ['Sales', 'Finance'].map((role) =>
        dialog.getByRole('button', { name: `${role}: inherited (granted)`, exact: true }).elementHandle({ timeout: WAIT }),
      ),
    );
    // G sets granted at once (a click would wait to coalesce with the next one): both writes are on the way.
    await sales?.press('g');
    await finance?.press('g');
    release();
    const prompt = page.getByRole('alertdialog', { name: 'Your session has ended' });
    await prompt.waitFor({ timeout: WAIT });
    expect(await prompt.getByLabel('Email').inputValue()).toBe(ADMIN.email);
    await prompt.getByLabel('Password').fill(ADMIN.password);
    await prompt.getByRole('button', { name: 'Sign in' }).click();
    await saved;
    await prompt.waitFor({ state: 'detached', timeout: WAIT });

    const fresh = await call(server.url, 'POST', '/api/console/auth/sign-in', { body: ADMIN });
    const rows = await call(server.url, 'GET', `/api/console/flows/${FLOW.id}/permissions/roles`, {
      token: (fresh.body as { token: string }).token,
    });
    const items = (rows.body as { items: { name: string; value: string | null }[] }).items;
    expect(items.filter((row) => row.name === 'Sales' || row.name === 'Finance').map((row) => row.value)).toEqual([
      'grant',
      'grant',
    ]);
    await page.close();
  });

  it('runs under its Content Security Policy without a violation, signed in by an HttpOnly cookie no script can read', async () => {
    const server = await serve();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    const answer = await page.goto(`${server.url}/`);
    expect(await answer?.headerValue('content-security-policy')).toContain("script-src 'self'");
    await signInThroughForm(page, ADMIN);
    await page.getByRole('heading', { name: 'Flow Manager' }).waitFor({ timeout: WAIT });
    // The top bar names the app, and warns while the server answers to the public demo keys.
    await page.getByRole('banner').getByText('App DEMO-APP-ID').waitFor({ timeout: WAIT });
    await page.getByRole('banner').getByText('Public demo keys').waitFor({ timeout: WAIT });

    // Chromium keeps a Secure cookie on http://127.0.0.1, and scripts cannot see it.
    const cookie = await sessionCookie(page);
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/console' });
    const readable = await page.evaluate(() =>
      JSON.stringify({ cookies: document.cookie, stored: { ...localStorage }, session: { ...sessionStorage } }),
    );
    expect(readable).not.toContain(cookie?.value);

    // The modal (Radix: scroll lock, focus trap, tabs, tooltips) and a write, then a reload: still signed in.
    await page.goto(`${server.url}/?permissions=${FLOW.id}`);
    const dialog = await rolesTab(page);
    const saved = savedRole(page, 'Sales');
    await dialog.getByRole('button', { name: 'Sales: inherited (granted)', exact: true }).click();
    await saved;
    // Radix keeps a clicked trigger's tooltip closed: another toggle's.
    await dialog.getByRole('button', { name: 'Finance: inherited (granted)', exact: true }).hover();
    await page.getByRole('tooltip').first().waitFor({ timeout: WAIT });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached', timeout: WAIT });
    await page.reload();
    await page.getByRole('heading', { name: 'Flow Manager' }).waitFor({ timeout: WAIT });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the console' }).waitFor({ timeout: WAIT });
    await expect.poll(() => sessionCookie(page), { timeout: WAIT }).toBeUndefined();
    expect(await call(server.url, 'GET', '/api/console/flows', { token: cookie?.value ?? '' })).toMatchObject({ status: 401 });
    expect(violations).toEqual([]);
    await page.close();
  });

  it('creates a flow and sets its status, creates and deletes a role, and gives a user a role', async () => {
    const server = await serve();
    const page = await openSignedIn(server.url, '?view=manage');
    await page.getByRole('heading', { name: 'Manage' }).waitFor({ timeout: WAIT });

    const newFlow = page.getByRole('form', { name: 'New flow' });
    await newFlow.getByLabel('Flow name').fill('Nightly Export');
    await newFlow.getByRole('button', { name: 'Create flow' }).click();
    const status = page.getByRole('combobox', { name: 'Status of Nightly Export' });
    await expect.poll(() => status.inputValue(), { timeout: WAIT }).toBe('NOT READY');
    await status.selectOption('LIVE');
    const activate = () =>
      call(server.url, 'POST', '/api/automation/flow/activate-by-name', { body: { name: 'Nightly Export' } });
    await expect.poll(async () => (await activate()).status, { timeout: WAIT }).toBe(200);

    const newRole = page.getByRole('form', { name: 'New role' });
    await newRole.getByLabel('Role name').fill('Interns');
    await newRole.getByRole('button', { name: 'Create role' }).click();
    await page.getByRole('button', { name: 'Delete Interns' }).waitFor({ timeout: WAIT });

    await page.getByRole('searchbox', { name: 'Search user accounts' }).fill('demo@example.com');
    const checkbox = page.getByRole('checkbox', { name: 'Interns for Demo User' });
    await checkbox.click({ timeout: WAIT });
    await expect.poll(() => checkbox.isChecked(), { timeout: WAIT }).toBe(true);
    const internsRow = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Delete Interns' }) });
    await expect.poll(() => internsRow.textContent(), { timeout: WAIT }).toContain('1 user');

    await page.getByRole('button', { name: 'Delete Interns' }).click();
    await page
      .getByRole('alertdialog', { name: 'Delete the role Interns?' })
      .getByRole('button', { name: 'Delete role' })
      .click();
    await page.getByRole('button', { name: 'Delete Interns' }).waitFor({ state: 'detached', timeout: WAIT });
    await expect.poll(() => page.getByRole('checkbox', { name: 'Interns for Demo User' }).count(), { timeout: WAIT }).toBe(0);
    await page.close();
  });
});
