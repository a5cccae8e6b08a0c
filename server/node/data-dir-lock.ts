import { spawn, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

export interface DataDirLock {
  release(): Promise<void>;
}

export class DataDirLockedError extends Error {}
/** DATA_DIR cannot hold a database: read-only, not a folder, not ours to write. */
export class DataDirUnusableError extends Error {}

/** flock's exit code when the lock is taken (`--conflict-exit-code`); any other code is another failure. */
const LOCKED = 75;

/**
 * Makes sure one process at a time opens DATA_DIR: PGlite does not lock its files, and two
 * processes writing one database corrupt it. The lock is a `flock` on `<DATA_DIR>/server.lock`, so it
 * belongs to the file itself: any path, bind mount or namespace that reaches the folder meets it.
 * Node has no flock, so util-linux's `flock` (Debian's base system) takes it and holds it while its
 * stdin, a pipe from this process, stays open: the kernel closes the pipe when this process ends, even
 * by `kill -9`, and the lock goes with it. `server.pid` says who holds it.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const real = usableDir(dataDir);
  const lockFile = join(real, 'server.lock');
  const pidFile = join(real, 'server.pid');
  writable(real, () => closeSync(openSync(lockFile, 'a')));
  let holder = await holdLock(lockFile);
  // After a `kill -9`, the old holder's flock needs a moment to see its pipe close: wait for it then.
  for (const deadline = Date.now() + 3_000; holder === 'locked' && !alive(readPid(pidFile)) && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    holder = await holdLock(lockFile);
  }
  if (holder === 'locked') {
    const pid = readPid(pidFile);
    throw new DataDirLockedError(
      `DATA_DIR ${real} is in use by another server process${pid ? ` (pid ${pid})` : ''}: stop it first, or give this one another DATA_DIR`,
    );
  }
  writable(real, () => writeFileSync(pidFile, `${process.pid}\n`));
  return { release: () => release(holder, pidFile) };
}

/** The folder, made if missing, resolved; an error that says what is wrong with it otherwise. */
function usableDir(dataDir: string): string {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    // A recursive mkdir says ENOENT for a parent it could not make: ask the nearest folder there is why.
    throw unusable(dataDir, (error as NodeJS.ErrnoException).code === 'ENOENT' ? (whyNotWritable(dataDir) ?? error) : error);
  }
  if (!statSync(dataDir).isDirectory()) throw new DataDirUnusableError(`DATA_DIR ${dataDir} is not a folder`);
  return realpathSync(dataDir);
}

function whyNotWritable(path: string): unknown {
  const parent = dirname(path);
  if (parent === path) return undefined;
  if (!existsSync(parent)) return whyNotWritable(parent);
  try {
    accessSync(parent, constants.W_OK);
    return undefined;
  } catch (error) {
    return error;
  }
}

function writable(dir: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    throw unusable(dir, error);
  }
}

function unusable(dir: string, error: unknown): DataDirUnusableError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EROFS') return new DataDirUnusableError(`DATA_DIR ${dir} is read-only`);
  if (code === 'EACCES' || code === 'EPERM') return new DataDirUnusableError(`DATA_DIR ${dir} is not writable by this user`);
  if (code === 'ENOTDIR' || code === 'EEXIST')
    return new DataDirUnusableError(`DATA_DIR ${dir} is not a folder (a file is in the way)`);
  if (code === 'ENOSPC') return new DataDirUnusableError(`DATA_DIR ${dir} is on a full disk`);
  return new DataDirUnusableError(`DATA_DIR ${dir} cannot be used (${code ?? (error as Error).message})`);
}

/** Starts `flock` holding the lock, or learns that someone else holds it. */
async function holdLock(lockFile: string): Promise<ChildProcess | 'locked'> {
  // Its own process group: Ctrl-C in a terminal must not free the lock while this process still stops.
  const child = spawn(
    'flock',
    ['--exclusive', '--nonblock', '--conflict-exit-code', String(LOCKED), lockFile, '--command', 'echo locked && exec cat'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    },
  );
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'ENOENT'
          ? new DataDirUnusableError('`flock` was not found: install util-linux, which holds the DATA_DIR lock')
          : error,
      ),
    );
    child.once('exit', (code) =>
      code === LOCKED
        ? resolve('locked')
        : fail(new DataDirUnusableError(`flock could not lock ${lockFile} (${code}): ${errors.trim()}`)),
    );
    child.stdout.once('data', () => {
      child.removeAllListeners('exit');
      child.stdout.destroy();
      resolve(child);
    });
  });
}

function readPid(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: string | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function release(holder: ChildProcess, pidFile: string): Promise<void> {
  if (readPid(pidFile) === String(process.pid)) rmSync(pidFile, { force: true });
  if (holder.exitCode !== null || holder.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => holder.once('exit', () => resolve()));
  holder.stdin?.end();
  await exited;
}
