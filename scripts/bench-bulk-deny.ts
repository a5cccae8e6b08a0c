/**
 * "Select all matching" then "Deny selected" of 5,000 users on one flow, as the modal does it: the
 * server resolves the matching set (GET users-matching), then one batch write denies every one of them
 * (POST /permissions/batch), over embedded PostgreSQL (PGlite). A baseline measured in the same run
 * (one single-value write) makes the figure a ratio on a busy machine.
 * `npx tsx scripts/bench-bulk-deny.ts [users]` (every user matches: the set is all of them).
 */
import { createApp } from '../server/app';
import { demoConsoleAuth } from '../server/auth/console-auth';
import { migrate } from '../server/node/db/migrate';
import { openPglite } from '../server/node/db/pglite';
import { DEMO_APP_KEYS } from '../server/runtime/api-keys';
import { flowId, generateSeed, userId } from '../server/seed/demo';
import { resetDatabase } from '../server/store/postgres/pg-seed';
import { createPgStore } from '../server/store/postgres/pg-store';

const users = Number(process.argv[2] ?? 5_000);

const sql = await openPglite();
await migrate(sql);
await resetDatabase(sql, generateSeed({ users }));
const app = createApp({ store: createPgStore(sql), keys: DEMO_APP_KEYS, consoleAuth: demoConsoleAuth(), log: () => undefined });
const call = async (path: string, method: string, body?: unknown) => {
  const response = await app.fetch(
    new Request(`http://bench.test/api/console${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    }),
  );
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return response.json() as Promise<unknown>;
};
const timed = async <T>(work: () => Promise<T>) => {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
};
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;

const single: number[] = [];
for (let index = 0; index < 20; index++) {
  single.push((await timed(() => call(`/flows/${flowId(9)}/permissions/users/${userId(index)}`, 'PUT', { value: 'deny' }))).ms);
}

const resolve: number[] = [];
const write: number[] = [];
for (let run = 0; run < 3; run++) {
  const flow = flowId(run);
  const matching = await timed(
    () =>
      call(`/flows/${flow}/permissions/users-matching?search=`, 'GET') as Promise<{
        items: { id: string; value: string | null; version: number }[];
      }>,
  );
  const changes = matching.result.items
    .filter((user) => user.value !== 'deny')
    .map((user) => ({ flowId: flow, principal: { kind: 'user', id: user.id }, value: 'deny', ifVersion: user.version }));
  const batch = await timed(() => call('/permissions/batch', 'POST', { changes }));
  resolve.push(matching.ms);
  write.push(batch.ms);
  if (run === 0)
    console.log(
      `matching users: ${matching.result.items.length.toLocaleString('en-US')}, changes sent: ${changes.length.toLocaleString('en-US')}`,
    );
}
const base = median(single);
const total = resolve.map((ms, index) => ms + (write[index] ?? 0));
console.log(`PGlite, ${users.toLocaleString('en-US')} users`);
console.log(`baseline: one single-value write, median of 20: ${base.toFixed(1)} ms`);
console.log(`resolve the matching set (GET users-matching), median of 3: ${median(resolve).toFixed(0)} ms`);
console.log(`deny them (one POST /permissions/batch), median of 3: ${median(write).toFixed(0)} ms`);
console.log(
  `select all matching + deny selected, median of 3: ${median(total).toFixed(0)} ms (${(median(total) / base).toFixed(0)}× the baseline; runs ${total.map((ms) => ms.toFixed(0)).join(', ')} ms)`,
);
await sql.close();
