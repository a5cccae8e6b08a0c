import type { Clock } from '../platform/clock';

/** A counted attempt; `release` takes it back (it turned out to cost nothing, or to be a success). */
export interface Permit {
  release(): void;
}

export type Taken =
  { readonly taken: true; readonly permit: Permit } | { readonly taken: false; readonly retryAfterSeconds: number };

export interface SlidingWindowOptions {
  now: Clock;
  /** Attempts per key within `windowMs`. */
  limit: number;
  windowMs: number;
  /** Keys kept at most; the longest-idle are forgotten first, so a flood of addresses cannot fill memory. */
  maxKeys?: number;
}

/**
 * At most `limit` attempts per key in any `windowMs`, in this process's memory: each server instance
 * counts its own callers (README: "Sign-in limits").
 */
export function createSlidingWindow({ now, limit, windowMs, maxKeys = 50_000 }: SlidingWindowOptions) {
  const attempts = new Map<string, number[]>();
  return function take(key: string): Taken {
    const at = now().getTime();
    const recent = (attempts.get(key) ?? []).filter((time) => time > at - windowMs);
    attempts.delete(key);
    if (recent.length >= limit) {
      attempts.set(key, recent);
      return {
        taken: false,
        retryAfterSeconds: Math.max(1, Math.ceil(((recent[recent.length - limit] ?? at) + windowMs - at) / 1000)),
      };
    }
    recent.push(at);
    attempts.set(key, recent);
    if (attempts.size > maxKeys) {
      const oldest = attempts.keys().next().value;
      if (oldest !== undefined) attempts.delete(oldest);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const list = attempts.get(key);
      const index = list?.indexOf(at) ?? -1;
      if (list && index !== -1) list.splice(index, 1);
    };
    return { taken: true, permit: { release } };
  };
}
