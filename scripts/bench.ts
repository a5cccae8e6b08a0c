/**
 * `npm run bench`: builds the demo (dist-demo/) and the production console, serves the demo from a
 * sub-path, drives Chromium through it at 1,000 and 100,000 users (1,000 flows), and prints one table.
 * `npm run bench -- --readme` also writes the table into README.md (between the bench markers).
 *
 * Every figure is measured in the page: from the input event's timestamp to the first frame painted
 * after the change is in the DOM (a requestAnimationFrame, then a task posted from it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildConsole, demoCodeIn, initialJs, INITIAL_JS_BUDGET, kB } from './bench-bundle';

const SIZES = [1_000, 100_000] as const;
const FLOWS = 1_000;
const OPENS = 5;
const CLICKS = 30;
/** The rows clicked are this far down the list: far below the first page. */
const CLICK_AT_ROW = 900;
const MOUNT = '/bench/any/path/';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Figures {
  generation: { total: number; longest: number };
  opens: number[];
  domNodes: number;
  rows: number;
  clicks: number[];
  longTasks: number;
  heapBytes: number;
}

declare global {
  interface Window {
    __bench: { opens: number[]; clicks: number[]; longTasks: { start: number; duration: number }[] };
  }
}

/** Runs in the page before its scripts: records long tasks, modal opens and clicks until painted. */
function instrument() {
  const bench: Window['__bench'] = { opens: [], clicks: [], longTasks: [] };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
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
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label'] });
  };
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target as Element;
      const start = event.timeStamp;
      if (target.closest('[aria-label^="Permissions for"]')) {
        // Painted with the first users' state buttons: skeletons do not count.
        const ready = () => document.querySelector('[role="dialog"] [role="list"][aria-label="Users"] [role="listitem"] button[aria-label*=": "]') !== null;
        whenTrue(ready, () => afterPaint(() => bench.opens.push(performance.now() - start)));
        return;
      }
      const toggle = target.closest('button.toggle');
      if (toggle) {
        const before = toggle.getAttribute('aria-label');
        whenTrue(
          () => toggle.getAttribute('aria-label') !== before,
          () => afterPaint(() => bench.clicks.push(performance.now() - start)),
        );
      }
    },
    true,
  );
}

const median = (values: number[]) => percentile(values, 50);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? NaN;
}
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

async function waitFor<T>(page: Page, read: () => T | Promise<T>, ok: (value: T) => boolean, what: string, timeout = 60_000) {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await page.waitForTimeout(50);
  }
}

async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('listitem', { name: 'Send Welcome Email' }).waitFor({ timeout: 60_000 });
  // The search index is built in slices after start; measure once it is done, so it competes with nothing.
  await page.waitForFunction(() => performance.getEntriesByName('user-index:ready').length > 0, null, { timeout: 60_000 });
}

