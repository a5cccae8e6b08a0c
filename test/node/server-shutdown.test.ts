import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signIn, startServerProcess, tempDataDir, type ServerProcess } from './support/server';
import { readEvents } from './support/sse';

/** SIGTERM: new connections are refused, requests in flight get a bounded grace, then the process exits 0. */

const started: ServerProcess[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const server of started.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    await server.exited;
  }
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A signed-in client that sends headers and half its body, then nothing more: its request stays in flight. */
function slowClient(url: string, token: string, method = 'PUT'): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    socket.on('error', () => undefined);
    socket.resume();
    socket.once('connect', () => {
      socket.write(
        `${method} /api/console/flows/fl_0001 HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: 100\r\n\r\n{"name":`,
        () => resolve(socket),
      );
    });
    socket.once('error', reject);
  });
}

describe('stopping on SIGTERM', () => {
  it('closes a slow client by the end of the grace period and exits 0 saying it stopped', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const server = await startServerProcess({ DATA_DIR: data.dir, SEED: 'none', SHUTDOWN_GRACE_MS: '1000' });
    started.push(server);
    const slow = await slowClient(server.url, await signIn(server.url));
    cleanups.push(() => slow.destroy());
    const closed = new Promise<void>((resolve) => slow.once('close', () => resolve()));
    const signalled = Date.now();
    server.child.kill('SIGTERM');
    const timer = setTimeout(() => server.child.kill('SIGKILL'), 20_000);
    const exited = await server.exited.finally(() => clearTimeout(timer));
    expect({ exited, output: server.output() }).toMatchObject({
      exited: { code: 0, signal: null },
      output: expect.stringMatching(/^Stopped/m),
    });
    // Bounded: the grace (1 s) and the stop itself, never the slow client's pace.
    expect(Date.now() - signalled).toBeLessThan(15_000);
    await Promise.race([
      closed,
      new Promise((_, reject) => setTimeout(() => reject(new Error('the slow client was never closed')), 5_000)),
    ]);
  });
});

describe('clients that go away mid-request', () => {
  it('are counted in one line, never logged one by one or with a stack', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const server = await startServerProcess({ DATA_DIR: data.dir, SEED: 'none' });
    started.push(server);
    const token = await signIn(server.url);
    // A rename reads its body: these requests wait for the rest of it.
    const clients = await Promise.all(Array.from({ length: 20 }, () => slowClient(server.url, token, 'PATCH')));
    // Once an answer to a later request is in, the server has read the slow clients' headers too.
    await signIn(server.url);
    for (const client of clients) client.destroy();
    server.child.kill('SIGTERM');
    const exited = await server.exited;
    const output = server.output();
    expect(exited).toEqual({ code: 0, signal: null });
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toMatch(/aborted a request/i);
    expect(output).not.toMatch(/request failed/);
    expect(output).toMatch(/"event":"requests aborted","count":(1\d|20)\b/);
  });

  it("ends the consoles' live streams at once instead of waiting out the grace period", async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);
    const server = await startServerProcess({ DATA_DIR: data.dir, SEED: 'none', SHUTDOWN_GRACE_MS: '60000' });
    started.push(server);
    const response = await fetch(`${server.url}/api/console/events`, {
      headers: { authorization: `Bearer ${await signIn(server.url)}` },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = readEvents(response);
    expect((await events.next()).event).toBe('ready');
    const stopping = Date.now();
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(30_000);
    await expect(events.next()).rejects.toThrow();
  });
});
