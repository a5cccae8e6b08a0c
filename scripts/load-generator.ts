/**
 * The server benchmarks' load generator: `clients` keep-alive HTTP/1.1 connections over loopback, each
 * sending its next request when the last is answered (a closed loop), until `count` requests have been
 * answered. Requests are written as text on a plain socket and answers read with just enough parsing to
 * find their status and end (`Content-Length` or chunked): no `Request`/`Response` objects, no streams,
 * so the client costs little of the CPU it shares with the server under test
 * (docs/decisions/040-a-light-load-generator.md).
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface LoadRequest {
  method: string;
  /** Path and query, e.g. `/api/automation/flow/activate-by-name`. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  /** Each request's time from its first byte written to its answer's last byte read, in ms, in order of answer. */
  latencies: number[];
  /** Answers whose status was not 2xx. */
  failures: number;
  /** Answers by status. */
  statuses: Map<number, number>;
  seconds: number;
  /** This process's CPU time (user + system) while the load ran, in ms: what the generator cost. */
  clientCpuMs: number;
}

interface Answer {
  status: number;
}

const HEADERS_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');

/**
 * Where an answer that starts at the buffer's beginning ends, and its status; undefined while it is
 * incomplete. Throws on what is not an HTTP/1.1 answer.
 */
export function parseAnswer(buffer: Buffer): { status: number; end: number; close: boolean } | undefined {
  const headersEnd = buffer.indexOf(HEADERS_END);
  if (headersEnd < 0) return undefined;
  const lines = buffer.toString('latin1', 0, headersEnd).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1];
  if (!status) throw new Error(`Not an HTTP answer: ${JSON.stringify(lines[0])}`);
  let length: number | undefined;
  let chunked = false;
  let close = false;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    if (name === 'content-length') length = Number(value);
    else if (name === 'transfer-encoding') chunked = value.includes('chunked');
    else if (name === 'connection') close = value.includes('close');
  }
  let offset = headersEnd + HEADERS_END.length;
  if (!chunked) {
    const end = offset + (length ?? 0);
    return end <= buffer.length ? { status: Number(status), end, close } : undefined;
  }
  for (;;) {
    const sizeEnd = buffer.indexOf(LINE_END, offset);
    if (sizeEnd < 0) return undefined;
    const size = parseInt(buffer.toString('latin1', offset, sizeEnd).split(';', 1)[0] ?? '', 16);
    if (!Number.isFinite(size)) throw new Error('A chunk without a size');
    offset = sizeEnd + LINE_END.length;
    if (size === 0) {
      // Trailers (none expected), then the empty line.
      const trailersEnd = buffer.indexOf(LINE_END, offset);
      if (trailersEnd < 0) return undefined;
      if (trailersEnd !== offset) {
        const end = buffer.indexOf(HEADERS_END, offset);
        return end < 0 ? undefined : { status: Number(status), end: end + HEADERS_END.length, close };
      }
      return { status: Number(status), end: offset + LINE_END.length, close };
    }
    offset += size + LINE_END.length;
    if (offset > buffer.length) return undefined;
  }
}

/** One keep-alive connection that sends a request and resolves with its answer's status. */
class Connection {
  private socket: Socket | undefined;
  private pending: Buffer = Buffer.alloc(0);
  private waiting: { resolve(answer: Answer): void; reject(error: Error): void } | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  private open(): Socket {
    const socket = connect(this.port, this.host);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (this.socket !== socket) return;
      this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      let parsed;
      try {
        parsed = parseAnswer(this.pending);
      } catch (error) {
        return this.fail(error as Error);
      }
      if (!parsed) return;
      if (parsed.end !== this.pending.length) return this.fail(new Error('More bytes than one answer'));
      this.pending = Buffer.alloc(0);
      if (parsed.close) this.drop();
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.resolve({ status: parsed.status });
    });
    // A socket dropped after a `Connection: close` answer is no longer this connection's.
    socket.on('error', (error) => {
      if (this.socket === socket) this.fail(error);
    });
    socket.on('close', () => {
      if (this.socket === socket) this.fail(new Error('The server closed the connection before answering'));
    });
    return socket;
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.destroy();
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    this.pending = Buffer.alloc(0);
    this.drop();
    waiting?.reject(error);
  }

  send(text: string): Promise<Answer> {
    this.socket ??= this.open();
    return new Promise<Answer>((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket?.write(text, 'utf8');
    });
  }

  close(): void {
    this.drop();
  }
}

/** The request as HTTP/1.1 text (keep-alive is HTTP/1.1's default). */
export function requestText(host: string, { method, path, headers = {}, body }: LoadRequest): string {
  let text = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n`;
  for (const [name, value] of Object.entries(headers)) text += `${name}: ${value}\r\n`;
  if (body !== undefined) text += `content-length: ${Buffer.byteLength(body)}\r\n`;
  return `${text}\r\n${body ?? ''}`;
}

/** Sends `count` requests (`request(index)` for index 0…count-1) from `clients` concurrent connections. */
export async function runLoad(
  base: string,
  { clients, count, request }: { clients: number; count: number; request: (index: number) => LoadRequest },
): Promise<LoadResult> {
  const url = new URL(base);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || 80;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let failures = 0;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const connections = Array.from({ length: clients }, () => new Connection(host, port));
  try {
    await Promise.all(
      connections.map(async (connection) => {
        for (let index = next++; index < count; index = next++) {
          const text = requestText(url.host, request(index));
          const before = performance.now();
          const { status } = await connection.send(text);
          latencies.push(performance.now() - before);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status < 200 || status > 299) failures++;
        }
      }),
    );
  } finally {
    for (const connection of connections) connection.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { latencies, failures, statuses, seconds, clientCpuMs: (cpu.user + cpu.system) / 1000 };
}
