/**
 * What `npm run bench` and `scripts/bench-trace.ts` do in the page: the instrumentation that times
 * opens and clicks, and the steps that reach a row far down the users list. One way of measuring,
 * used for the console (demo and served) and for the bare baselines alike.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';

export const ROW_HEIGHT = 56;
/** The rows clicked are this far down the list: far below the first page. */
export const CLICK_AT_ROW = 900;
export { CHROMIUM_ARGS } from '../test/browser/chromium';

export interface PageTimes {
  opens: number[];
  clicks: number[];
  searches: number[];
  longTasks: { start: number; duration: number }[];
  /** The frames that held a long task, with the scripts that ran in them (Chromium's long-animation-frame). */
  longFrames: { start: number; duration: number; scripts: string[] }[];
}

declare global {
  interface Window {
    __bench: PageTimes;
  }
}

/**
 * Runs in the page before its scripts: records long tasks, and for each open, click and search the
 * time from the input event's timestamp to the first frame painted after the change is in the DOM
 * (a requestAnimationFrame, then a task posted from it).
 */
export function instrument() {
  const bench: Window['__bench'] = { opens: [], clicks: [], searches: [], longTasks: [], longFrames: [] };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  // What a long task ran, so that a bench that counts one can say what it was.
  type Script = { invoker: string; sourceFunctionName: string; sourceURL: string; sourceCharPosition: number; duration: number };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { blockingDuration: number; scripts: Script[] })[]) {
      if (entry.blockingDuration === 0) continue;
      const scripts = entry.scripts.map(
        (script) =>
          `${script.invoker} → ${script.sourceFunctionName || '(anonymous)'} ${script.sourceURL.split('/').pop() ?? ''}:${script.sourceCharPosition} ${Math.round(script.duration)} ms`,
      );
      bench.longFrames.push({ start: entry.startTime, duration: entry.duration, scripts });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
  const afterPaint = (done: () => void) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = done;
      channel.port2.postMessage(null);
    });
  const whenTrue = (test: () => boolean, then: () => void) => {
    if (test()) return then();
    const observer = new MutationObserver(() => {
      if (!test()) return;
      observer.disconnect();
      then();
    });
    // aria-hidden and style: a dialog rendered ahead, hidden, is shown by them.
    observer.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-label', 'style', 'aria-hidden'],
    });
  };
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target as Element;
      const start = event.timeStamp;
      if (target.closest('[aria-label^="Permissions for"]')) {
        // Painted with the first users' state buttons: skeletons do not count.
        // Shown: a dialog rendered ahead (transparent, inert and hidden from assistive technology by
        // aria-hidden, which the open takes off with the transparency) does not count until it is shown.
        const ready = () => {
          const button = document.querySelector(
            '[role="dialog"] [role="list"][aria-label="Users"] [role="listitem"] button[aria-label*=": "]',
          );
          return button?.checkVisibility() === true && button.closest('[aria-hidden="true"]') === null;
        };
        whenTrue(ready, () =>
          afterPaint(() => {
            bench.opens.push(performance.now() - start);
            performance.measure('bench:open', { start, end: performance.now() });
          }),
        );
        return;
      }
      const toggle = target.closest('button.toggle');
      if (toggle) {
        const before = toggle.getAttribute('aria-label');
        whenTrue(
          () => toggle.getAttribute('aria-label') !== before,
          () =>
            afterPaint(() => {
              bench.clicks.push(performance.now() - start);
              // A named span in Chromium's trace (blink.user_timing), so a trace can be cut into clicks.
              performance.measure('bench:click', { start, end: performance.now() });
            }),
        );
      }
    },
    true,
  );
  document.addEventListener(
    'input',
    (event) => {
      const target = event.target as HTMLInputElement;
      const query = target.getAttribute('data-bench-expect');
      if (target.type !== 'search' || !query) return;
      const start = event.timeStamp;
      // Painted once the list holds exactly the one expected row.
      const found = () => {
        const rows = document.querySelectorAll(
          '[role="dialog"] [role="list"][aria-label="Users"] [role="listitem"] button[aria-label*=": "]',
        );
        return rows.length === 1 && (rows[0]?.getAttribute('aria-label') ?? '').startsWith(`${query}: `);
      };
      whenTrue(found, () => afterPaint(() => bench.searches.push(performance.now() - start)));
    },
    true,
  );
}

/**
 * The long tasks since `from` (page time); each is also printed with what ran in its frame, under
 * `what`, so that a run that counts one says what it was.
 */
