/**
 * `npm run bench:attack`: does a flood of password-hashing requests slow everyone else down?
 *
 * Starts `npm run serve` (PGlite, demo dataset) as its own process and measures, from 4 concurrent
 * clients, console reads (a signed-in GET of the flows) and anonymous activations (activate-by-name):
 *   1. quiet: nothing else running (the baseline of the same run);
 *   2. under attack: 64 concurrent requests that each cost a password hash (console sign-ins, app logins
 *      and registrations with unique emails), kept up for the whole measurement, each attacker on a
 *      loopback address of its own (127.0.0.2 …), so per-address limits do not simply turn them away and
 *      the global hashing limit is what is measured.
 * Prints p50/p99 of both phases and how the attack requests were answered (by status).
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { buildConsole, serveBuildFrom, signIn, startServerProcess, tempDataDir } from '../test/node/support/server';

const CLIENTS = 4;
const ATTACKERS = 64;
const SECONDS = Number(process.env.BENCH_SECONDS) || 8;
const FLOW_NAME = 'Send Welcome Email';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

interface Figures {
  count: number;
  p50: number;
  p99: number;
  failures: number;
}

/** Sends `send` from CLIENTS loops until `until`, and returns latency percentiles. */
async function measure(send: () => Promise<Response>, until: number): Promise<Figures> {
  const latencies: number[] = [];
  let failures = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < until) {
        const before = performance.now();
        const response = await send();
        await response.arrayBuffer();
        latencies.push(performance.now() - before);
        if (!response.ok) failures++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { count: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}

/** One POST from a given local address, with a fresh connection (no keep-alive), resolving to its status. */
function postFrom(localAddress: string, url: URL, path: string, body: unknown): Promise<number> {
  return new Promise((resolve) => {
    const payload = JSON.stringify(body);
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', () => resolve(0));
    request.end(payload);
  });
}

async function main() {
  const built = await buildConsole();
  serveBuildFrom(built.dir);
  const data = tempDataDir();
  const server = await startServerProcess({ DATA_DIR: data.dir, SEED: 'demo' });
  const url = new URL(server.url);
  try {
    const token = await signIn(server.url);
    const read = () => fetch(`${server.url}/api/console/flows?limit=20`, { headers: { authorization: `Bearer ${token}` } });
    const activate = () =>
      fetch(`${server.url}/api/automation/flow/activate-by-name`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: FLOW_NAME, initialData: {} }),
      });
    // Warm up.
    await measure(read, performance.now() + 500);
    await measure(activate, performance.now() + 500);

    const quietReads = await measure(read, performance.now() + SECONDS * 500);
    const quietActivations = await measure(activate, performance.now() + SECONDS * 500);

    let attacking = true;
    const statuses = new Map<number, number>();
    let sent = 0;
    const attackers = Array.from({ length: ATTACKERS }, async (_, index) => {
      const from = `127.0.0.${index + 2}`;
      for (let round = 0; attacking; round++) {
        const email = `attacker-${index}-${round}-${Date.now()}@example.com`;
        const kind = (index + round) % 3;
        const status =
          kind === 0
            ? await postFrom(from, url, '/api/console/auth/sign-in', { email, password: 'guess-1234' })
            : kind === 1
              ? await postFrom(from, url, '/api/users/login', { login: email, password: 'guess-1234' })
              : await postFrom(from, url, '/api/users/register', { email, password: 'guess-1234' });
        sent++;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    });
    // Let the attack build up before measuring.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const attackedReads = await measure(read, performance.now() + SECONDS * 500);
    const attackedActivations = await measure(activate, performance.now() + SECONDS * 500);
    attacking = false;
    await Promise.all(attackers);

    const line = (what: string, quiet: Figures, attacked: Figures) =>
      `| ${what} | ${quiet.p50.toFixed(1)} / ${quiet.p99.toFixed(1)} | ${attacked.p50.toFixed(1)} / ${attacked.p99.toFixed(1)} | ${attacked.p99 <= 100 ? '✅' : '❌'} |` +
      (quiet.failures + attacked.failures ? ` ${quiet.failures + attacked.failures} failed` : '');
    console.log(`PGlite, demo dataset; ${CLIENTS} clients measuring, ${ATTACKERS} attackers each on its own loopback address\n`);
    console.log('| operation | quiet p50 / p99 ms | under attack p50 / p99 ms | p99 ≤ 100 ms under attack |');
    console.log('|---|---:|---:|---|');
    console.log(line('console read (GET flows)', quietReads, attackedReads));
    console.log(line('anonymous activate-by-name', quietActivations, attackedActivations));
    const answered = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status || 'no answer'}: ${count}`);
    console.log(`\nAttack requests sent: ${sent}; answered ${answered.join(', ')}`);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    data.remove();
    built.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
