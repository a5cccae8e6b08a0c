/**
 * `npm run bench:server`: the real server's runtime checks and permission writes as ratios of a bare
 * Hono app (bench-bare.ts) measured in the same run, with the same load generator, right before each
 * operation. On PGlite and on PostgreSQL, `npm run serve` runs as its own process on the demo dataset:
 *   - anonymous activate-by-name (decide, record the attempt, answer);
 *   - logged-in activate-by-name (the same with a user-token: session and roles);
 *   - permission writes: PUT of a user's value on a flow (each a change with its history entry).
 * Prints requests per second and p50/p99 latency, and each as a ratio of the bare app's, with the
 * targets; next to them the servers' own p50/p99 (REQUEST_TIMING=1, a summary on SIGUSR2) and, per
 * operation, their CPU per request, event-loop delay and GC (decision 040). The load comes from the
 * light generator (load-generator.ts; BENCH_GENERATOR=fetch for Node's fetch, as before).
 * Then the decision cache's memory for 100,000 users, 1,000 flows and 50,000 values.
 * PostgreSQL comes from BENCH_DATABASE_URL, or is started and stopped here like the tests'.
 * Then the audit log and the impact preview at scale (bench-audit-impact.ts).
 * First, in this process: who-can-start summaries on PGlite at 100,000 users and 1,000 flows, next to
 * a bare one-row store read in the same run (BENCH_WHO_CAN_START_ONLY=1 stops after them).
 * BENCH_OPERATIONS=writes (or anonymous, logged, any part of an operation's name) measures only the
 * operations whose name contains it, on both stores, and nothing else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { benchAuditAndImpact } from './bench-audit-impact';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { TIMING_LINE, type TimingSummary } from '../server/node/request-timing';
import { startTestPostgres, type TestPostgres } from '../test/node/support/postgres';
import { createAccessService } from '../server/access/access-service';
import { migrate } from '../server/node/db/migrate';
import { openPglite } from '../server/node/db/pglite';
import { flowId, generateSeed } from '../server/seed/demo';
import { resetDatabase } from '../server/store/postgres/pg-seed';
import { createPgStore } from '../server/store/postgres/pg-store';
import {
  appUserToken,
  buildConsole,
  ROOT,
  serveBuildFrom,
  signIn,
  startServerProcess,
  tempDataDir,
  type ServerProcess,
} from '../test/node/support/server';
import { measureCacheMemory } from './bench-memory';
import { runLoad, type LoadRequest, type LoadResult } from './load-generator';

const CLIENTS = Number(process.env.BENCH_CLIENTS) || 8;
const REQUESTS = Number(process.env.BENCH_REQUESTS) || 3000;
const FLOW = { id: 'fl_0001', name: 'Send Welcome Email' };
/** Today's figures (before the decision cache), from the issue: what writes must triple. */
const WRITES_BEFORE = { PGlite: 241, PostgreSQL: 405 } as const;
/** BENCH_SERVER_NODE_ARGS: Node options for the server under test (space-separated), to compare e.g. V8's heap settings. */
const SERVER_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** Only the operations whose name contains this (and none of the other parts of the bench). */
const ONLY = process.env.BENCH_OPERATIONS;

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  failures: number;
  /** What the server measured itself over the timed requests (REQUEST_TIMING). */
  server: TimingSummary;
  /** The load generator's CPU time per request, in ms (this process's, while the load ran). */
  clientCpuMs: number;
  /** The server's CPU time per request (user + system, from /proc), and its database's when it has its own processes. */
  serverCpuMs: number;
  databaseCpuMs: number | undefined;
  /** How long its main thread waited for a CPU while ready to run, per request, in ms. */
  runQueueMs: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Untimed requests before each figure, the same way: the first seconds of a fresh process run its
 * JavaScript and PGlite's WebAssembly before the engine has optimised them (several times slower).
 * 2,000: with the light generator 500 took a tenth of a second, and the first figure of a run still
 * cost the server 1.7× the CPU per request of the next (0.59 against 0.34 ms).
 */
const WARMUP = Number(process.env.BENCH_WARMUP) || 2000;

/**
 * BENCH_GENERATOR=fetch sends the load with Node's `fetch` in this process, as the benchmark did before
 * the light generator (decision 040): to compare the two at the same load.
 */
const GENERATOR = process.env.BENCH_GENERATOR === 'fetch' ? 'fetch' : 'light';

