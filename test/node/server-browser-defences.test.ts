import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../server/http/errors';
import type { RunningServer } from '../../server/node/start';
import { LIVE_FLOW, testSeed } from './support/backend';
import { ADMIN, call, sessionCookieOf, signInWithCookie, startTestServer, tempDataDir } from './support/server';

/** `npm run serve` as a browser meets it: security headers, the session cookie, CSRF and dotfiles. */

const SECRET = 'DATABASE_URL=postgres://flows:hunter2@db/flows';
const dist = mkdtempSync(join(tmpdir(), 'flow-console-dist-'));
const data = tempDataDir();
let server: RunningServer;

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'));
  mkdirSync(join(dist, '.git'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(dist, 'assets/app.js'), 'export {};');
  writeFileSync(join(dist, '.env'), SECRET);
  writeFileSync(join(dist, '.git/config'), SECRET);
  writeFileSync(join(dist, 'assets/.secret'), SECRET);
  server = await startTestServer({ dataDir: data.dir, distDir: dist }, await testSeed());
});
afterAll(async () => {
  await server.stop();
  data.remove();
  rmSync(dist, { recursive: true, force: true });
});

const CONSOLE_HEADER = { 'x-requested-with': 'flow-console' };
const roleWrite = { body: { value: 'deny' } };
const rolePath = `/api/console/flows/${LIVE_FLOW.id}/permissions/roles/Sales`;

describe('security headers', () => {
  it('go with every answer: the console page, its assets, the console API, the runtime API and errors', async () => {
    const answers = [
      await call(server.url, 'GET', '/'),
      await call(server.url, 'GET', '/assets/app.js'),
      await call(server.url, 'GET', '/api/console/flows'),
      await call(server.url, 'POST', '/api/automation/flow/activate-by-name', { body: { name: LIVE_FLOW.name } }),
      await call(server.url, 'GET', '/api/nope'),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 401, 200, 404]);
    for (const { headers } of answers) {
      const policy = (headers.get('content-security-policy') ?? '').split(';').map((directive) => directive.trim());
      expect(policy).toEqual(
        expect.arrayContaining([
          "default-src 'self'",
          "script-src 'self'",
          "connect-src 'self'",
          "object-src 'none'",
          "base-uri 'none'",
          "frame-ancestors 'none'",
        ]),
      );
      expect(policy.find((directive) => directive.startsWith('script-src'))).not.toContain('unsafe');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    }
  });
});

describe('the console session cookie', () => {
  it('is set at sign-in: HttpOnly, Secure, SameSite=Strict, for /api/console only', async () => {
    const answer = await call(server.url, 'POST', '/api/console/auth/sign-in', { body: ADMIN, headers: CONSOLE_HEADER });
    expect(answer.status).toBe(200);
    const cookie = sessionCookieOf(answer.headers) ?? '';
    const [pair = '', ...attributes] = cookie.split(';').map((part) => part.trim());
    expect(pair).toMatch(/^flow_console_session=[\w-]{40,}$/);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/api/console']));
    expect(attributes.some((attribute) => /^Max-Age=\d+$/.test(attribute))).toBe(true);
  });

  it('signs the browser in on its own; the Bearer form keeps working for scripts', async () => {
    const { token, cookie } = await signInWithCookie(server.url);
    expect(await call(server.url, 'GET', '/api/console/auth/session', { headers: { cookie } })).toMatchObject({
      status: 200,
      body: { admin: { email: ADMIN.email }, expiresAt: expect.any(String) },
    });
    expect(await call(server.url, 'GET', '/api/console/flows', { headers: { cookie } })).toMatchObject({
      status: 200,
      body: { total: 3 },
    });
    expect(await call(server.url, 'GET', '/api/console/flows', { token })).toMatchObject({ status: 200, body: { total: 3 } });
    // Sent to the API only, never with the page or the runtime API.
    expect(
      await call(server.url, 'GET', '/api/console/flows', { headers: { cookie: 'flow_console_session=not-a-session' } }),
    ).toMatchObject({
      status: 401,
      body: { code: ErrorCode.signInRequired },
    });
  });

  it('is not set for a script that signs in without the console header, which gets its token', async () => {
    const answer = await call(server.url, 'POST', '/api/console/auth/sign-in', { body: ADMIN });
    expect(answer).toMatchObject({ status: 200, body: { token: expect.any(String) } });
    expect(sessionCookieOf(answer.headers)).toBeUndefined();
  });

  it('is cleared at sign-out, which ends its session', async () => {
    const { cookie } = await signInWithCookie(server.url);
    const out = await call(server.url, 'POST', '/api/console/auth/sign-out', { headers: { cookie, ...CONSOLE_HEADER } });
    expect(out.status).toBe(204);
    expect(sessionCookieOf(out.headers)).toMatch(/^flow_console_session=;.*Max-Age=0/);
    expect((await call(server.url, 'GET', '/api/console/flows', { headers: { cookie } })).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a write authenticated by the cookie without the console header, with 403 { code, message }', async () => {
    const { cookie } = await signInWithCookie(server.url);
    const refused = await call(server.url, 'PUT', rolePath, { ...roleWrite, headers: { cookie } });
    expect(refused).toMatchObject({ status: 403, body: { code: ErrorCode.crossSiteRequest, message: expect.any(String) } });
    const wrongValue = await call(server.url, 'PUT', rolePath, {
      ...roleWrite,
      headers: { cookie, 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(wrongValue.status).toBe(403);
    expect(await call(server.url, 'GET', rolePath.replace(/\/Sales$/, ''), { headers: { cookie } })).toMatchObject({
      status: 200,
    });
    const signOut = await call(server.url, 'POST', '/api/console/auth/sign-out', { headers: { cookie } });
    expect(signOut).toMatchObject({ status: 403, body: { code: ErrorCode.crossSiteRequest } });

    expect(await call(server.url, 'PUT', rolePath, { ...roleWrite, headers: { cookie, ...CONSOLE_HEADER } })).toMatchObject({
      status: 200,
      body: { value: 'deny' },
    });
  });

  it('needs no header on a write authenticated by a Bearer token', async () => {
    const { token } = await signInWithCookie(server.url);
    expect(await call(server.url, 'PUT', rolePath, { ...roleWrite, token })).toMatchObject({
      status: 200,
      body: { value: 'deny' },
    });
    expect((await call(server.url, 'POST', '/api/console/auth/sign-out', { token })).status).toBe(204);
  });
});

describe('static files', () => {
  it('never serves dotfiles from dist/', async () => {
    for (const path of ['/.env', '/.git/config', '/assets/.secret', '/%2eenv', '/.git/']) {
      const answer = await call(server.url, 'GET', path);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(JSON.stringify(answer.body)).not.toContain('hunter2');
    }
    expect((await call(server.url, 'GET', '/assets/app.js')).status).toBe(200);
  });
});
