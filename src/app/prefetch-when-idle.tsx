import { useEffect } from 'react';

type Host = typeof globalThis & { requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number };
const host = globalThis as Host;

/**
 * Once the console's first frame is painted and the page is idle, loads `load` (the code of a page the
 * administrator may open next), so that opening it waits for its data only. Not part of the JS the page
 * loads up front (the initial JS budget); an idle moment comes while the first page waits for its data.
 */
export function PrefetchWhenIdle({ load }: { load: () => void }) {
  useEffect(() => {
    let idle: number | undefined;
    const frame = requestAnimationFrame(() => {
      if (host.requestIdleCallback) idle = host.requestIdleCallback(load);
      else idle = window.setTimeout(load, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (idle !== undefined) (host.cancelIdleCallback ?? clearTimeout)(idle);
    };
  }, [load]);
  return null;
}