async function fetchLoad(base: string, count: number, request: (index: number) => LoadRequest): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let failures = 0;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let index = next++; index < count; index = next++) {
        const { method, path, headers, body } = request(index);
        const before = performance.now();
        const response = await fetch(base + path, {
          method,
          ...(headers ? { headers } : {}),
          ...(body === undefined ? {} : { body }),
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - before);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (!response.ok) failures++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return {
    latencies,
    failures,
    statuses,
    seconds: (performance.now() - started) / 1000,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

const load = (base: string, count: number, request: (index: number) => LoadRequest) =>
  GENERATOR === 'fetch' ? fetchLoad(base, count, request) : runLoad(base, { clients: CLIENTS, count, request });

/** A process under test: where it listens, and its own timing summary (SIGUSR2) since the last one. */
interface Target {
  url: string;
  takeTiming(): Promise<TimingSummary>;
  /** Its process id, for its CPU time. */
  pid: number;
  /** PostgreSQL's processes, for theirs. */
  databasePids?: () => number[];
}

/** A process's CPU time (user + system) in ms, from /proc (Linux); 0 once it has gone. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/**
 * How long the server's main thread waited for a CPU while it was ready to run, in ms
 * (`/proc/<pid>/task/<pid>/schedstat`, Linux): time the machine, not the code, added to its answers.
 */
function runQueueMsOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
}

/** The postmaster and its children (backends, writers), from the data directory's postmaster.pid. */
function postgresPids(dataDirectory: string): number[] {
  const postmaster = Number(readFileSync(join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n', 1)[0]);
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

/** Asks a process started with REQUEST_TIMING=1 for its summary and waits for the line. */
async function timingOf(child: ChildProcess, output: () => string): Promise<TimingSummary> {
  const count = () => output().split(TIMING_LINE).length - 1;
  const before = count();
  child.kill('SIGUSR2');
  const deadline = performance.now() + 10_000;
  while (count() === before) {
    if (performance.now() > deadline) throw new Error('No timing summary from the server (started without REQUEST_TIMING=1?)');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const line = output().split(TIMING_LINE)[before + 1]?.split('\n', 1)[0] ?? '';
  return JSON.parse(line) as TimingSummary;
}

/** CLIENTS concurrent clients, each sending its next request when the last is answered: warm-up, then the figure. */
async function measure(target: Target, request: (index: number) => LoadRequest): Promise<Figures> {
  // This process held 100,000 users in PGlite just before: collect that now, not during the figure.
  (globalThis as { gc?: () => void }).gc?.();
  await load(target.url, WARMUP, request);
  await target.takeTiming();
  const databasePids = target.databasePids?.() ?? [];
  const databaseCpu = () => databasePids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
  const cpuBefore = { server: cpuMsOf(target.pid), database: databaseCpu(), waited: runQueueMsOf(target.pid) };
  const result = await load(target.url, REQUESTS, request);
  const serverCpuMs = (cpuMsOf(target.pid) - cpuBefore.server) / REQUESTS;
  const runQueueMs = (runQueueMsOf(target.pid) - cpuBefore.waited) / REQUESTS;
  const databaseCpuMs = databasePids.length ? (databaseCpu() - cpuBefore.database) / REQUESTS : undefined;
  const server = await target.takeTiming();
  const latencies = result.latencies.sort((a, b) => a - b);
  return {
    perSecond: REQUESTS / result.seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures: result.failures,
    server,
    clientCpuMs: result.clientCpuMs / REQUESTS,
    serverCpuMs,
    databaseCpuMs,
    runQueueMs,
  };
}

type Operation = { name: string; request: (index: number) => LoadRequest; target: string };

async function operations(server: ServerProcess, store: keyof typeof WRITES_BEFORE): Promise<Operation[]> {
  const token = await signIn(server.url);
  const json = { 'content-type': 'application/json' };
  const userToken = await appUserToken(server.url, 'bench');
  const activate = (headers: Record<string, string>) => (): LoadRequest => ({
    method: 'POST',
    path: '/api/automation/flow/activate-by-name',
    headers: { ...json, ...headers },
    body: JSON.stringify({ name: FLOW.name, initialData: {} }),
  });
  const values = ['grant', 'deny', null];
  return [
    { name: 'activate-by-name, anonymous', request: activate({}), target: '≥ 0.5, p99 ≤ 10 ms' },
    { name: 'activate-by-name, logged in', request: activate({ 'user-token': userToken }), target: '≥ 0.5, p99 ≤ 10 ms' },
    {
      name: 'permission writes',
      request: (index) => ({
        method: 'PUT',
        path: `/api/console/flows/${FLOW.id}/permissions/users/${writtenUser(index)}`,
        headers: { ...json, authorization: `Bearer ${token}` },
        body: JSON.stringify({ value: values[Math.floor(index / 250) % values.length] }),
      }),
      target: `≥ ${WRITES_BEFORE[store] * 3}/s (3 × ${WRITES_BEFORE[store]})`,
    },
  ];
}

/** The writes cycle over 250 users (grant, deny, then none for each in turn). */
const writtenUser = (index: number) => `u_${String((index % 250) + 1).padStart(6, '0')}`;

async function startBare(): Promise<Target & { stop(): Promise<void> }> {
  const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const child = spawn(process.execPath, ['--import', tsx, join(ROOT, 'scripts/bench-bare.ts')], {
    env: { ...process.env, REQUEST_TIMING: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`The bare app exited (${code})`)));
  });
  return {
    url,
    takeTiming: () => timingOf(child, () => output),
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const serverTarget = (server: ServerProcess, databasePids?: () => number[]): Target => ({
  url: server.url,
  takeTiming: () => timingOf(server.child, server.output),
  pid: server.child.pid ?? 0,
  ...(databasePids ? { databasePids } : {}),
});

const ratio = (value: number, base: number) => (base > 0 ? (value / base).toFixed(2) : '–');
const ms = (figure: number) => figure.toFixed(1);

function rows(store: keyof typeof WRITES_BEFORE, operation: Operation, bare: Figures, figures: Figures): string {
  const failed = figures.failures ? ` (${figures.failures} failed)` : '';
  return (
    `| ${store} | ${operation.name} | ${Math.round(figures.perSecond)}${failed} | ${Math.round(bare.perSecond)} | ` +
    `**${ratio(figures.perSecond, bare.perSecond)}** | ${ms(figures.p50)} / ${ms(figures.p99)} | ` +
    `${ms(figures.server.p50)} / ${ms(figures.server.p99)} | ${ms(bare.p50)} / ${ms(bare.p99)} | ` +
    `${ms(bare.server.p50)} / ${ms(bare.server.p99)} | ${operation.target} |`
  );
}

/** What the server saw besides its latency: its longest request, stalls of its thread, GC, and the generator's CPU. */
function details(store: keyof typeof WRITES_BEFORE, operation: Operation, bare: Figures, figures: Figures, done: string) {
  const of = ({ server, clientCpuMs, serverCpuMs, databaseCpuMs, runQueueMs }: Figures) =>
    `CPU ${serverCpuMs.toFixed(3)} ms/request` +
    (databaseCpuMs === undefined ? '' : ` (PostgreSQL's ${databaseCpuMs.toFixed(3)})`) +
    `, waited for a CPU ${runQueueMs.toFixed(3)} ms/request` +
    `, max ${ms(server.max)} ms, event-loop delay p99/max ${ms(server.eventLoopDelay.p99)}/${ms(server.eventLoopDelay.max)} ms, ` +
    `GC ${server.gc.count}× ${ms(server.gc.ms)} ms (longest ${ms(server.gc.maxMs)}; ${server.gc.major.count} major, ` +
    `longest ${ms(server.gc.major.maxMs)}), heap ${Math.round(server.heapMb)} MB, generator CPU ${clientCpuMs.toFixed(3)} ms/request`;
  return `- ${store}, ${operation.name}: server ${of(figures)}${done}; bare ${of(bare)}`;
}

/** Rows written by an operation, counted in the database (PostgreSQL only: PGlite is the server's own). */
type Counter = (operation: Operation) => Promise<number>;

async function benchStore(
  store: keyof typeof WRITES_BEFORE,
  server: ServerProcess,
  bare: Target,
  lines: string[],
  notes: string[],
  counter?: Counter,
  databasePids?: () => number[],
) {
  for (const operation of (await operations(server, store)).filter(({ name }) => !ONLY || name.includes(ONLY))) {
    const baseline = await measure(bare, operation.request);
    const before = await counter?.(operation);
    const figures = await measure(serverTarget(server, databasePids), operation.request);
    const after = await counter?.(operation);
    const done =
      before === undefined || after === undefined ? '' : `, ${after - before} rows written for ${WARMUP + REQUESTS} requests`;
    lines.push(rows(store, operation, baseline, figures));
    notes.push(details(store, operation, baseline, figures, done));
    console.log(`${notes.at(-1)} (load average ${loadNow()})`);
  }
}

const loadNow = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Each flow's who-can-start summary, one after the other, as the Flow Manager asks for them. */
async function benchWhoCanStart(): Promise<void> {
  const USERS = 100_000;
  const FLOWS = 1_000;
  const sql = await openPglite();
  try {
    await migrate(sql);
    await resetDatabase(sql, generateSeed({ users: USERS, flows: FLOWS }));
    const store = createPgStore(sql);
    const access = createAccessService({ store });
    const write = { by: 'bench@example.com', at: new Date().toISOString(), principalName: 'bench' };
    // Values that make the count depend on the users' roles, on one flow in ten.
    for (let index = 0; index < FLOWS; index += 10) {
      await store.setValue(flowId(index), { kind: 'role', name: 'Sales' }, 'deny', write);
      await store.setValue(flowId(index), { kind: 'role', name: 'AuthenticatedUser' }, 'deny', write);
      await store.setValue(flowId(index), { kind: 'role', name: 'Manager' }, 'grant', write);
    }
    const time = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const baseline: number[] = [];
    const summaries: number[] = [];
    for (let index = 0; index < FLOWS; index++) {
      baseline.push(await time(() => store.getFlow(flowId(index))));
      summaries.push(await time(() => access.whoCanStart(flowId(index))));
    }
    // The first summary after a change of roles: the change moved one user between role-set counts.
    const { items } = await store.listUsers({ search: '', offset: 0, limit: 1 });
    const roleChange = await time(() => store.setUserRoles(items[0]?.id ?? '', ['Sales']));
    const afterChange = await time(() => access.whoCanStart(flowId(0)));
    const sorted = [...summaries].sort((a, b) => a - b);
    console.log(
      [
        `Who can start, PGlite in this process, ${USERS.toLocaleString('en-US')} users, ${FLOWS.toLocaleString('en-US')} flows (one summary at a time):`,
        '| what | median ms | p99 ms | max ms |',
        '|---|---:|---:|---:|',
        `| baseline: one flow read (getFlow) | ${median(baseline).toFixed(2)} | ${percentile(
          [...baseline].sort((a, b) => a - b),
          99,
        ).toFixed(2)} | ${Math.max(...baseline).toFixed(2)} |`,
        `| who-can-start summary | ${median(summaries).toFixed(2)} | ${percentile(sorted, 99).toFixed(2)} | ${Math.max(...summaries).toFixed(2)} |`,
        `| the role change itself (moves one user between role-set counts) | ${roleChange.toFixed(2)} | | |`,
        `| first summary after that role change | ${afterChange.toFixed(2)} | | |`,
        `ratio summary / baseline (medians): ${(median(summaries) / median(baseline)).toFixed(1)}×`,
        '',
      ].join('\n'),
    );
  } finally {
    await sql.close();
  }
}

async function main() {
  if (!ONLY) await benchWhoCanStart();
  if (process.env.BENCH_WHO_CAN_START_ONLY === '1') return;
  console.log(
    `${CLIENTS} concurrent clients, ${REQUESTS} requests per figure, loopback HTTP, ${GENERATOR} load generator; ` +
      `load average ${loadNow()}\n`,
  );
  const lines = [
    '| store | operation | per second | bare per second | ratio | p50 / p99 ms | server p50 / p99 ms | bare p50 / p99 ms | bare server p50 / p99 ms | target |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  const notes: string[] = [];
  const built = await buildConsole();
  serveBuildFrom(built.dir);
  const bare = await startBare();
  try {
    const data = tempDataDir();
    const embedded = await startServerProcess({ DATA_DIR: data.dir, SEED: 'demo', REQUEST_TIMING: '1' }, undefined, SERVER_ARGS);
    try {
      await benchStore('PGlite', embedded, bare, lines, notes);
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
    const server = await startServerProcess(
      { DATABASE_URL: url.toString(), SEED: 'demo', REQUEST_TIMING: '1' },
      undefined,
      SERVER_ARGS,
    );
    try {
      const inBench = new pg.Client(url.toString());
      await inBench.connect();
      // Each activation is one record, each write one audit entry: the server really did the work.
      const counter: Counter = async ({ name }) => {
        const table = name.includes('activate') ? 'activations' : 'audit_log';
        const {
          rows: [row],
        } = await inBench.query<{ seq: string }>(`SELECT coalesce(max(seq), 0) AS seq FROM ${table}`);
        return Number(row?.seq ?? 0);
      };
      try {
        const dataDirectory = (await admin.query<{ data_directory: string }>('SHOW data_directory')).rows[0]?.data_directory;
        // Readable where the bench started PostgreSQL itself (as the tests do); otherwise its CPU is not shown.
        const pids =
          dataDirectory && existsSync(join(dataDirectory, 'postmaster.pid')) ? () => postgresPids(dataDirectory) : undefined;
        await benchStore('PostgreSQL', server, bare, lines, notes, counter, pids);
      } finally {
        await inBench.end();
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
      await postgres?.stop();
    }
  } finally {
    await bare.stop();
    built.remove();
  }
  console.log(`\n${lines.join('\n')}\n\n${notes.join('\n')}`);
  if (ONLY) return console.log(`\nLoad average at the end: ${loadNow()}`);
  const memory = await measureCacheMemory();
  console.log(
    `\nDecision cache memory: ${(memory.bytes / 1024 / 1024).toFixed(1)} MB for ${memory.entries} (target < 100 MB)` +
      `\nLoad average at the end: ${loadNow()}`,
  );
  console.log(`\n${(await benchAuditAndImpact()).join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
