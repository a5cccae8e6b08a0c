import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnServer, tempDataDir } from './support/server';

/** A DATA_DIR the server cannot use stops it at once with one line saying why, never a stack trace. */

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function expectOneLine(env: Record<string, string>, wrapper: readonly string[], line: RegExp) {
  const server = spawnServer({ SEED: 'none', ...env }, undefined, wrapper);
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 30_000);
  const exited = await server.exited.finally(() => clearTimeout(timer));
  expect({ exited, output: server.output() }).toMatchObject({
    exited: { code: 1, signal: null },
    output: expect.stringMatching(line),
  });
  expect(server.output()).not.toMatch(/^\s+at /m);
}

describe('an unusable DATA_DIR', () => {
  it('a file where the folder should be', async () => {
    const parent = tempDataDir();
    cleanups.push(parent.remove);
    const file = join(parent.dir, 'data');
    writeFileSync(file, 'not a folder');
    await expectOneLine({ DATA_DIR: file }, [], /^Cannot start: DATA_DIR \S+ is not a folder/m);
    await expectOneLine({ DATA_DIR: join(file, 'below') }, [], /^Cannot start: DATA_DIR \S+ is not a folder/m);
  });

  // Root ignores permission bits, so the folder is made read-only by a read-only bind mount of itself,
  // in a mount namespace of the server's own (it vanishes with the server).
  const readOnly = (dir: string) => [
    'unshare',
    '--mount',
    '--propagation',
    'private',
    '--',
    'sh',
    '-c',
    'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"',
    dir,
  ];

  it('a read-only folder, and a missing one under a read-only parent', async () => {
    const empty = tempDataDir();
    cleanups.push(empty.remove);
    await expectOneLine({ DATA_DIR: empty.dir }, readOnly(empty.dir), /^Cannot start: DATA_DIR \S+ is read-only$/m);
    const missing = join(empty.dir, 'data');
    await expectOneLine({ DATA_DIR: missing }, readOnly(empty.dir), /^Cannot start: DATA_DIR \S+ is read-only$/m);
  });
});
