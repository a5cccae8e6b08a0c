import { afterEach, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../contract/audit';
import { ADMIN, call, signIn, startServerProcess, tempDataDir, type ServerProcess } from './support/server';

/** `npm run serve` as a real process: an audited change answered with 200 is in the log after `kill -9`. */

const started: ServerProcess[] = [];
const dirs: { remove(): void }[] = [];
afterEach(async () => {
  for (const server of started.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
  }
  for (const dir of dirs.splice(0)) dir.remove();
});

describe('the audit log of npm run serve', () => {
  it('keeps a recorded change, a sign-in and a failed sign-in through kill -9', async () => {
    const data = tempDataDir();
    dirs.push(data);
    const first = await startServerProcess({ DATA_DIR: data.dir });
    started.push(first);
    expect((await call(first.url, 'POST', '/api/console/auth/sign-in', { body: { ...ADMIN, password: 'wrong' } })).status).toBe(
      401,
    );
    const token = await signIn(first.url);
    const renamed = await call(first.url, 'PATCH', '/api/console/flows/fl_0002', { token, body: { name: 'Approve Claims' } });
    expect(renamed.status).toBe(200);
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const second = await startServerProcess({ DATA_DIR: data.dir });
    started.push(second);
    const { body } = await call(second.url, 'GET', '/api/console/audit', { token });
    expect((body as AuditPage).items.map((entry) => [entry.kind, entry.by, entry.after])).toEqual([
      ['flow.rename', ADMIN.email, 'Approve Claims'],
      ['sign-in', ADMIN.email, null],
      ['sign-in.failed', ADMIN.email, null],
    ]);
  });
});
