import { useCallback, useEffect, useRef, useState } from 'react';

/** The longest wait: a page sent to the background on the way paints no frame, and the work must still be done. */
const AT_MOST_MS = 100;

type Host = typeof globalThis & { requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number };
const host = globalThis as Host;

/** The work waiting for the next frame, in the order it was scheduled; one frame callback for all of it. */
let queue: (() => void)[] = [];

function runQueue() {
  const work = queue;
  queue = [];
  for (const step of work) {
    try {
      step();
    } catch (error) {
      // Reported as any uncaught error is, without keeping the steps after it from running.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

/**
 * Runs `work` once the next frame is painted and the page is idle (a requestAnimationFrame, then an
 * idle callback), or after AT_MOST_MS whatever happens. For what a click causes that the eye does not
 * wait for: the click's own change is painted first, and tasks already queued go before it. The work
 * a task schedules shares one frame callback, one idle callback and one timer, and runs in order.
 */
export function afterPaint(work: () => void): void {
  queue.push(work);
  if (queue.length > 1) return;
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    runQueue();
  };
  // No frame is coming (a page in the background, or no rendering at all): just after this task.
  const paints = typeof requestAnimationFrame === 'function' && globalThis.document?.visibilityState !== 'hidden';
  const timer = setTimeout(run, paints ? AT_MOST_MS : 0);
  if (!paints) return;
  requestAnimationFrame(() => {
    if (host.requestIdleCallback) host.requestIdleCallback(run, { timeout: AT_MOST_MS });
    else setTimeout(run, 0);
  });
}

/**
 * False in a component's first render, true once that render is painted (see afterPaint): what the
 * first frame does not need (observers that fetch, tooltips, menus) waits for it. Not `shown` (a
 * component rendered ahead, hidden), it stays false until the frame after it is.
 */
export function usePainted(shown = true): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!shown) return;
    let mounted = true;
    afterPaint(() => {
      if (mounted) setPainted(true);
    });
    return () => {
      mounted = false;
    };
  }, [shown]);
  return painted;
}

/**
 * `afterPaint` for a component's own state: work whose component has gone by then (a dialog closed,
 * a page left, a test ended) is dropped, instead of setting the state of something no longer there.
 */
export function useAfterPaint(): (work: () => void) => void {
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return useCallback((work: () => void) => afterPaint(() => mounted.current && work()), []);
}
