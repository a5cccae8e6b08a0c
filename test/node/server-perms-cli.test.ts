import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PermissionsDocument } from '../../contract/permissions-document';
import { call, ROOT, signIn, startServerProcess, tempDataDir, type ServerProcess } from './support/server';

/** `npm run perms` as a process against `npm run serve` (PGlite): every "Done when" of permissions as code. */

const FLOW = { id: 'fl_0001', name: 'Send Welcome Email' };
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

let server: ServerProcess;
let session: string;
const data = tempDataDir();
const file = (name: string) => join(data.dir, name);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command line with these arguments; FLOWS_URL and FLOWS_TOKEN from `env`. */
function perms(args: readonly string[], env: Record<string, string> = {}, script = join(ROOT, 'cli/perms.ts')): Promise<Run> {
  const command = script.endsWith('.mjs') ? [script] : ['--import', TSX, script];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...command, ...args],
      { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', FLOWS_URL: '', FLOWS_TOKEN: '', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function createToken(name: string, access: 'read' | 'write'): Promise<{ id: string; token: string }> {
  const answer = await call(server.url, 'POST', '/api/console/api-tokens', { token: session, body: { name, access } });
  expect(answer.status).toBe(201);
  return answer.body as { id: string; token: string };
}

const roleValue = async (role: string) =>
  (
    (await call(server.url, 'GET', `/api/console/flows/${FLOW.id}/permissions/roles/${role}`, { token: session })).body as {
      value: string | null;
    }
  ).value;

let writer: { id: string; token: string };
let reader: { id: string; token: string };
const as = (token: string) => ({ FLOWS_URL: server.url, FLOWS_TOKEN: token });

beforeAll(async () => {
  server = await startServerProcess({ DATA_DIR: data.dir });
  session = await signIn(server.url);
  writer = await createToken('ci-deploy', 'write');
  reader = await createToken('ci-check', 'read');
});
afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  data.remove();
});

