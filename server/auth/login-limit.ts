import type { Clock } from '../platform/clock';
import type { NewId } from '../platform/ids';
import type { LoginAttemptStore } from './login-attempt-store';

export interface LoginLimitOptions {
  store: LoginAttemptStore;
  now: Clock;
  newId: NewId;
  /** Failed sign-ins for one key within `windowMs` before further attempts are refused. */
  maxFailures?: number;
  windowMs?: number;
}

/** The attempt was refused before its password was checked: too many recent failures. */
export interface Refused {
  readonly refused: true;
  /** Seconds until the oldest counted failure ages out. */
  readonly retryAfterSeconds: number;
}

export const DEFAULT_MAX_FAILURES = 5;
export const DEFAULT_FAILURE_WINDOW_MS = 15 * 60 * 1000;

/**
 * A per-key limit on failed sign-ins that parallel requests cannot race: each attempt is recorded
 * *before* the (slow) password check, then counted. An attempt that finds more than `maxFailures`
 * attempts in the window (its own included) is refused and its record taken back; so of any number of
 * parallel guesses at most `maxFailures` are checked. A success clears the key's attempts; a failure's
 * record stays, as the failure.
 */
export function createLoginLimit({ store, now, newId, maxFailures = DEFAULT_MAX_FAILURES, windowMs = DEFAULT_FAILURE_WINDOW_MS }: LoginLimitOptions) {
  return async function attempt<T>(key: string, check: () => Promise<T | undefined>): Promise<T | undefined | Refused> {
    const at = now();
    const id = newId();
    await store.recordLoginAttempt(key, { id, at: at.toISOString() });
    const recent = await store.listLoginAttempts(key, new Date(at.getTime() - windowMs));
    if (recent.length > maxFailures) {
      await store.deleteLoginAttempt(key, id);
      const others = recent.filter((other) => other.id !== id);
      const oldestCounted = others[Math.max(0, others.length - maxFailures)]?.at ?? at.toISOString();
      const retryAt = Date.parse(oldestCounted) + windowMs;
      return { refused: true, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - at.getTime()) / 1000)) };
    }
    const result = await check();
    if (result !== undefined) await store.clearLoginAttempts(key);
    return result;
  };
}

export const isRefused = (value: unknown): value is Refused =>
  typeof value === 'object' && value !== null && (value as Partial<Refused>).refused === true;
