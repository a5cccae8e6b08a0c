/**
 * `npx tsx scripts/bench-click-cpu.ts <demo build dir>…`: the renderer main thread's CPU time per click,
 * for builds of the demo compared in turns, next to the bare toggle measured in the same run. A click's
 * wall time counts the waits for a core on a shared machine; its CPU time (the `tdur` of the main
 * thread's tasks inside each `bench:click` span, traced without the JS sampler) moves much less, which
 * is what comparing two builds of one change needs. Prints, per build and round, the span (wall), the
 * main thread's wall and CPU time per click, and its CPU by trace event (`ED:<type>` for an event's
 * dispatch; nested events count in their own line too).
 *
 * Build a variant with `buildConsole(dir, 'demo')` (scripts/bench-bundle.ts) from each version of the
 * code. CLICK_CPU_ROUNDS (2), CLICK_CPU_CLICKS (16) and CLICK_CPU_USERS (1,000) set the run;
 * CLICK_CPU_CSS adds a style sheet to the page before the clicks (to try a CSS change without a build).
 */
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildBaseline } from './bench-bundle';
import { CHROMIUM_ARGS, clickAtRest, clickRow, instrumentedContext, scrollToRow } from './bench-page';
import { serveStatic } from './bench-static';
import type { TraceEvent } from './trace-summary';

const ROUNDS = Number(process.env.CLICK_CPU_ROUNDS ?? 2);
const CLICKS = Number(process.env.CLICK_CPU_CLICKS ?? 16);
const USERS = Number(process.env.CLICK_CPU_USERS ?? 1_000);
const CSS = process.env.CLICK_CPU_CSS;
/** The main thread's work worth naming; an event nested in one of the same name counts once. */
const NAMED = new Set([
  'EventDispatch',
  'FunctionCall',
  'TimerFire',
  'FireAnimationFrame',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'HitTest',
  'MinorGC',
  'MajorGC',
]);

type Event = TraceEvent & { tdur?: number };

interface Figures {
  span: number;
  wall: number;
  cpu: number;
  byEvent: [string, number][];
}

async function traceClicks(page: Page, click: (index: number) => Promise<void>): Promise<Figures> {
  const browser = page.context().browser();
  if (!browser) throw new Error('No browser');
  for (const index of [0, 1]) await click(index); // first-use costs left out
  await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'toplevel'] });
  for (let index = 2; index < CLICKS + 2; index++) await click(index);
  const { traceEvents: events } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: Event[] };
  const marks = events.filter((event) => event.name === 'bench:click' && event.cat.includes('blink.user_timing'));
  const ends = marks.filter((event) => event.ph === 'e').map((event) => event.ts);
  const spans = marks.filter((event) => event.ph === 'b').map((event, index) => [event.ts, ends[index] ?? event.ts] as const);
  const thread = events.find(
    (event) =>
      event.name === 'thread_name' &&
      event.args?.name === 'CrRendererMain' &&
      events.some((other) => other.pid === event.pid && other.name === 'bench:click'),
  );
  if (!thread || spans.length === 0) throw new Error('No click spans in the trace');
  const main = events.filter((event) => event.pid === thread.pid && event.tid === thread.tid && event.ph === 'X');
  const tasks = main.filter((event) => event.name === 'ThreadControllerImpl::RunTask');
  let span = 0;
  let wall = 0;
  let cpu = 0;
  const byEvent = new Map<string, number>();
  for (const [from, to] of spans) {
    span += to - from;
    for (const task of tasks) {
      const start = Math.max(task.ts, from);
      const end = Math.min(task.ts + (task.dur ?? 0), to);
      if (end <= start) continue;
      // A task cut by the span counts its CPU in proportion.
      wall += end - start;
      cpu += (task.tdur ?? task.dur ?? 0) * ((end - start) / Math.max(1, task.dur ?? 1));
    }
    const openUntil = new Map<string, number>();
    for (const event of main) {
      if (event.ts < from || event.ts >= to || !NAMED.has(event.name)) continue;
      const name = event.name === 'EventDispatch' ? `ED:${event.args?.data?.type ?? ''}` : event.name;
      if (event.ts < (openUntil.get(name) ?? 0)) continue;
      openUntil.set(name, event.ts + (event.dur ?? 0));
      byEvent.set(name, (byEvent.get(name) ?? 0) + (event.tdur ?? event.dur ?? 0));
    }
  }
  const perClick = (microseconds: number) => microseconds / spans.length / 1000;
  return {
    span: perClick(span),
    wall: perClick(wall),
    cpu: perClick(cpu),
    byEvent: [...byEvent].map(([name, total]) => [name, perClick(total)] as [string, number]).sort((a, b) => b[1] - a[1]),
  };
}

async function main() {
  const dirs = process.argv.slice(2);
  if (dirs.length === 0) throw new Error('Usage: npx tsx scripts/bench-click-cpu.ts <demo build dir>…');
  const baselineDir = join(tmpdir(), `click-cpu-baseline-${process.pid}`);
  await buildBaseline(baselineDir);
  const baseline = await serveStatic(baselineDir, '/baseline/');
  const sites = await Promise.all(dirs.map((dir, index) => serveStatic(dir, `/build-${index}/`)));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const newPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await instrumentedContext(context);
    return { context, page: await context.newPage() };
  };
  const bare = async () => {
    const { context, page } = await newPage();
    await page.goto(baseline.url);
    const toggle = page.locator('#bare-toggle');
    await toggle.waitFor();
    const figures = await traceClicks(page, async (index) => {
      const box = await toggle.boundingBox();
      if (!box) throw new Error('The bare toggle is not on screen');
      await clickAtRest(page, box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForFunction((count) => window.__bench.clicks.length > count, index);
      await page.waitForTimeout(100);
    });
    await context.close();
    return figures;
  };
  const demo = async (url: string) => {
    const { context, page } = await newPage();
    await page.goto(`${url}?users=${USERS}&flows=1000`);
    await page.getByRole('listitem', { name: 'Send Welcome Email' }).waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => performance.getEntriesByName('user-index:ready').length > 0, null, { timeout: 60_000 });
    await page.getByRole('heading', { name: 'Send Welcome Email' }).hover();
    await page.waitForTimeout(300);
    await page.getByRole('button', { name: 'Permissions for Send Welcome Email' }).click();
    if (CSS) await page.addStyleTag({ content: CSS });
    await scrollToRow(page);
    const figures = await traceClicks(page, (index) => clickRow(page, index));
    await context.close();
    return figures;
  };
  const show = (name: string, { span, wall, cpu, byEvent }: Figures) =>
    console.log(
      `${name}: span ${span.toFixed(1)} ms, main thread ${wall.toFixed(2)} ms wall, ${cpu.toFixed(2)} ms CPU per click` +
        ` (load average ${loadavg()[0]?.toFixed(1)})\n    ${byEvent
          .filter(([, value]) => value >= 0.05)
          .map(([event, value]) => `${event} ${value.toFixed(2)}`)
          .join(', ')}`,
    );
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`Round ${round}`);
      show('bare toggle', await bare());
      for (const [index, dir] of dirs.entries()) show(dir, await demo(sites[index]?.url ?? ''));
    }
  } finally {
    await browser.close();
    await baseline.close();
    for (const site of sites) await site.close();
  }
}

await main();
