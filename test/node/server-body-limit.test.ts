import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/node/start';
import { startTestServer, tempDataDir } from './support/server';

/**
 * A body over the limit gets its 413, and the client reads it, however it sends: the server must not
 * close the connection under a client that is still sending (the kernel would reset it and the answer
 * would be lost). Raw sockets send the whole body as curl does; fetch sends over keep-alive.
 */

const BODY = Buffer.alloc(2 * 1024 * 1024, 'a');
const PATH = '/api/console/flows';
let server: RunningServer;
const data = tempDataDir();
beforeAll(async () => {
  server = await startTestServer({ dataDir: data.dir }, null);
  // Written once: curls running at once must not read it while it is rewritten.
  writeFileSync(join(data.dir, 'body.json'), BODY);
});
afterAll(async () => {
  await server?.stop();
  data.remove();
});

/** What one raw connection read: a small GET first when `keepAliveFirst`, then the 2 MB POST. */
function rawPost({ keepAliveFirst }: { keepAliveFirst: boolean }): Promise<string> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    let posted = !keepAliveFirst;
    const done = (outcome: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done(`no answer in time; read: ${received.slice(0, 80)}`), 15_000);
    const post = () => {
      socket.write(
        `POST ${PATH} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n`,
      );
      socket.write(BODY);
    };
    socket.on('connect', () => {
      if (keepAliveFirst) socket.write(`GET ${PATH} HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
      else post();
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!posted && /\r\n\r\n[^]*\}$/.test(received)) {
        posted = true;
        received = '';
        post();
      }
      if (posted && /^HTTP\/1\.1 413 [^]*\r\n\r\n[^]*"code":4130[^]*\}/.test(received)) done('413');
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      done(`${error.code ?? error.message} after reading: ${received.slice(0, 80) || '(nothing)'}`),
    );
    socket.on('close', () => done(`closed after reading: ${received.slice(0, 80) || '(nothing)'}`));
  });
}

async function fetchPost(): Promise<string> {
  try {
    const response = await fetch(server.url + PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json()) as { code?: number };
    return `${response.status} ${body.code}`;
  } catch (error) {
    return `failed: ${String((error as Error).cause ?? error)}`;
  }
}

/** curl as an operator would run it: it sends `Expect: 100-continue` for a body this size. */
function curlPost(times: number): Promise<string[]> {
  const file = join(data.dir, 'body.json');
  const url = server.url + PATH;
  // One curl, `times` requests in a row over one keep-alive connection (`--next` keeps it).
  const args = ['--silent', '--show-error', '--max-time', '15'];
  for (let i = 0; i < times; i++) {
    if (i > 0) args.push('--next');
    args.push(
      '--output',
      '/dev/null',
      '--write-out',
      '%{http_code}\\n',
      '-H',
      'content-type: application/json',
      '--data-binary',
      `@${file}`,
      url,
    );
  }
  return new Promise((resolve) => {
    execFile('curl', args, { timeout: 60_000 }, (_error, stdout) => resolve(stdout.trim().split('\n')));
  });
}

const tally = (outcomes: string[]) =>
  outcomes.reduce<Record<string, number>>((counts, outcome) => ({ ...counts, [outcome]: (counts[outcome] ?? 0) + 1 }), {});

describe('a 2 MB body', () => {
  it('gets a 413 the client reads: 50 in a row over new connections, and after a keep-alive request', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 50; i++) outcomes.push(await rawPost({ keepAliveFirst: i % 2 === 1 }));
    expect(tally(outcomes)).toEqual({ 413: 50 });
  });

  it('gets a 413 the client reads: 10 at once, three times', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      outcomes.push(...(await Promise.all(Array.from({ length: 10 }, (_, i) => rawPost({ keepAliveFirst: i % 2 === 0 })))));
    }
    expect(tally(outcomes)).toEqual({ 413: 30 });
  });

  it('gets a 413 through curl, 100 in a row over one connection, and 20 curls at once', async () => {
    const outcomes = await curlPost(100);
    outcomes.push(...(await Promise.all(Array.from({ length: 20 }, () => curlPost(1)))).flat());
    expect(tally(outcomes)).toEqual({ 413: 120 });
  });

  it('gets a 413 through fetch, 50 in a row and 10 at once, over keep-alive', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 50; i++) outcomes.push(await fetchPost());
    outcomes.push(...(await Promise.all(Array.from({ length: 10 }, fetchPost))));
    expect(tally(outcomes)).toEqual({ '413 4130': 60 });
  });
});
