import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants, monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

/** What the server measured itself since the last summary (REQUEST_TIMING=1, for the benchmarks). */
export interface TimingSummary {
  requests: number;
  /** Request received (headers parsed) → answer handed to the kernel, in ms. */
  p50: number;
  p99: number;
  max: number;
  /** How late the event loop ran a timer (a stall of the server's only thread), in ms. */
  eventLoopDelay: { p99: number; max: number };
  /** V8's garbage collections: how many, their total and their longest pause, in ms; `major` for mark-compacts alone. */
  gc: { count: number; ms: number; maxMs: number; major: { count: number; maxMs: number } };
  /** V8's heap in use at the summary, in MB. */
  heapMb: number;
}

const MAJOR_GC = constants.NODE_PERFORMANCE_GC_MAJOR;

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (ms: number) => Math.round(ms * 100) / 100;

/**
 * The server's own latency per request, event-loop delay and garbage collections, kept in memory and
 * handed out by `take` (which starts the next period). Only `npm run bench:server` turns it on: it
 * tells the server's tail from the load generator's. Nothing answers it over HTTP.
 */
export function createRequestTiming() {
  let durations: number[] = [];
  const noGc = () => ({ count: 0, ms: 0, maxMs: 0, major: { count: 0, maxMs: 0 } });
  let gc = noGc();
  const loop = monitorEventLoopDelay({ resolution: 2 });
  loop.enable();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.ms += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      if ((entry as { detail?: { kind?: number } }).detail?.kind === MAJOR_GC) {
        gc.major.count++;
        gc.major.maxMs = Math.max(gc.major.maxMs, entry.duration);
      }
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    watch(_request: IncomingMessage, response: ServerResponse) {
      const started = performance.now();
      response.once('finish', () => durations.push(performance.now() - started));
    },
    take(): TimingSummary {
      const sorted = durations.sort((a, b) => a - b);
      const summary: TimingSummary = {
        requests: sorted.length,
        p50: round(percentile(sorted, 50)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted.at(-1) ?? 0),
        eventLoopDelay: { p99: round(loop.percentile(99) / 1e6), max: round(loop.max / 1e6) },
        gc: { ...gc, ms: round(gc.ms), maxMs: round(gc.maxMs), major: { ...gc.major, maxMs: round(gc.major.maxMs) } },
        heapMb: round(process.memoryUsage().heapUsed / 1024 / 1024),
      };
      durations = [];
      gc = noGc();
      loop.reset();
      return summary;
    },
    stop() {
      loop.disable();
      observer.disconnect();
    },
  };
}

export type RequestTiming = ReturnType<typeof createRequestTiming>;

/** The line a timed server prints on SIGUSR2: `request timing {…}`. */
export const TIMING_LINE = 'request timing ';

/** Prints a summary on each SIGUSR2 and starts the next period; returns the stop. */
export function reportTimingOnSignal(timing: RequestTiming, log: (line: string) => void = console.log): () => void {
  const report = () => log(TIMING_LINE + JSON.stringify(timing.take()));
  process.on('SIGUSR2', report);
  return () => {
    process.off('SIGUSR2', report);
    timing.stop();
  };
}
