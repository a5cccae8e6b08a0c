/**
 * `npx tsx scripts/bench-trace.ts [users]`: where a click's time goes. Builds the demo without
 * minifying (so that functions keep their names), opens the Permissions dialog at `users` users
 * (1,000 by default), scrolls to row 901 and clicks rows there while Chromium records a performance
 * trace (CDP Tracing) and a sampled JS profile. Prints, per click (mean over the clicks), from the
 * input event to the next paint:
 *   - the main thread's work by trace event (event dispatch, microtasks, style, layout, paint, GC…);
 *   - JS by function (inclusive and self time, from the profile);
 *   - the React components rendered, counted from React's commit hook.
 * TRACE_DIR=<dir> reuses a build made before.
 * TRACE_WHAT=open traces opening the dialog instead (TRACE_CLICKS opens, 8 by default there), each on a
 * newly loaded page after the pointer rested 300 ms on the flow's title bar, as `npm run bench` opens
 * it; TRACE_REOPEN=1 opens it again in the same page instead (closed with Esc between), which leaves
 * out what a first open costs (code compiled on first use, styles matched for the first time).
 * TRACE_TIMELINE=1 also prints the last span's tasks in order and React's commits in it (events of
 * TRACE_TIMELINE_MIN_US and longer, 300 by default);
 * TRACE_TOP=<n> lists n functions by inclusive time (40 by default).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { chromium, type CDPSession } from 'playwright-core';
import { CHROMIUM_ARGS, clickRow, instrumentedContext, median, ms, scrollToRow } from './bench-page';
import { serveStatic } from './bench-static';
import { reactCommits, type Commit } from './react-commits';
import { byEvent, byFunction, describeTasks, longTasks, type Profile, type TraceEvent, top } from './trace-summary';

const USERS = Number(process.argv[2] ?? 1_000);
const OPENING = process.env.TRACE_WHAT === 'open';
const REOPEN = process.env.TRACE_REOPEN === '1';
const CLICKS = Number(process.env.TRACE_CLICKS ?? (OPENING ? 8 : 18));
const MOUNT = '/trace/';

/**
 * TRACE_TIMELINE=1: the last span's main-thread events in order (tasks, and inside them scripts, style
 * with its element count, layout, paint), from 0.3 ms, indented by nesting.
 */
/** TRACE_TIMELINE_MIN_US: the shortest event the timeline shows (300 µs by default). */
const TIMELINE_MIN_US = Number(process.env.TRACE_TIMELINE_MIN_US ?? 300);

function timeline(events: TraceEvent[], [from, to]: [number, number], main: { pid: number; tid: number }) {
  const SHOWN = new Set([
    'RunTask',
    'FunctionCall',
    'TimerFire',
    'EventDispatch',
    'UpdateLayoutTree',
    'Layout',
    'Paint',
    'PrePaint',
    'Commit',
    'FireAnimationFrame',
    'ParseHTML',
    'EvaluateScript',
    'V8.GC_MC_BACKGROUND_MARKING',
    'MajorGC',
    'MinorGC',
    'FunctionCall',
    'BlinkScheduler_PerformMicrotaskCheckpoint',
    'ResizeObserver',
    'UpdateResizeObservers',
    'HitTest',
    'Layerize',
  ]);
  const shown = events
    .filter((event) => event.ph === 'X' && event.pid === main.pid && event.tid === main.tid && SHOWN.has(event.name))
    .filter((event) => event.ts >= from && event.ts < to && (event.dur ?? 0) >= TIMELINE_MIN_US)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const stack: number[] = [];
  const lines = [`\nTimeline of the last span (${((to - from) / 1000).toFixed(1)} ms):`];
  for (const event of shown) {
    while (stack.length > 0 && event.ts >= (stack.at(-1) ?? 0)) stack.pop();
    const data = event.args?.data as (TraceEvent['args'] & { data: { elementCount?: number } })['data'] | undefined;
    const detail =
      event.name === 'EventDispatch'
        ? (data?.type ?? '')
        : event.name === 'FunctionCall' || event.name === 'TimerFire'
          ? `${data?.functionName || '(anonymous)'} ${(data?.url ?? '').split('/').pop() ?? ''}:${data?.lineNumber ?? ''}`
          : event.name === 'UpdateLayoutTree'
            ? `${(event.args as { elementCount?: number } | undefined)?.elementCount ?? ''} elements`
            : event.name === 'Layout'
              ? layoutDetail(event)
              : '';
    lines.push(
      `  +${((event.ts - from) / 1000).toFixed(1).padStart(6)} ${((event.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms ${'  '.repeat(stack.length)}${event.name} ${detail}`,
    );
    stack.push(event.ts + (event.dur ?? 0));
  }
  return lines.join('\n');
}