export async function longTasksSince(page: Page, from: number, what: string): Promise<number> {
  const { tasks, frames } = await page.evaluate(
    (since) => ({
      tasks: window.__bench.longTasks.filter((task) => task.start >= since).length,
      frames: window.__bench.longFrames.filter((frame) => frame.start + frame.duration >= since),
    }),
    from,
  );
  if (tasks > 0 && frames.length === 0) {
    // A long task between frames (no rendering was waiting on it) has no long-animation frame to name it.
    console.log(`  ${tasks} long task${tasks === 1 ? '' : 's'} ${what}; no frame was waiting on ${tasks === 1 ? 'it' : 'them'}`);
  } else if (tasks > 0) {
    console.log(`  ${tasks} long task${tasks === 1 ? '' : 's'} ${what}; the frames that held them:`);
    for (const frame of frames)
      console.log(`    ${Math.round(frame.duration)} ms: ${frame.scripts.join('; ') || 'no script (the browser’s own work)'}`);
  }
  return tasks;
}

/** A context that times opens, clicks and searches (see instrument). */
export async function instrumentedContext(context: BrowserContext): Promise<void> {
  // tsx (esbuild) names arrow functions with a `__name` helper that the page does not have.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  await context.addInitScript(instrument);
}

export async function waitFor<T>(
  page: Page,
  read: () => T | Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeout = 60_000,
) {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await page.waitForTimeout(50);
  }
}

export const usersList = (page: Page) => page.getByRole('dialog').getByRole('list', { name: 'Users' });

/** Scrolls the open dialog's users list until row `row + 1` is loaded, then puts it at the top. */
export async function scrollToRow(page: Page, row = CLICK_AT_ROW): Promise<void> {
  const list = usersList(page);
  const scroller = list.locator('xpath=..');
  await waitFor(
    page,
    async () => {
      await scroller.evaluate((box, [at, height]) => (box.scrollTop = at * height), [row, ROW_HEIGHT] as const);
      return list.locator(`[aria-posinset="${row + 1}"]`).count();
    },
    (count) => count > 0,
    `row ${row + 1}`,
  );
  await scroller.evaluate((box, [at, height]) => (box.scrollTop = at * height), [row, ROW_HEIGHT] as const);
  await page.waitForTimeout(500);
}

/**
 * How long the pointer rests on a toggle before it presses, as a hand's does (shorter than a tooltip's
 * 300 ms delay). Playwright's `click` moves, presses and releases within a millisecond: the pointer's
 * arrival (its hover styles, the boundary events out of one row and into the next) fell into the click's
 * span, where a hand has it a moment before; the floor's pointer never moved.
 */
export const POINTER_REST_MS = 100;

/** A click where the pointer has come to rest: moves it to (x, y), waits POINTER_REST_MS, then clicks there. */
export async function clickAtRest(page: Page, x: number, y: number): Promise<void> {
  await page.mouse.move(x, y);
  await page.waitForTimeout(POINTER_REST_MS);
  await page.mouse.click(x, y);
}

/**
 * One plain mouse click on the toggle of row `row + 1 + (click % 6)`, then waits until it is painted,
 * its write queued and saved (a row says "Saving…", then none), so that every click is measured on its
 * own.
 */
export async function clickRow(page: Page, click: number, row = CLICK_AT_ROW): Promise<void> {
  const list = usersList(page);
  const toggle: Locator = list.locator(`[aria-posinset="${row + 1 + (click % 6)}"] button.toggle`);
  await toggle.scrollIntoViewIfNeeded();
  const box = await toggle.boundingBox();
  if (!box) throw new Error('The row to click is not on screen');
  await clickAtRest(page, box.x + box.width / 2, box.y + box.height / 2);
  await waitFor(
    page,
    () => page.evaluate(() => window.__bench.clicks.length),
    (count) => count > click,
    `click ${click + 1}`,
  );
  // The write is queued once the click's frame is painted (its row then says "Saving…" for the burst's
  // 600 ms at least), then saved: the next click must not meet it.
  await waitFor(
    page,
    () => list.locator('.save-state').count(),
    (count) => count > 0,
    `saving ${click + 1}`,
  );
  await waitFor(
    page,
    () => list.locator('.save-state').count(),
    (count) => count === 0,
    `save ${click + 1}`,
  );
  await page.waitForTimeout(100);
}

export const median = (values: number[]) => percentile(values, 50);
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? NaN;
}
export const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