async function measure(browser: Browser, baseUrl: string, users: number): Promise<Figures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  // tsx (esbuild) names arrow functions with a `__name` helper that the page does not have.
  await context.addInitScript('globalThis.__name ??= (fn) => fn;');
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const url = `${baseUrl}?users=${users}&flows=${FLOWS}`;
  try {
    const opens: number[] = [];
    let generation = { total: 0, longest: 0 };
    for (let run = 0; run < OPENS; run++) {
      await openApp(page, url);
      if (run === 0) {
        generation = await page.evaluate(() => {
          const entries = [...performance.getEntriesByName('demo-data:setup'), ...performance.getEntriesByName('user-index:slice')];
          return {
            total: entries.reduce((sum, entry) => sum + entry.duration, 0),
            longest: Math.max(0, ...entries.map((entry) => entry.duration)),
          };
        });
      }
      await page.getByRole('button', { name: 'Permissions for Send Welcome Email' }).click();
      const opened = await waitFor(page, () => page.evaluate(() => window.__bench.opens[0] ?? -1), (value) => value >= 0, 'the modal');
      opens.push(opened);
    }

    const dialog = page.getByRole('dialog', { name: /Send Welcome Email/ });
    const list = dialog.getByRole('list', { name: 'Users' });
    const [domNodes, rows] = await dialog.evaluate((element) => [
      element.querySelectorAll('*').length,
      element.querySelectorAll('[role="list"][aria-label="Users"] [role="listitem"]').length,
    ]);

    // Scroll far down (pages load as the list nears their end), then click rows there.
    const scroller = list.locator('xpath=..');
    await waitFor(
      page,
      async () => {
        await scroller.evaluate((box, row) => (box.scrollTop = row * 56), CLICK_AT_ROW);
        return list.locator(`[aria-posinset="${CLICK_AT_ROW + 1}"]`).count();
      },
      (count) => count > 0,
      `row ${CLICK_AT_ROW + 1}`,
    );
    // Now that the rows are loaded, put row CLICK_AT_ROW + 1 at the top of the box.
    await scroller.evaluate((box, row) => (box.scrollTop = row * 56), CLICK_AT_ROW);
    await page.waitForTimeout(500);
    const clicksFrom = await page.evaluate(() => performance.now());
    for (let click = 0; click < CLICKS; click++) {
      // Rows in view, one after another, each cycled several times; a plain mouse click, as a hand makes.
      const toggle = list.locator(`[aria-posinset="${CLICK_AT_ROW + 1 + (click % 6)}"] button.toggle`);
      await toggle.scrollIntoViewIfNeeded();
      const box = await toggle.boundingBox();
      if (!box) throw new Error('The row to click is not on screen');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await waitFor(page, () => page.evaluate(() => window.__bench.clicks.length), (count) => count > click, `click ${click + 1}`);
      // Each click on its own: the next comes once this one is saved (no row says "Saving…").
      await waitFor(page, () => list.locator('.save-state').count(), (count) => count === 0, `save ${click + 1}`);
      await page.waitForTimeout(100);
    }
    await page.waitForTimeout(1000);
    const { clicks, longTasks } = await page.evaluate(
      (from) => ({ clicks: window.__bench.clicks, longTasks: window.__bench.longTasks.filter((task) => task.start >= from).length }),
      clicksFrom,
    );

    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heapBytes = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? NaN;
    if (errors.length > 0) throw new Error(`The page threw: ${errors.join('; ')}`);
    return { generation, opens, domNodes, rows, clicks, longTasks, heapBytes };
  } finally {
    await context.close();
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Serves `root` under MOUNT only, as a static host would at some sub-path. */
function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
    if (!path.startsWith(MOUNT)) {
      response.writeHead(404).end();
      return;
    }
    const relative = normalize(path.slice(MOUNT.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
    try {
      const body = readFileSync(join(root, relative.endsWith('/') || relative === '.' ? 'index.html' : relative));
      response.writeHead(200, { 'content-type': TYPES[extname(relative)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}${MOUNT}` });
    }),
  );
}

function table(results: Map<number, Figures>, initial: number, chromiumVersion: string): string {
  const [small, large] = SIZES.map((size) => results.get(size) as Figures);
  if (!small || !large) throw new Error('missing results');
  const openSmall = median(small.opens);
  const openLarge = median(large.opens);
  const p95 = (figures: Figures) => percentile(figures.clicks, 95);
  const check = (ok: boolean) => (ok ? '✅' : '❌');
  const rows: [string, string, string, string][] = [
    [
      'Data generation, main thread: total (longest slice)',
      `${ms(small.generation.total)} (${ms(small.generation.longest)})`,
      `${ms(large.generation.total)} (${ms(large.generation.longest)})`,
      `no long task ${check(large.generation.longest < 50)}`,
    ],
    [
      `Modal open → state buttons painted, median of ${OPENS}`,
      ms(openSmall),
      ms(openLarge),
      `≤ 200 ms and ≤ +50 ms ${check(openLarge <= 200 && openLarge - openSmall <= 50)}`,
    ],
    ['DOM nodes in the open modal', String(small.domNodes), String(large.domNodes), `≤ 800 ${check(large.domNodes <= 800)}`],
    ['Rows in the DOM', String(small.rows), String(large.rows), `≤ 60 ${check(large.rows <= 60)}`],
    [
      `Click → next paint, p50 / p95 (${CLICKS} clicks, row ${CLICK_AT_ROW}+)`,
      `${ms(median(small.clicks))} / ${ms(p95(small))}`,
      `${ms(median(large.clicks))} / ${ms(p95(large))}`,
      `p95 ≤ 50 ms ${check(p95(small) <= 50 && p95(large) <= 50)}`,
    ],
    ['Long tasks during the clicks', String(small.longTasks), String(large.longTasks), `0 ${check(small.longTasks + large.longTasks === 0)}`],
    ['JS heap after GC (demo backend included)', `${(small.heapBytes / 1e6).toFixed(1)} MB`, `${(large.heapBytes / 1e6).toFixed(1)} MB`, ''],
    ['Initial JS of the production build, gzip', kB(initial), kB(initial), `≤ ${kB(INITIAL_JS_BUDGET)} ${check(initial <= INITIAL_JS_BUDGET)}`],
  ];
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Chromium ${chromiumVersion}, Node ${process.version}`;
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; ${FLOWS.toLocaleString('en-US')} flows.`,
    '',
    `| | ${SIZES.map((size) => `${size.toLocaleString('en-US')} users`).join(' | ')} | target |`,
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

async function main() {
  const writeReadme = process.argv.includes('--readme');
  console.log('Building the production console and the demo…');
  const productionDir = join(tmpdir(), `bench-production-${process.pid}`);
  await buildConsole(productionDir);
  const initial = initialJs(productionDir);
  const leaked = demoCodeIn(productionDir, initial.allFiles);
  if (leaked.length > 0) throw new Error(`Demo code in the production build: ${leaked.join(', ')}`);
  await buildConsole('dist-demo', 'demo');

  const { server, url } = await serve('dist-demo');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const results = new Map<number, Figures>();
    for (const users of SIZES) {
      console.log(`Measuring ${users.toLocaleString('en-US')} users at ${url}…`);
      results.set(users, await measure(browser, url, users));
    }
    const output = table(results, initial.gzipBytes, browser.version());
    console.log(`\n${output}\n`);
    if (output.includes('❌')) process.exitCode = 1;
    if (writeReadme) {
      const readme = readFileSync('README.md', 'utf8');
      const updated = readme.replace(/(<!-- bench:start -->\n)[\s\S]*?(<!-- bench:end -->)/, `$1${output}\n$2`);
      if (updated === readme && !readme.includes(output)) throw new Error('README.md has no <!-- bench:start --> … <!-- bench:end --> block');
      writeFileSync('README.md', updated);
      console.log('README.md updated.');
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

await main();
