import type { ServerResponse } from 'node:http';

const LIBRARY_LINE = 'The user aborted a request.';
const REPORT_EVERY_MS = 60_000;

/**
 * Requests whose client went away before the answer was written (or that a shutdown cut). Slow or flaky clients can make
 * thousands of them, so they are counted and reported as one line a minute at most (and at shutdown),
 * never one line or a stack each. @hono/node-server prints `The user aborted a request.` for each one
 * with no way to turn it off; that exact line is dropped here (counted through the response instead).
 */
export function countAbortedRequests(log: (line: string) => void = console.error) {
  let count = 0;
  let reported = 0;
  const open = new Set<ServerResponse>();
  const report = () => {
    if (count === reported) return;
    log(JSON.stringify({ at: new Date().toISOString(), event: 'requests aborted', count: count - reported }));
    reported = count;
  };
  const timer = setInterval(report, REPORT_EVERY_MS);
  timer.unref();
  const info = console.info.bind(console);
  console.info = (...args: unknown[]) => {
    if (args.length === 1 && args[0] === LIBRARY_LINE) return;
    info(...args);
  };
  return {
    /** Watches one response: closed before it was fully written means its client went away. */
    watch(response: ServerResponse) {
      open.add(response);
      response.once('close', () => {
        if (open.delete(response) && !response.writableFinished) count++;
      });
    },
    /** Reports what is left and stops. */
    stop() {
      // Responses still unwritten now were cut by the shutdown (or their client left unnoticed).
      for (const response of open) if (!response.writableFinished) count++;
      open.clear();
      clearInterval(timer);
      report();
      console.info = info;
    },
  };
}
