/**
 * A batch write of 5,000 users' values on one flow, through the console API over embedded PostgreSQL
 * (PGlite), against a baseline measured in the same run (one single-value write), so the figure reads
 * as a ratio on a busy machine. `npx tsx scripts/bench-batch.ts [changes] [users]`.
 */
import { createApp } from '../server/app';
import { demoConsoleAuth } from '../server/auth/console-auth';
import { migrate } from '../server/node/db/migrate';
import { openPglite } from '../server/node/db/pglite';
import { DEMO_APP_KEYS } from '../server/runtime/api-keys';
import { flowId, generateSeed, userId } from '../server/seed/demo';
import { resetDatabase } from '../server/store/postgres/pg-seed';
import { createPgStore } from '../server/store/postgres/pg-store';

const changes = Number(process.argv[2] ?? 5_000);
const users = Number(process.argv[3] ?? 10_000);

const sql = await openPglite();
await migrate(sql);
await resetDatabase(sql, generateSeed({ users }));
const app = createApp({ store: createPgStore(sql), keys: DEMO_APP_KEYS, consoleAuth: demoConsoleAuth(), log: () => undefined });
const post = async (path: string, method: string, body: unknown) => {
  const started = performance.now();
  const response = await app.fetch(
    new Request(`http://bench.test/api/console${path}`, {
      method,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }),
  );
  await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return performance.now() - started;
};

const flow = flowId(0);
const single: number[] = [];
for (let index = 0; index < 20; index++) {
  single.push(await post(`/flows/${flow}/permissions/users/${userId(users - 1 - index)}`, 'PUT', { value: 'deny' }));
}
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
const batch = Array.from({ length: changes }, (_, index) => ({
  flowId: flow,
  principal: { kind: 'user', id: userId(index) },
  value: 'deny',
  ifVersion: 0,
}));
const runs: number[] = [];
for (let run = 0; run < 3; run++) {
  runs.push(await post('/permissions/batch', 'POST', { changes: batch.map((change) => ({ ...change, flowId: flowId(run) })) }));
}
const base = median(single);
console.log(`PGlite, ${users.toLocaleString('en-US')} users`);
console.log(`baseline: one single-value write, median of 20: ${base.toFixed(1)} ms`);
console.log(
  `batch of ${changes.toLocaleString('en-US')} changes, median of 3: ${median(runs).toFixed(0)} ms (${(median(runs) / base).toFixed(0)}× the baseline; runs ${runs.map((ms) => ms.toFixed(0)).join(', ')} ms)`,
);
await sql.close();
