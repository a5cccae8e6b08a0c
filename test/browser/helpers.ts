import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { launchChromium } from './chromium';

export const SEND_WELCOME = { id: 'fl_0001', name: 'Send Welcome Email' } as const;

/** How long to wait for something the user should see (the machine is shared and slow at times). */
export const WAIT = 15_000;

export interface AppPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught errors and console errors seen so far on this page. */
  errors: string[];
  /** Every answered write (PUT, POST, PATCH, DELETE) of the page so far, in order of answer. */
  writes: { method: string; path: string; status: number }[];
}

/**
 * One Chromium per test file, and a fresh context (fresh localStorage, so the demo data starts
 * from the seed) per test. Every test ends by checking that the page threw nothing.
 */
export function useApp() {
  let browser: Browser | undefined;
  let current: AppPage | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const opened = current;
    current = undefined;
    if (!opened) return;
    await opened.context.close();
    expect(opened.errors, 'errors on the page').toEqual([]);
  });

  /** Opens the app at `search` (e.g. `?permissions=fl_0001`) and waits for the page heading. */
  return async function openApp(
    search = '',
    options: { viewport?: { width: number; height: number }; device?: Omit<BrowserContextOptions, 'viewport'> } = {},
  ): Promise<AppPage> {
    if (!browser) throw new Error('Chromium is not running');
    const baseUrl = inject('baseUrl');
    const context = await browser.newContext({ ...options.device, viewport: options.viewport ?? { width: 1280, height: 860 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // A 404 the app handles (e.g. an unknown flow) is logged by Chromium itself; it is no app error.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        errors.push(`console.error: ${message.text()}`);
      }
    });
    const writes: AppPage['writes'] = [];
    page.on('requestfinished', (request) => {
      if (request.method() === 'GET' || !new URL(request.url()).pathname.startsWith('/api/')) return;
      void request.response().then((response) => {
        const url = new URL(request.url());
        writes.push({ method: request.method(), path: decodeURIComponent(url.pathname), status: response?.status() ?? 0 });
      });
    });
    current = { page, context, errors, writes };
    await page.goto(new URL(search, baseUrl).toString());
    // An open modal hides the page from the accessibility tree, hence includeHidden.
    await page.getByRole('heading', { name: 'Flow Manager', includeHidden: true }).waitFor({ timeout: WAIT });
    return current;
  };
}

/** Retries `read` until it gives `expected`. */
export async function eventually<T>(read: () => T | Promise<T>, expected: T, message?: string): Promise<void> {
  await expect.poll(read, { timeout: WAIT, interval: 50, message }).toEqual(expected);
}

export const opacityOf = (locator: Locator) => locator.evaluate((element) => getComputedStyle(element).opacity);

export const searchParams = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);

/** The accessible name (here: aria-label or text) of the focused element. */
export const focusedName = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? null;
  });

/** The text of whatever the element's aria-describedby points at (a tooltip, when open). */
export const descriptionOf = (locator: Locator) =>
  locator.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );

export const permissionsDialog = (page: Page, flowName: string | RegExp = SEND_WELCOME.name) =>
  page.getByRole('dialog', { name: flowName });

/**
 * Waits until `count` writes whose path ends with `pathEnd` have been answered, and says they
 * succeeded. The demo's backend answers (through the service worker) once it has stored the
 * change, so an answer means "saved".
 */
export async function waitForSaves(app: AppPage, pathEnd: string, count: number): Promise<void> {
  const matching = () => app.writes.filter((write) => write.path.endsWith(pathEnd));
  await expect.poll(() => matching().length, { timeout: WAIT, message: `${count} saves of ${pathEnd}` }).toBe(count);
  expect(matching().map((write) => write.status)).toEqual(Array.from({ length: count }, () => 200));
}

/**
 * Waits until the writes whose path ends with `pathEnd` have all been answered, successfully, and no
 * row of the page is still saving. Quick clicks on one row are one write (or more, on a machine slow
 * enough to space them out), so this waits for what they came to rather than counting them.
 */
export async function waitForRowSaved(app: AppPage, pathEnd: string): Promise<void> {
  const matching = () => app.writes.filter((write) => write.path.endsWith(pathEnd));
  await expect
    .poll(async () => matching().length > 0 && (await app.page.locator('.save-state').count()) === 0, {
      timeout: WAIT,
      message: `saves of ${pathEnd}`,
    })
    .toBe(true);
  expect(matching().every((write) => write.status === 200)).toBe(true);
}

/**
 * Keeps hold of every live stream (EventSource) the page opens, so that `stopLiveStreams` can close
 * them. Call it before the page loads.
 */
export const trackLiveStreams = (page: Page) =>
  page.addInitScript(() => {
    const Native = window.EventSource;
    const opened: EventSource[] = [];
    Object.assign(window, { __liveStreams: opened });
    window.EventSource = class extends Native {
      constructor(...args: ConstructorParameters<typeof EventSource>) {
        super(...args);
        opened.push(this);
      }
    };
  });

/**
 * Waits until the page has opened its live stream (it connects after the first paint), then closes
 * it, so the page hears of no other page's change: it goes stale. Says how many it closed.
 */
export async function stopLiveStreams(page: Page): Promise<number> {
  const opened = () => page.evaluate(() => ((window as unknown as { __liveStreams?: EventSource[] }).__liveStreams ?? []).length);
  await expect.poll(opened, { timeout: WAIT, message: 'the page opened its live stream' }).toBeGreaterThan(0);
  return page.evaluate(() => {
    const streams = (window as unknown as { __liveStreams?: EventSource[] }).__liveStreams ?? [];
    for (const stream of streams) stream.close();
    return streams.filter((stream) => stream.readyState === EventSource.CLOSED).length;
  });
}
