import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../server/node/http-server';
import { createRequestTiming, reportTimingOnSignal, TIMING_LINE } from '../../server/node/request-timing';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The HTTP server with a timing, over an app that holds the thread for `?busy=<ms>` before answering. */
async function timedServer(): Promise<{ server: HttpServer; timing: ReturnType<typeof createRequestTiming> }> {
  const dist = mkdtempSync(join(tmpdir(), 'timing-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html>');
  const timing = createRequestTiming();
  const server = await startHttpServer({
    fetch: (request) => {
      const busy = Number(new URL(request.url).searchParams.get('busy') ?? 0);
      const until = performance.now() + busy;
      while (performance.now() < until) {
        // Holds the thread: a slow handler, measured by the server.
      }
      return Response.json({ ok: true });
    },
    distDir: dist,
    port: 0,
    host: '127.0.0.1',
    watch: timing.watch,
  });
  cleanups.push(
    () => rmSync(dist, { recursive: true, force: true }),
    timing.stop,
    () => server.close(0),
  );
  return { server, timing };
}

describe('the server timing its own requests (REQUEST_TIMING)', () => {
  it('counts each request from its arrival to its answer, and starts over at each summary', async () => {
    const { server, timing } = await timedServer();
    for (let index = 0; index < 9; index++) await (await fetch(`${server.url}/api/x`)).arrayBuffer();
    await (await fetch(`${server.url}/api/x?busy=30`)).arrayBuffer();

    const summary = timing.take();
    expect(summary.requests).toBe(10);
    expect(summary.max).toBeGreaterThanOrEqual(30);
    expect(summary.p50).toBeLessThan(summary.max);
    // The busy handler held the event loop: the loop's delay saw it.
    expect(summary.eventLoopDelay.max).toBeGreaterThanOrEqual(20);
    expect(timing.take()).toMatchObject({ requests: 0, p99: 0, max: 0 });
  });

  it('prints a summary line on SIGUSR2 while it reports, and no longer after', async () => {
    const { server, timing } = await timedServer();
    const lines: string[] = [];
    const stop = reportTimingOnSignal(timing, (line) => lines.push(line));
    await (await fetch(`${server.url}/api/x`)).arrayBuffer();
    process.emit('SIGUSR2', 'SIGUSR2');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]?.slice(TIMING_LINE.length) ?? '')).toMatchObject({ requests: 1 });
    stop();
    expect(process.listenerCount('SIGUSR2')).toBe(0);
  });
});
