/** The longest wait: a page in the background paints no frames, and the work must still be done. */
const AT_MOST_MS = 100;

type Host = typeof globalThis & { requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number };
const host = globalThis as Host;

/**
 * Runs `work` once the next frame is painted and the page is idle (a requestAnimationFrame, then an
 * idle callback), or after AT_MOST_MS whatever happens. For what a click causes that the eye does not
 * wait for: the click's own change is painted first, and tasks already queued go before it.
 */
export function afterPaint(work: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    work();
  };
  const timer = setTimeout(run, AT_MOST_MS);
  if (typeof requestAnimationFrame !== 'function') return;
  requestAnimationFrame(() => {
    if (host.requestIdleCallback) host.requestIdleCallback(run, { timeout: AT_MOST_MS });
    else setTimeout(run, 0);
  });
}

/** afterPaint as a promise. */
export const nextPaint = (): Promise<void> => new Promise((resolve) => afterPaint(resolve));
