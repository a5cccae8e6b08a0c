/**
 * "Select all matching" then "Deny selected" of 5,000 users on one flow, as the modal does it: the
 * server resolves the matching set (GET users-matching), then one batch write denies every one of them
 * (POST /permissions/batch), over embedded PostgreSQL (PGlite). A baseline measured in the same run
 * (one single-value write) makes the figure a ratio on a busy machine.
 * `npx tsx scripts/bench-bulk-deny.ts [users]` (every user matches: the set is all of them).
 *
 * Then the same in the modal, in Chromium: the production console served by the real server (PGlite,
 * that many users), signed in; on one flow, "Select all matching" then "Deny selected", and on the page
 * a PerformanceObserver counts the long tasks (over 50 ms) from the click that confirms Deny selected
 * (after its impact preview) until the toast says it is done (target: none, the modal stays responsive), with the longest one and the time
 * from the click to the toast. BENCH_BULK_BROWSER=0 skips that part, BENCH_BULK_NODE=0 the Node part.
 * BENCH_BULK_TRACE=1 builds the console unminified and records Chromium's performance trace and a
 * sampled JS profile from that click to the toast, and prints what each long task held.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createApp } from '../server/app';
import { demoConsoleAuth } from '../server/auth/console-auth';
import { migrate } from '../server/node/db/migrate';
import { openPglite } from '../server/node/db/pglite';
import { DEMO_APP_KEYS } from '../server/runtime/api-keys';
import { flowId, generateSeed, userId } from '../server/seed/demo';
import { resetDatabase } from '../server/store/postgres/pg-seed';
import { createPgStore } from '../server/store/postgres/pg-store';
import { buildConsole } from './bench-bundle';
import { CHROMIUM_ARGS } from './bench-page';
import { openServed, startServedConsole } from './bench-served';
import { describeTasks, longTasks, mainThread, type Profile, type TraceEvent } from './trace-summary';

const users = Number(process.argv[2] ?? 5_000);
const TRACE = process.env.BENCH_BULK_TRACE === '1';
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;

/** The Node part: the server alone, over PGlite. */
async function measureInNode(): Promise<void> {
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
}

/** Runs in the page before its scripts: every long task, kept for the bench to read. */
function recordLongTasks() {
  const tasks: { start: number; duration: number }[] = [];
  (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** In the modal: Select all matching, then Deny selected; long tasks from that click until the toast. */
async function measureInModal(): Promise<void> {
  const RUNS = 3;
  const root = join(tmpdir(), `bench-bulk-deny-${process.pid}`);
  mkdirSync(root, { recursive: true });
  console.log('\nBuilding the production console for the modal part…');
  await buildConsole(join(root, 'dist'), 'production', { minify: !TRACE });
  const served = await startServedConsole(root, users, 20);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.addInitScript('globalThis.__name ??= (fn) => fn;');
    await context.addInitScript(recordLongTasks);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await openServed(page, served.url);
    const runs: { ms: number; count: number; longest: number; tasks: number[] }[] = [];
    const flows = ['Send Welcome Email', 'Sync CRM Contacts', 'Generate Monthly Invoices'];
    for (let run = 0; run < RUNS; run++) {
      await page.goto(served.url);
      const flow = flows[run % flows.length] ?? '';
      const lock = page.getByRole('button', { name: `Permissions for ${flow}` });
      await lock.waitFor({ timeout: 60_000 });
      await lock.click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('checkbox', { name: 'Select all matching' }).check({ timeout: 60_000 });
      const toolbar = dialog.getByRole('toolbar', { name: 'Bulk changes' });
      await toolbar.getByText(`${users.toLocaleString('en-US')} users selected`).waitFor({ timeout: 60_000 });
      // Deny selected shows the impact preview first; the write starts at its confirm button.
      await toolbar.getByRole('button', { name: /^Deny selected/ }).click();
      const deny = page.getByRole('alertdialog').getByRole('button', { name: /^Deny [\d,]+ users?$/ });
      await deny.waitFor({ timeout: 60_000 });
      await page.getByRole('alertdialog').getByRole('list', { name: 'Impact' }).waitFor({ timeout: 60_000 });
      // Times from the click's event to the first frame painted with the toast that says it is done.
      await page.evaluate(() => {
        const timed = window as unknown as { __bulk?: Promise<{ start: number; end: number }> };
        timed.__bulk = new Promise((resolve) => {
          document.addEventListener(
            'click',
            (event) => {
              const start = event.timeStamp;
              const done = () =>
                [...document.querySelectorAll('.toast__message')].some((element) =>
                  /^Denied [\d,]+ users?\.$/.test(element.textContent ?? ''),
                );
              const poll = () => {
                if (done()) requestAnimationFrame(() => setTimeout(() => resolve({ start, end: performance.now() })));
                else setTimeout(poll, 10);
              };
              poll();
            },
            { capture: true, once: true },
          );
        });
      });
      const tracing = TRACE ? await startTrace(browser, page) : undefined;
      await deny.click();
      const tasks = await page.evaluate(async () => {
        const { start, end } = await (window as unknown as { __bulk: Promise<{ start: number; end: number }> }).__bulk;
        const all = (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks;
        return {
          ms: end - start,
          // Every task that ran (in part) between the click and the toast, the click's own included.
          tasks: all.filter((task) => task.start + task.duration > start && task.start < end).map((task) => task.duration),
        };
      });
      runs.push({ ...tasks, count: tasks.tasks.length, longest: Math.max(0, ...tasks.tasks) });
      if (tracing) console.log(`run ${run + 1}, from the trace: ${await tracing.stop()}`);
    }
    if (errors.length > 0) throw new Error(`The page threw: ${errors.join('; ')}`);
    const counts = runs.map((run) => run.count);
    const longest = Math.max(...runs.map((run) => run.longest));
    console.log(`In the modal (Chromium, served console on PGlite, ${users.toLocaleString('en-US')} users), ${RUNS} runs:`);
    console.log(
      `click that confirms Deny selected → toast painted, median: ${median(runs.map((run) => run.ms)).toFixed(0)} ms (runs ${runs.map((run) => run.ms.toFixed(0)).join(', ')} ms)`,
    );
    console.log(
      `long tasks from the click until the toast: ${counts.join(', ')} per run, longest ${longest.toFixed(0)} ms (target 0: ${counts.every((count) => count === 0) ? 'met' : 'NOT met'})`,
    );
    for (const [index, run] of runs.entries())
      if (run.tasks.length > 0) console.log(`  run ${index + 1}: ${run.tasks.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);
    if (counts.some((count) => count > 0)) process.exitCode = 1;
  } finally {
    await browser.close();
    await served.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Chromium's trace and a sampled JS profile until `stop`, which describes the long tasks in it. */
async function startTrace(browser: Browser, page: Page): Promise<{ stop(): Promise<string> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'toplevel'],
  });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      const { traceEvents: events } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
      await cdp.detach();
      const main = mainThread(events, (event) => event.name === 'EventDispatch');
      if (!main) return 'no renderer main thread in the trace';
      const times = events.filter((event) => event.ts > 0).map((event) => event.ts);
      const tasks = longTasks(
        events,
        main,
        Math.min(...times),
        Math.max(...times),
        Number(process.env.BENCH_BULK_TRACE_MS ?? 50),
      );
      return `${tasks.length} long tasks${tasks.length > 0 ? `\n${describeTasks(tasks, events, [profile], main, 10)}` : ''}`;
    },
  };
}

if (process.env.BENCH_BULK_NODE !== '0') await measureInNode();
if (process.env.BENCH_BULK_BROWSER !== '0') await measureInModal();
