import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

export interface DataDirLock {
  release(): Promise<void>;
}

export class DataDirLockedError extends Error {}

/**
 * Makes sure one process at a time opens DATA_DIR: PGlite does not lock its files, and two
 * processes writing one database corrupt it. The lock is a Unix socket in Linux's abstract namespace
 * named after the folder: the kernel lets one process bind it and frees it when that process dies,
 * even by `kill -9`, so a crash never leaves a stale lock. `server.pid` says who holds it.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  const real = realpathSync(dataDir);
  const name = `\0flow-permissions-console:${createHash('sha256').update(real).digest('hex').slice(0, 32)}`;
  const pidFile = join(real, 'server.pid');
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(name, () => resolve());
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    const holder = readPid(pidFile);
    throw new DataDirLockedError(
      `DATA_DIR ${real} is in use by another server process${holder ? ` (pid ${holder})` : ''}: ` +
        'stop it first, or give this one another DATA_DIR',
    );
  }
  writeFileSync(pidFile, `${process.pid}\n`);
  return { release: () => release(server, pidFile) };
}

function readPid(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

async function release(server: Server, pidFile: string): Promise<void> {
  if (readPid(pidFile) === String(process.pid)) rmSync(pidFile, { force: true });
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
