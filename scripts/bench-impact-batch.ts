/**
 * The impact preview of a batch at the batch limit, on PGlite in this process: 100,000 users, 1,000 flows
 * and the seeded week of activations. Prints the preview of 1,000 and of 10,000 changes (deny that many
 * users on one flow, as "Select all matching" then "Deny selected" does), each as a ratio to the preview of
 * denying AuthenticatedUser app-wide measured in the same run (the broadest preview there is).
 * `node --import tsx scripts/bench-impact-batch.ts`
 */
import { performance } from 'node:perf_hooks';
import { createApp } from '../server/app';
import { demoConsoleAuth } from '../server/auth/console-auth';
import { migrate } from '../server/node/db/migrate';
import { openPglite } from '../server/node/db/pglite';
import { DEMO_APP_KEYS } from '../server/runtime/api-keys';
import { generateSeed } from '../server/seed/demo';
import { loadSeed } from '../server/store/postgres/pg-seed';
import { createPgStore } from '../server/store/postgres/pg-store';

const USERS = 100_000;
const FLOWS = 1_000;

async function median(work: () => Promise<unknown>, runs = 5): Promise<number> {
  await work();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function main() {
  const sql = await openPglite();
  try {
    await migrate(sql);
    await sql.transaction((tx) => loadSeed(tx, generateSeed({ users: USERS, flows: FLOWS, activityUntil: new Date() })));
    await sql.exec('ANALYZE');
    const store = createPgStore(sql);
    const app = createApp({ store, keys: DEMO_APP_KEYS, consoleAuth: demoConsoleAuth(), log: () => undefined });
    const users = await sql.query<{ id: string }>('SELECT id FROM users ORDER BY id LIMIT 10000');
    const preview = async (body: unknown) => {
      const response = await app.fetch(
        new Request('http://bench/api/console/impact', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      return response.json();
    };
    const denyUsers = (count: number) => ({
      kind: 'values',
      changes: users.slice(0, count).map(({ id }) => ({ flowId: 'fl_0001', principal: { kind: 'user', id }, value: 'deny' })),
    });
    const baseline = await median(() => preview({ kind: 'app-wide', role: 'AuthenticatedUser', value: 'deny' }), 3);
    const thousand = await median(() => preview(denyUsers(1_000)));
    const tenThousand = await median(() => preview(denyUsers(10_000)));
    const ratio = (ms: number) => `${(ms / Math.max(0.01, baseline)).toFixed(2)}×`;
    console.log(
      [
        `Impact preview of a batch at ${USERS.toLocaleString('en')} users, ${FLOWS.toLocaleString('en')} flows (PGlite, in process)`,
        '| what | median ms | ratio to the app-wide preview |',
        '|---|---:|---:|',
        `| baseline: deny AuthenticatedUser app-wide | ${baseline.toFixed(0)} | 1× |`,
        `| deny 1,000 users on one flow | ${thousand.toFixed(0)} | ${ratio(thousand)} |`,
        `| deny 10,000 users on one flow (the batch limit) | ${tenThousand.toFixed(0)} | ${ratio(tenThousand)} |`,
      ].join('\n'),
    );
  } finally {
    await sql.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
