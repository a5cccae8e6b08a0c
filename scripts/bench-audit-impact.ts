/**
 * The audit log and the impact preview at scale, on PGlite in this process: 100,000 users, 1,000 flows,
 * 100,000 recorded activations and 100,000 audit entries. Prints the audit log's first page (plain and
 * filtered), the impact preview of denying AuthenticatedUser app-wide (every flow, every role set, every
 * attempt replayed), and the growth of this process's memory (RSS) while the CSV export of every entry
 * streams. Each time is also given as a ratio to a baseline measured in the same run (the first page of
 * the flows), so that figures from a busy machine still compare.
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
const ACTIVATIONS = 100_000;
const ENTRIES = 100_000;

async function timed<T>(work: () => Promise<T>, runs = 5): Promise<{ ms: number; result: T }> {
  let result = await work();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] ?? 0, result };
}

export async function benchAuditAndImpact(): Promise<string[]> {
  const sql = await openPglite();
  try {
    await migrate(sql);
    await sql.transaction((tx) => loadSeed(tx, generateSeed({ users: USERS, flows: FLOWS, activityUntil: new Date() })));
    // Top the seeded week up to ACTIVATIONS attempts, spread over the same flows and days.
    const [{ total = 0 } = {}] = await sql.query<{ total: number }>('SELECT count(*)::int AS total FROM activations');
    if (total < ACTIVATIONS) {
      await sql.query(
        `INSERT INTO activations (flow_id, body)
         SELECT flow_id, body FROM activations, generate_series(1, $1) ORDER BY random() LIMIT $2`,
        [Math.ceil(ACTIVATIONS / Math.max(1, total)), ACTIVATIONS - total],
      );
    }
    await sql.query(
      `INSERT INTO audit_log (id, at, actor, kind, flow_id, flow_name, principal, principal_name, before_value, after_value)
       SELECT 'e' || n, now() - n * interval '1 minute', 'admin' || (n % 5) || '@example.com',
              (ARRAY['permission.value', 'flow.rename', 'app-wide.value', 'sign-in'])[1 + n % 4],
              'fl_' || lpad(((n % $2) + 1)::text, 4, '0'), 'Flow ' || (n % $2), 'role:Manager', 'Manager', 'grant', 'deny'
       FROM generate_series(1, $1) AS n`,
      [ENTRIES, FLOWS],
    );
    await sql.exec('ANALYZE');
    const store = createPgStore(sql);
    const baseline = await timed(() => store.listFlows({ search: '', offset: 0, limit: 50 }));
    const firstPage = await timed(() => store.listAudit({}, { offset: 0, limit: 50 }));
    const filtered = await timed(() => store.listAudit({ kind: 'flow.rename', by: 'admin3' }, { offset: 0, limit: 50 }));
    const app = createApp({ store, keys: DEMO_APP_KEYS, consoleAuth: demoConsoleAuth(), log: () => undefined });
    const preview = async () => {
      const response = await app.fetch(
        new Request('http://bench/api/console/impact', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'app-wide', role: 'AuthenticatedUser', value: 'deny' }),
        }),
      );
      return (await response.json()) as { replay: { attempts: number; refused: number }; users: { losing: number } };
    };
    const impact = await timed(preview, 3);

    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const response = await app.fetch(new Request('http://bench/api/console/audit/export?format=csv'));
    let bytes = 0;
    let rows = -1;
    const started = performance.now();
    const reader = response.body?.getReader();
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
      bytes += chunk.value.byteLength;
      for (const byte of chunk.value) if (byte === 10) rows += 1;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const exportMs = performance.now() - started;
    clearInterval(sampler);

    const ratio = (ms: number) => `${(ms / Math.max(0.01, baseline.ms)).toFixed(1)}×`;
    return [
      `Audit and impact at ${USERS.toLocaleString('en')} users, ${FLOWS.toLocaleString('en')} flows, ` +
        `${ACTIVATIONS.toLocaleString('en')} activations, ${ENTRIES.toLocaleString('en')} audit entries (PGlite, in process)`,
      "| what | median ms | ratio to the flows' first page |",
      '|---|---:|---:|',
      `| baseline: flows, first page | ${baseline.ms.toFixed(1)} | 1× |`,
      `| audit log, first page (total counted) | ${firstPage.ms.toFixed(1)} | ${ratio(firstPage.ms)} |`,
      `| audit log, filtered by kind and who | ${filtered.ms.toFixed(1)} | ${ratio(filtered.ms)} |`,
      `| impact preview, deny AuthenticatedUser app-wide (${impact.result.users.losing} users losing, ` +
        `${impact.result.replay.refused} of ${impact.result.replay.attempts} attempts refused) | ${impact.ms.toFixed(0)} | ${ratio(impact.ms)} |`,
      `| CSV export, ${rows.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB streamed | ${exportMs.toFixed(0)} | ${ratio(exportMs)} |`,
      '',
      `RSS growth while the CSV export streamed: ${((peak - before) / 1e6).toFixed(1)} MB (budget 50 MB)`,
    ];
  } finally {
    await sql.close();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  benchAuditAndImpact()
    .then((lines) => console.log(lines.join('\n')))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
