import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAnswer, runLoad } from '../../scripts/load-generator';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server that records what it received and answers by path: chunked, a 500, `Connection: close`, or JSON. */
async function recordingServer(): Promise<{ url: string; received: Received[]; connections: () => number }> {
  const received: Received[] = [];
  let connections = 0;
  server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      if (request.url === '/chunked') {
        response.write('{"part":');
        setImmediate(() => response.end('1}'));
      } else if (request.url === '/fail') {
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"code":500}');
      } else if (request.url === '/close') {
        response.writeHead(200, { connection: 'close', 'content-length': '2' }).end('{}');
      } else {
        const text = JSON.stringify({ ok: true, echo: body });
        response.writeHead(200, { 'content-length': Buffer.byteLength(text) }).end(text);
      }
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, connections: () => connections };
}

describe('the benchmark load generator', () => {
  it('sends each index its own request, over one keep-alive connection per client, and times every answer', async () => {
    const { url, received, connections } = await recordingServer();
    const result = await runLoad(url, {
      clients: 4,
      count: 200,
      request: (index) => ({
        method: 'PUT',
        path: `/users/u_${index % 25}`,
        headers: { 'content-type': 'application/json', 'user-token': `token-${index}` },
        body: JSON.stringify({ value: ['grant', 'deny', null][Math.floor(index / 25) % 3], note: 'é' }),
      }),
    });

    expect(result.latencies).toHaveLength(200);
    expect(result.failures).toBe(0);
    expect(result.statuses.get(200)).toBe(200);
    expect(connections()).toBe(4);
    expect(received).toHaveLength(200);
    const byToken = new Map(received.map((request) => [request.headers['user-token'], request]));
    for (let index = 0; index < 200; index++) {
      const request = byToken.get(`token-${index}`);
      expect(request?.method).toBe('PUT');
      expect(request?.url).toBe(`/users/u_${index % 25}`);
      expect(JSON.parse(request?.body ?? '')).toEqual({ value: ['grant', 'deny', null][Math.floor(index / 25) % 3], note: 'é' });
    }
  });

  it('counts non-2xx answers as failures, reads chunked answers to their end, and reconnects after Connection: close', async () => {
    const { url, received } = await recordingServer();
    const paths = ['/fail', '/chunked', '/close', '/ok'];
    const result = await runLoad(url, {
      clients: 2,
      count: 40,
      request: (index) => ({ method: 'GET', path: paths[index % paths.length] ?? '/' }),
    });

    expect(received).toHaveLength(40);
    expect(result.failures).toBe(10);
    expect(result.statuses.get(500)).toBe(10);
    expect(result.statuses.get(200)).toBe(30);
  });

  it('waits for the rest of an answer that arrives in pieces', () => {
    const answer = Buffer.from('HTTP/1.1 201 Created\r\ncontent-length: 5\r\n\r\nhello');
    for (let cut = 0; cut < answer.length; cut++) expect(parseAnswer(answer.subarray(0, cut))).toBeUndefined();
    expect(parseAnswer(answer)).toEqual({ status: 201, end: answer.length, close: false });

    const chunked = Buffer.from('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n');
    for (let cut = 0; cut < chunked.length; cut++) expect(parseAnswer(chunked.subarray(0, cut))).toBeUndefined();
    expect(parseAnswer(chunked)).toEqual({ status: 200, end: chunked.length, close: false });
  });
});