/** A layout's objects: how many were dirty, of how many in the tree. */
function layoutDetail(event: TraceEvent): string {
  const begin = (event.args as { beginData?: { dirtyObjects?: number; totalObjects?: number } } | undefined)?.beginData;
  return begin ? `${begin.dirtyObjects ?? '?'} of ${begin.totalObjects ?? '?'} objects` : '';
}

async function main() {
  const dir = process.env.TRACE_DIR ?? join(tmpdir(), `trace-demo-${process.pid}`);
  if (!existsSync(join(dir, 'index.html'))) {
    mkdirSync(dir, { recursive: true });
    console.log(`Building the demo, unminified, into ${dir}…`);
    process.env.NODE_ENV = 'production';
    await build({
      configFile: 'vite.config.ts',
      mode: 'demo',
      logLevel: 'error',
      build: { outDir: dir, emptyOutDir: true, minify: false },
    });
  }
  const site = await serveStatic(dir, MOUNT);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await instrumentedContext(context);
    await context.addInitScript(reactCommits);
    const page = await context.newPage();
    const load = async () => {
      await page.goto(`${site.url}?users=${USERS}&flows=1000`);
      await page.getByRole('listitem', { name: 'Send Welcome Email' }).waitFor({ timeout: 60_000 });
      await page.waitForFunction(() => performance.getEntriesByName('user-index:ready').length > 0, null, {
        timeout: 60_000,
      });
    };
    const opening = OPENING;
    const lock = page.getByRole('button', { name: 'Permissions for Send Welcome Email' });
    const openOnce = async (index: number) => {
      await page.getByRole('heading', { name: 'Send Welcome Email' }).hover();
      await page.waitForTimeout(300);
      await lock.click();
      await page.waitForFunction((count) => window.__bench.opens.length > count, index);
    };
    /** The commits React made and the spans measured, gathered from each page before it is left. */
    const seen: { commits: Commit[]; measures: (readonly [number, number])[] }[] = [];
    const gather = async (span: string, last: number) =>
      seen.push(
        await page.evaluate(
          ([span, last]) => ({
            commits: (window as unknown as { __commits: Commit[] }).__commits,
            measures: performance
              .getEntriesByName(span)
              .map((entry) => [entry.startTime, entry.startTime + entry.duration] as const)
              .slice(-last),
          }),
          [span, last] as const,
        ),
      );
    await load();
    if (!opening || REOPEN) await openOnce(0);
    if (!opening) {
      await scrollToRow(page);
      // Two clicks first, so that first-use costs (code paths compiled, the toast's first mount) are not counted.
      await clickRow(page, 0);
      await clickRow(page, 1);
    }
    // The sampled profile stops with its page: one per page, started once the page is loaded.
    const profiles: Profile[] = [];
    let cdp: CDPSession | undefined;
    const startProfile = async () => {
      cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    };
    const stopProfile = async () => {
      if (!cdp) return;
      profiles.push(((await cdp.send('Profiler.stop')) as unknown as { profile: Profile }).profile);
      await cdp.detach();
      cdp = undefined;
    };
    await browser.startTracing(page, {
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'blink.user_timing',
        'v8',
        'toplevel',
        'disabled-by-default-v8.compile',
      ],
    });
    await startProfile();
    if (opening && REOPEN) {
      // Closed and opened again: the dialog's code and the flow's first screen are in, as after a hover.
      for (let open = 1; open <= CLICKS; open++) {
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'detached' });
        await page.waitForTimeout(300);
        await openOnce(open);
      }
      await gather('bench:open', CLICKS);
    } else if (opening) {
      // A new page for each open, as the bench opens it: the first open of a page.
      for (let open = 0; open < CLICKS; open++) {
        if (open > 0) {
          await load();
          await startProfile();
        }
        await page.waitForTimeout(500);
        await openOnce(0);
        await page.waitForTimeout(500);
        await gather('bench:open', 1);
        await stopProfile();
      }
    } else {
      for (let click = 2; click < CLICKS + 2; click++) await clickRow(page, click);
      await gather('bench:click', CLICKS);
    }
    if (!opening || REOPEN) await stopProfile();
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    const events = trace.traceEvents;

    const span = opening ? 'bench:open' : 'bench:click';
    const spans = events.filter((event) => event.name === span && event.cat.includes('blink.user_timing'));
    const starts = spans.filter((event) => event.ph === 'b').map((event) => event.ts);
    const ends = spans.filter((event) => event.ph === 'e').map((event) => event.ts);
    const windows = starts.map((start, index) => [start, ends[index] ?? start] as [number, number]);
    const threadName = events.find(
      (event) =>
        event.name === 'thread_name' &&
        event.args?.name === 'CrRendererMain' &&
        events.some((other) => other.pid === event.pid && other.name === span),
    );
    if (!threadName || windows.length === 0) throw new Error('No click spans in the trace');
    const main = { pid: threadName.pid, tid: threadName.tid };
    const count = windows.length;
    const durations = windows.map(([from, to]) => (to - from) / 1000);
    console.log(
      `\n${USERS.toLocaleString('en-US')} users, ${count} ${opening ? 'opens: open' : 'clicks: click'} → next paint median ${ms(median(durations))}, mean ${ms(durations.reduce((a, b) => a + b, 0) / count)}\n`,
    );
    console.log('Main thread, per click (mean), by trace event:');
    console.log(top(byEvent(events, windows, main), 40, count));
    if (process.env.TRACE_TIMELINE === '1') console.log(timeline(events, windows.at(-1) ?? [0, 0], main));
    // Long tasks from the first span to the last (the clicks and the saves between them), and what each held.
    const from = windows[0]?.[0] ?? 0;
    const to = windows.at(-1)?.[1] ?? 0;
    const tasks = longTasks(events, main, from, to);
    console.log(`\nLong tasks (≥ 50 ms) from the first span to the last: ${tasks.length}`);
    if (tasks.length > 0) console.log(describeTasks(tasks.slice(0, 8), events, profiles, main));
    const { inclusive, self } = byFunction(profiles, windows);
    console.log('\nJS by function, inclusive, per click (mean):');
    console.log(top(inclusive, Number(process.env.TRACE_TOP ?? 40), count));
    console.log('\nJS by function, self, per click (mean):');
    console.log(top(self, 25, count));

    const last = seen.at(-1);
    const lastSpan = last?.measures.at(-1);
    if (process.env.TRACE_TIMELINE === '1' && last && lastSpan) {
      console.log('\nReact commits of the last span (ms from its start: components rendered, the most first):');
      for (const commit of last.commits.filter((commit) => commit.at >= lastSpan[0] - 5 && commit.at <= lastSpan[1] + 50)) {
        const names = Object.entries(commit.rendered).sort((a, b) => b[1] - a[1]);
        const total = names.reduce((sum, [, times]) => sum + times, 0);
        console.log(
          `  +${(commit.at - lastSpan[0]).toFixed(1).padStart(6)}: ${total} — ${names
            .slice(0, 12)
            .map(([name, times]) => `${name || '?'}×${times}`)
            .join(', ')}`,
        );
      }
    }
    const rendered = new Map<string, number>();
    const after = new Map<string, number>();
    let commitsIn = 0;
    let commitsAfter = 0;
    for (const { commits, measures } of seen) {
      measures.forEach(([from, to], index) => {
        const next = measures[index + 1]?.[0] ?? Infinity;
        for (const commit of commits) {
          const target = commit.at >= from && commit.at <= to ? rendered : commit.at > to && commit.at < next ? after : null;
          if (!target) continue;
          if (target === rendered) commitsIn++;
          else commitsAfter++;
          for (const [name, times] of Object.entries(commit.rendered)) target.set(name, (target.get(name) ?? 0) + times);
        }
      });
    }
    console.log(`\nReact, before the paint: ${(commitsIn / count).toFixed(1)} commits per click; components rendered per click:`);
    console.log(top(rendered, OPENING ? 90 : 40, count).replaceAll(' ms ', '    '));
    console.log(
      `\nReact, after the paint until the next click (the save settling): ${(commitsAfter / count).toFixed(1)} commits per click; components rendered:`,
    );
    console.log(top(after, 120, count).replaceAll(' ms ', '    '));
    await context.close();
  } finally {
    await browser.close();
    await site.close();
  }
}

await main();
