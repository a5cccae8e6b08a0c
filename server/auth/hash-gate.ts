import { ErrorCode, retryLater } from '../http/errors';
import type { PasswordHasher } from './password-hasher';

export interface HashGateOptions {
  /** Password hashes computed at once. */
  concurrency?: number;
  /** Hashes waiting for a turn; one more is refused at once. */
  queue?: number;
}

export const DEFAULT_HASH_QUEUE = 8;

/**
 * A slow password hash runs on the same few threads as everything else the server does (in Node,
 * libuv's pool also reads files). Unbounded, a flood of sign-ins, logins or registrations makes every
 * other request wait behind it; bounded here, the excess is answered 503 with Retry-After at once.
 */
export function createHashGate({ concurrency = 1, queue = DEFAULT_HASH_QUEUE }: HashGateOptions = {}) {
  let running = 0;
  const waiting: (() => void)[] = [];
  let averageMs = 250;

  // A finished hash hands its turn straight to the next in line, so no newcomer slips in between.
  const next = () => {
    const waiter = waiting.shift();
    if (waiter) waiter();
    else running--;
  };

  const refuseWhenFull = () => {
    if (running < concurrency || waiting.length < queue) return;
    const seconds = (averageMs * (waiting.length + running)) / concurrency / 1000;
    throw retryLater(503, ErrorCode.busy, 'The server is busy: try again shortly', seconds);
  };

  async function run<T>(task: () => Promise<T>): Promise<T> {
    refuseWhenFull();
    if (running >= concurrency) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else {
      running++;
    }
    const started = performance.now();
    try {
      return await task();
    } finally {
      averageMs = 0.8 * averageMs + 0.2 * (performance.now() - started);
      next();
    }
  }
  return Object.assign(run, { refuseWhenFull });
}

export type HashGate = ReturnType<typeof createHashGate>;

/** The hasher with every hash and check taking a turn at the gate. */
export const gatedHasher = (hasher: PasswordHasher, gate: HashGate): PasswordHasher => ({
  hash: (password) => gate(() => hasher.hash(password)),
  verify: (password, stored) => gate(() => hasher.verify(password, stored)),
  ready: gate.refuseWhenFull,
});
