import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL server for the tests, started here and stopped at the end: Debian's `postgresql`
 * package, through `pg_createcluster`/`pg_ctlcluster` as root (its binaries refuse to run as root
 * directly), or `initdb`/`pg_ctl` in a temporary folder otherwise. TEST_DATABASE_URL uses a running
 * server instead. Never skipped: without PostgreSQL the tests fail and say how to install it.
 */
export interface TestPostgres {
  /** A superuser's URL; tests create their own databases on it. */
  readonly url: string;
  stop(): Promise<void>;
  /** Stops the server but keeps its data (`fast` ends sessions cleanly, `immediate` drops them); tests of outages. */
  halt(mode: 'fast' | 'immediate'): void;
  /** Starts it again after `halt`, returning once it takes connections. */
  resume(): void;
}

const CLUSTER_PREFIX = 'vitest_';
const run = (command: string, args: string[]) => execFileSync(command, args, { stdio: 'pipe', encoding: 'utf8' });

function postgresVersion(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
    : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) {
    throw new Error(
      'PostgreSQL was not found (no /usr/lib/postgresql/<version>/bin/initdb). The tests run the store against a real ' +
        'PostgreSQL server: install it with `sudo apt-get install -y postgresql` (the tests start and stop their own ' +
        'server), or point TEST_DATABASE_URL at a server where the user may create databases.',
    );
  }
  return newest;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Clusters left by test runs that were killed before they could drop them. */
function dropStaleClusters(version: string): void {
  const clusters = existsSync(`/etc/postgresql/${version}`) ? readdirSync(`/etc/postgresql/${version}`) : [];
  for (const name of clusters) {
    const pid = Number(name.slice(CLUSTER_PREFIX.length).split('_')[0]);
    if (name.startsWith(CLUSTER_PREFIX) && Number.isInteger(pid) && !alive(pid)) {
      try {
        run('pg_dropcluster', ['--stop', version, name]);
      } catch {
        // Someone else is dropping it.
      }
    }
  }
}

async function startAsRoot(version: string): Promise<TestPostgres> {
  dropStaleClusters(version);
  const port = await freePort();
  const name = `${CLUSTER_PREFIX}${process.pid}_${port}`;
  run('pg_createcluster', [
    version,
    name,
    '--port',
    String(port),
    '--start-conf',
    'manual',
    '-o',
    'fsync=off',
    '--',
    '--auth-host=trust',
    '--auth-local=peer',
  ]);
  try {
    run('pg_ctlcluster', [version, name, 'start']);
  } catch (error) {
    run('pg_dropcluster', ['--stop', version, name]);
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => void run('pg_dropcluster', ['--stop', version, name]),
    halt: (mode) => void run('pg_ctlcluster', [version, name, 'stop', '-m', mode]),
    resume: () => void run('pg_ctlcluster', [version, name, 'start']),
  };
}

async function startAsUser(version: string): Promise<TestPostgres> {
  const bin = `/usr/lib/postgresql/${version}/bin`;
  const dir = mkdtempSync(join(tmpdir(), 'vitest-postgres-'));
  const data = join(dir, 'data');
  const port = await freePort();
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust']);
  const start = () =>
    run(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
    halt: (mode) => void run(join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']),
    resume: () => void start(),
  };
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    const refuse = () => {
      throw new Error('TEST_DATABASE_URL: the tests cannot stop and start a server they did not start');
    };
    return { url: given, stop: async () => undefined, halt: refuse, resume: refuse };
  }
  const version = postgresVersion();
  return process.getuid?.() === 0 ? startAsRoot(version) : startAsUser(version);
}
