import { useCallback, useEffect, useRef, useState } from 'react';

/** The longest wait: a page sent to the background on the way paints no frame, and the work must still be done. */
const AT_MOST_MS = 100;

type Host = typeof globalThis & {
  requestIdleCallback?: (callback: (idle: IdleDeadline) => void, options?: { timeout: number }) => number;
};
const host = globalThis as Host;

/**
 * The most one task spends on painted work when the browser gives no idle period to fill (no idle
 * callbacks, or the longest wait has passed) before it lets input and frames in: the steps an open
 * queues (the scroll lock, the focus, the history entry) took 20–40 ms together on this project's
 * machine, a long task when the machine was busy.
 */
const SLICE_MS = 10;

/** The work waiting for the next frame, in the order it was scheduled; one frame callback for all of it. */
let queue: (() => void)[] = [];
/** Work whose frame is painted, in the order it was scheduled, run a slice per task. */
const ready: (() => void)[] = [];
/** A task is posted to run the rest of `ready`. */
let continuing = false;

function runStep(step: () => void) {
  try {
    step();
  } catch (error) {
    // Reported as any uncaught error is, without keeping the steps after it from running.
    queueMicrotask(() => {
      throw error;
    });
  }
}

/**
 * Runs the painted work in order while the idle period lasts (or for SLICE_MS without one), at
 * least one step; the rest goes on in a task of its own, after what the browser has queued meanwhile.
 */
function runReady(idle?: IdleDeadline) {
  const start = performance.now();
  const hasTime = () => (idle && !idle.didTimeout ? idle.timeRemaining() > 0 : performance.now() - start < SLICE_MS);
  for (let step = ready.shift(); step; step = ready.shift()) {
    runStep(step);
    if (ready.length > 0 && !hasTime()) {
      continuing = true;
      setTimeout(() => {
        continuing = false;
        runReady();
      }, 0);
      return;
    }
  }
}

/**
 * Runs `work` once the next frame is painted and the page is idle (a requestAnimationFrame, then an
 * idle callback), or after AT_MOST_MS whatever happens. For what a click causes that the eye does not
 * wait for: the click's own change is painted first, and tasks already queued go before it. The work
 * a task schedules shares one frame callback, one idle callback and one timer, and runs in order,
 * within the idle period when it fits, or a slice per task (see runReady).
 */
export function afterPaint(work: () => void): void {
  queue.push(work);
  if (queue.length > 1) return;
  let done = false;
  const run = (idle?: IdleDeadline) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    ready.push(...queue);
    queue = [];
    // Work left from an earlier frame runs first, in the task already posted for it.
    if (!continuing) runReady(idle);
  };
  // No frame is coming (a page in the background, or no rendering at all): just after this task.
  const paints = typeof requestAnimationFrame === 'function' && globalThis.document?.visibilityState !== 'hidden';
  const timer = setTimeout(() => run(), paints ? AT_MOST_MS : 0);
  if (!paints) return;
  requestAnimationFrame(() => {
    if (host.requestIdleCallback) host.requestIdleCallback(run, { timeout: AT_MOST_MS });
    else setTimeout(() => run(), 0);
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
