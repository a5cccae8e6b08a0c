import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from './support/postgres';
import { signIn, startServerProcess, type ServerProcess } from './support/server';

/**
 * `npm run serve` over a PostgreSQL server that goes away under load: restarted (fast and immediate)
 * and its connections terminated while sixteen clients write and activate. The process stays up,
 * answers 503 with Retry-After meanwhile, serves again within a second of the database's return, and
 * every write it answered with 200 is in the database afterwards.
 */

const CLIENTS = 16;
const FLOW = { id: 'fl_0001', name: 'Send Welcome Email' };
const userId = (client: number) => `u_${String(client + 1).padStart(6, '0')}`;
const rowPath = (client: number) => `/api/console/flows/${FLOW.id}/permissions/users/${userId(client)}`;

interface Outcome {
  status: number | 'network';
  retryAfter: string | null;
  body: unknown;
  detail?: string;
}

async function send(url: string, init: RequestInit): Promise<Outcome> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
  } catch (error) {
    return { status: 'network', retryAfter: null, body: null, detail: String((error as Error).cause ?? error) };
  }
}

const until = async (condition: () => boolean | Promise<boolean>, what: string | (() => string), timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** Sixteen clients: each writes its own user's value (alternating, with a write id) and activates the flow. */
function startLoad(url: string, token: string) {
  const acknowledged = new Set<string>();
  const outcomes: Outcome[] = [];
  const mismatches: string[] = [];
  let running = true;
  const clients = Array.from({ length: CLIENTS }, async (_, client) => {
    let known: string | null = null;
    for (let n = 1; running; n++) {
      const writeId = `w-${client}-${n}`;
      const value: 'grant' | 'deny' = known === 'grant' ? 'deny' : 'grant';
      const write = await send(url + rowPath(client), {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': writeId },
        body: JSON.stringify({ value }),
      });
      outcomes.push(write);
      if (write.status === 200) {
        const row = write.body as { value: string | null; changed: { writeId: string | null } | null };
        // An unanswered write may have committed, so this one may find the value already set: then it changed nothing.
        if (row.value !== value) mismatches.push(`${writeId}: asked ${value}, answered ${row.value}`);
        if (row.changed?.writeId === writeId) acknowledged.add(writeId);
        known = row.value;
      }
      if (n % 3 === 0) {
        outcomes.push(
          await send(`${url}/api/automation/flow/activate-by-name`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: FLOW.name }),
          }),
        );
      }
      // A client backs off on 503, as Retry-After asks (in seconds; here shortened to keep the test short).
      if (write.status !== 200) await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
  return {
    acknowledged,
    outcomes,
    mismatches,
    async stop() {
      running = false;
      await Promise.all(clients);
    },
  };
}

describe('npm run serve when PostgreSQL goes away under load', () => {
  let postgres: TestPostgres;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    postgres = await startTestPostgres();
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server?.exited;
    await postgres?.stop();
  });

  it('stays up through restarts and dropped connections, answers 503 meanwhile and loses no acknowledged write', async () => {
    server = await startServerProcess({ DATABASE_URL: postgres.url, SEED: 'demo' });
    const { url } = server;
    const running = server;
    const state = (what: string) => () =>
      `${what}; the server's exit: ${running.child.exitCode ?? running.child.signalCode ?? 'none'}, its output:\n${running.output().slice(-6000)}`;
    const token = await signIn(url);
    const load = startLoad(url, token);
    const acknowledgedOver = async (count: number) => {
      const target = load.acknowledged.size + count;
      await until(() => load.acknowledged.size >= target, state(`${count} more acknowledged writes`));
    };
    const probe = () => send(url + rowPath(0), { headers: { authorization: `Bearer ${token}` } });
    const recoveries: number[] = [];
    try {
      await acknowledgedOver(CLIENTS * 3);
      for (const mode of ['fast', 'immediate'] as const) {
        const seen = load.outcomes.length;
        postgres.halt(mode);
        await until(
          () => load.outcomes.slice(seen).filter((outcome) => outcome.status !== 200).length >= CLIENTS,
          'answers during the outage',
        );
        postgres.resume();
        const back = Date.now();
        await until(async () => (await probe()).status === 200, state('the server to serve again'), 5_000);
        recoveries.push(Date.now() - back);
        await acknowledgedOver(CLIENTS);
      }
      const admin = new pg.Client(postgres.url);
      await admin.connect();
      try {
        for (let round = 0; round < 5; round++) {
          await admin.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = $1 AND pid <> pg_backend_pid()',
            ['client backend'],
          );
          await acknowledgedOver(CLIENTS);
        }
      } finally {
        await admin.end();
      }
    } finally {
      await load.stop();
    }

    expect({ exitCode: server.child.exitCode, signal: server.child.signalCode }).toEqual({ exitCode: null, signal: null });
    expect(server.output()).not.toMatch(/Unhandled 'error' event/);
    expect(load.outcomes.filter((outcome) => outcome.status === 'network')).toEqual([]);
    expect(load.mismatches).toEqual([]);
    const failures = load.outcomes.filter((outcome) => outcome.status !== 200);
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure).toMatchObject({
        status: 503,
        retryAfter: expect.stringMatching(/^\d+$/),
        body: { code: 5030, message: expect.any(String) },
      });
    }
    expect(Math.max(...recoveries)).toBeLessThan(1_000);

    const check = new pg.Client(postgres.url);
    await check.connect();
    try {
      const { rows } = await check.query<{ write_id: string }>('SELECT write_id FROM value_history WHERE write_id = ANY($1)', [
        [...load.acknowledged],
      ]);
      const stored = new Set(rows.map((row) => row.write_id));
      expect([...load.acknowledged].filter((writeId) => !stored.has(writeId))).toEqual([]);
    } finally {
      await check.end();
    }
    // One line per connection event, never a stack per request.
    expect(
      server
        .output()
        .split('\n')
        .filter((line) => /^\s+at /.test(line)).length,
    ).toBe(0);
  });
});