describe('npm run perms against npm run serve', () => {
  it('exports, then applies the unchanged file with nothing to do; one edited value is planned (exit 2), applied and shown', async () => {
    const exported = await perms(['export'], as(writer.token));
    expect(exported.code).toBe(0);
    writeFileSync(file('perms.json'), exported.stdout);
    expect(await perms(['apply', '-f', file('perms.json'), '--yes'], as(writer.token))).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Nothing to do'),
    });
    expect((await perms(['plan', '-f', file('perms.json')], as(writer.token))).code).toBe(0);

    const document = JSON.parse(exported.stdout) as PermissionsDocument;
    const flow = document.flows[FLOW.name] as { roles: Record<string, string> };
    expect(flow.roles.NonAuthenticatedUser).toBeUndefined();
    flow.roles.NonAuthenticatedUser = 'deny';
    writeFileSync(file('perms.json'), JSON.stringify(document, null, 2));
    const plan = await perms(['plan', '-f', file('perms.json')], as(writer.token));
    expect(plan.code).toBe(2);
    expect(plan.stdout).toBe(
      `${FLOW.name}\n  + role NonAuthenticatedUser: inherited → denied\nPlan: 1 change (against revision ${(/revision (\w+)/.exec(plan.stdout) ?? [])[1]}).\n`,
    );

    const applied = await perms(['apply', '-f', file('perms.json'), '--yes'], as(writer.token));
    expect(applied).toMatchObject({ code: 0, stdout: expect.stringContaining('Applied 1 change.') });
    expect(await roleValue('NonAuthenticatedUser')).toBe('deny');
    const history = await call(server.url, 'GET', `/api/console/flows/${FLOW.id}/history`, { token: session });
    expect((history.body as { items: { by: string; changeSetId: string | null }[] }).items[0]).toMatchObject({
      by: 'ci-deploy (API token)',
      changeSetId: expect.any(String),
    });
  });

  it('changes nothing and lists the unknown names of a document', async () => {
    writeFileSync(
      file('unknown.json'),
      JSON.stringify({ version: 1, flows: { 'No Such Flow': {}, [FLOW.name]: { roles: { Ghosts: 'deny', Manager: 'deny' } } } }),
    );
    const before = await roleValue('Manager');
    const run = await perms(['apply', '-f', file('unknown.json'), '--yes'], as(writer.token));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Nothing was applied');
    expect(run.stderr).toContain('flow  No Such Flow');
    expect(run.stderr).toContain('role  Ghosts');
    expect(await roleValue('Manager')).toBe(before);
  });

  it('refuses (412) a document edited after someone else changed the same value', async () => {
    const exported = await perms(['export', '--flow', FLOW.name], as(writer.token));
    const document = JSON.parse(exported.stdout) as PermissionsDocument;
    const put = await call(server.url, 'PUT', `/api/console/flows/${FLOW.id}/permissions/roles/JSUser`, {
      token: session,
      body: { value: 'grant' },
    });
    expect(put.status).toBe(200);
    (document.flows[FLOW.name] as { roles: Record<string, string> }).roles.JSUser = 'deny';
    writeFileSync(file('stale.json'), JSON.stringify(document));
    const run = await perms(['apply', '-f', file('stale.json'), '--yes'], as(writer.token));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/changed since this document was exported.*\(412, code 4122\)/s);
    expect(await roleValue('JSUser')).toBe('grant');
  });

  it('fails a test file with one failing assertion (exit 1), naming it and the level that decided', async () => {
    writeFileSync(
      file('tests.json'),
      JSON.stringify({
        version: 1,
        tests: [
          { name: 'logged-in users may start it', flow: FLOW.name, caller: { roles: ['AuthenticatedUser'] }, expect: 'granted' },
          { name: 'anonymous callers may start it', flow: FLOW.name, caller: 'anonymous', via: 'JS', expect: 'granted' },
        ],
      }),
    );
    const run = await perms(['test', '-f', file('tests.json')], as(reader.token));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✓ logged-in users may start it');
    expect(run.stdout).toContain(
      '✗ anonymous callers may start it: expected granted, got denied: decided by a system role (NonAuthenticatedUser) [level systemRole]',
    );
    expect(run.stdout).toContain('1 passed, 1 failed');
  });

  it('lets a read-only token export, plan and test but not apply (403); a revoked token gets 401', async () => {
    expect((await perms(['export'], as(reader.token))).code).toBe(0);
    // Since perms.json was written, the console granted JSUser: the plan would take it back.
    expect(await perms(['plan', '-f', file('perms.json')], as(reader.token))).toMatchObject({
      code: 2,
      stdout: expect.stringContaining('- role JSUser: granted → inherited'),
    });
    const document = JSON.parse(readFileSync(file('perms.json'), 'utf8')) as PermissionsDocument;
    Reflect.deleteProperty(document, 'exportedFrom');
    (document.flows[FLOW.name] as { roles: Record<string, string> }).roles.NonAuthenticatedUser = 'grant';
    writeFileSync(file('edit.json'), JSON.stringify(document));
    const refused = await perms(['apply', '-f', file('edit.json'), '--yes'], as(reader.token));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('(403)');
    expect(await roleValue('NonAuthenticatedUser')).toBe('deny');

    expect((await call(server.url, 'DELETE', `/api/console/api-tokens/${reader.id}`, { token: session })).status).toBe(204);
    const revoked = await perms(['export'], as(reader.token));
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain('The server refused the token (401)');
  });

  it('says clearly when the server is unreachable, the token is bad or the document is invalid', async () => {
    const unreachable = await perms(['export', '--url', 'http://127.0.0.1:1', '--token', writer.token]);
    expect(unreachable).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Cannot reach the server at http://127.0.0.1:1'),
    });
    const bad = await perms(['export'], as('flt_not-a-token'));
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('The server refused the token (401)') });
    writeFileSync(
      file('invalid.json'),
      `{\n  "version": 1,\n  "flows": {\n    "${FLOW.name}": { "roles": { "Manager": "maybe" } }\n  }\n}\n`,
    );
    const invalid = await perms(['plan', '-f', file('invalid.json')], as(writer.token));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(
      /is not a valid permissions document: flows\.Send Welcome Email\.roles\.Manager \(line 4, column \d+\): /,
    );
    const none = await perms(['export']);
    expect(none).toMatchObject({ code: 1, stderr: expect.stringContaining('No server') });
  });

  it('runs as the package bin too', async () => {
    const run = await perms(['export', '--flow', FLOW.name], as(writer.token), join(ROOT, 'bin/flows-perms.mjs'));
    expect(run.code).toBe(0);
    expect(Object.keys((JSON.parse(run.stdout) as PermissionsDocument).flows)).toEqual([FLOW.name]);
  });
});
