/**
 * `npm run bench:server`: how fast the real server answers over loopback, on PGlite and on PostgreSQL.
 * Starts `npm run serve` as its own process on the demo dataset, then measures with a fixed number of
 * requests from a few concurrent clients:
 *   - permission writes: PUT of a user's value on a flow (If-Match-free, each a change with its history entry);
 *   - activation checks: POST /api/automation/flow/activate-by-name (decide, record the attempt, answer).
 * Prints requests per second and p50/p99 latency. Then the audit log and the impact preview at scale
 * (bench-audit-impact.ts). PostgreSQL comes from BENCH_DATABASE_URL, or is
 * started and stopped here like the tests' (Debian's `postgresql`, see README).
 */
import pg from 'pg';
import { benchAuditAndImpact } from './bench-audit-impact';
import { performance } from 'node:perf_hooks';
import { startTestPostgres, type TestPostgres } from '../test/node/support/postgres';
import {
  buildConsole,
  signIn,
  startServerProcess,
  tempDataDir,
  serveBuildFrom,
  type ServerProcess,
} from '../test/node/support/server';

const CLIENTS = Number(process.env.BENCH_CLIENTS) || 8;
const REQUESTS = Number(process.env.BENCH_REQUESTS) || 2000;
const FLOW = { id: 'fl_0001', name: 'Send Welcome Email' };

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function measure(send: (index: number) => Promise<Response>): Promise<Figures> {
  // Warm up connections and caches.
  await Promise.all(Array.from({ length: CLIENTS }, (_, index) => send(index).then((response) => response.arrayBuffer())));
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let index = next++; index < REQUESTS; index = next++) {
        const before = performance.now();
        const response = await send(index);
        await response.arrayBuffer();
        latencies.push(performance.now() - before);
        if (!response.ok) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: REQUESTS / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}

async function benchServer(server: ServerProcess): Promise<{ writes: Figures; activations: Figures }> {
  const token = await signIn(server.url);
  const values = ['grant', 'deny', null];
  const writes = await measure((index) =>
    fetch(`${server.url}/api/console/flows/${FLOW.id}/permissions/users/u_${String((index % 250) + 1).padStart(6, '0')}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ value: values[Math.floor(index / 250) % values.length] }),
    }),
  );
  const activations = await measure(() =>
    fetch(`${server.url}/api/automation/flow/activate-by-name`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: FLOW.name, initialData: {} }),
    }),
  );
  return { writes, activations };
}

const row = (store: string, what: string, figures: Figures) =>
  `| ${store} | ${what} | ${Math.round(figures.perSecond)} | ${figures.p50.toFixed(1)} | ${figures.p99.toFixed(1)} |` +
  (figures.failures ? ` ${figures.failures} failed |` : '');

async function main() {
  const lines = ['| store | operation | per second | p50 ms | p99 ms |', '|---|---|---:|---:|---:|'];
  console.log(`${CLIENTS} concurrent clients, ${REQUESTS} requests per operation, loopback HTTP, one server process\n`);
  const built = await buildConsole();
  serveBuildFrom(built.dir);

  const data = tempDataDir();
  const embedded = await startServerProcess({ DATA_DIR: data.dir, SEED: 'demo' });
  try {
    const { writes, activations } = await benchServer(embedded);
    lines.push(row('PGlite (embedded)', 'permission writes', writes), row('PGlite (embedded)', 'activation checks', activations));
  } finally {
    embedded.child.kill('SIGTERM');
    await embedded.exited;
    data.remove();
  }

  let postgres: TestPostgres | undefined;
  const given = process.env.BENCH_DATABASE_URL;
  if (!given) postgres = await startTestPostgres();
  const adminUrl = given ?? postgres?.url ?? '';
  const database = `bench_${Date.now().toString(36)}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const server = await startServerProcess({ DATABASE_URL: url.toString(), SEED: 'demo' });
  try {
    const { writes, activations } = await benchServer(server);
    lines.push(row('PostgreSQL 15', 'permission writes', writes), row('PostgreSQL 15', 'activation checks', activations));
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    await postgres?.stop();
    built.remove();
  }
  console.log(lines.join('\n'));
  console.log(`\n${(await benchAuditAndImpact()).join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
