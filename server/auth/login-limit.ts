import type { Clock } from '../platform/clock';
import type { NewId } from '../platform/ids';
import type { LoginAttemptStore } from './login-attempt-store';

export interface LoginLimitOptions {
  store: LoginAttemptStore;
  now: Clock;
  newId: NewId;
  /** Failures of one account from one address answered at once; after them each attempt waits. */
  freeFailures?: number;
  /** The first wait; each further failure doubles it, up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** How long an address's failures at an account count. */
  clientWindowMs?: number;
  /** Failures at one account from all addresses within `accountWindowMs` before only known clients are let through. */
  accountMaxFailures?: number;
  accountWindowMs?: number;
}

/** The attempt was refused before its password was checked: too many recent failures. */
export interface Refused {
  readonly refused: true;
  readonly retryAfterSeconds: number;
}

export const DEFAULT_LOGIN_LIMIT = {
  freeFailures: 5,
  firstDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  clientWindowMs: 60 * 60_000,
  accountMaxFailures: 50,
  accountWindowMs: 15 * 60_000,
} as const;

export interface Attempt {
  /** `console:<email>` or `app:<email>`. */
  readonly account: string;
  readonly address: string;
  /** Signed in to this account successfully before: not held by the account-wide limit. */
  readonly knownClient?: boolean;
}

const refused = (ms: number): Refused => ({ refused: true, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) });

/**
 * Failed sign-ins slow the guesser without locking the owner out. Per (address, account): the first
 * `freeFailures` are answered at once, then each attempt waits `firstDelayMs`, doubled per further
 * failure up to `maxDelayMs`, counted from the last failure. Per account, from every address: beyond
 * `accountMaxFailures` in `accountWindowMs`, only a known client gets through. Each attempt is recorded
 * *before* its (slow) password check, so parallel guesses count as failures until they are checked.
 * A refused attempt's records are taken back; a success clears its address's failures at the account.
 */
export function createLoginLimit({ store, now, newId, ...options }: LoginLimitOptions) {
  const limits = { ...DEFAULT_LOGIN_LIMIT, ...options };
  return async function attempt<T>(
    { account, address, knownClient = false }: Attempt,
    check: () => Promise<T | undefined>,
  ): Promise<T | undefined | Refused> {
    const at = now();
    const clientKey = `${account}|from:${address}`;
    const clientRecord = { id: newId(), at: at.toISOString() };
    const accountRecord = knownClient ? undefined : { id: newId(), at: at.toISOString() };
    const takeBack = async () => {
      await store.deleteLoginAttempt(clientKey, clientRecord.id);
      if (accountRecord) await store.deleteLoginAttempt(account, accountRecord.id);
    };

    await store.recordLoginAttempt(clientKey, clientRecord);
    const earlier = (await store.listLoginAttempts(clientKey, new Date(at.getTime() - limits.clientWindowMs))).filter(
      (other) => other.id !== clientRecord.id,
    );
    const last = earlier[earlier.length - 1];
    if (last && earlier.length >= limits.freeFailures) {
      const delay = Math.min(limits.maxDelayMs, limits.firstDelayMs * 2 ** (earlier.length - limits.freeFailures));
      const waitMs = Date.parse(last.at) + delay - at.getTime();
      if (waitMs > 0) {
        await takeBack();
        return refused(waitMs);
      }
    }
    if (accountRecord) {
      await store.recordLoginAttempt(account, accountRecord);
      const recent = await store.listLoginAttempts(account, new Date(at.getTime() - limits.accountWindowMs));
      if (recent.length > limits.accountMaxFailures) {
        await takeBack();
        const oldestCounted = recent[recent.length - 1 - limits.accountMaxFailures]?.at ?? at.toISOString();
        return refused(Date.parse(oldestCounted) + limits.accountWindowMs - at.getTime());
      }
    }

    let result: T | undefined;
    try {
      result = await check();
    } catch (error) {
      // Not checked (the server was busy): not a failure.
      await takeBack();
      throw error;
    }
    if (result !== undefined) {
      await store.clearLoginAttempts(clientKey);
      if (accountRecord) await store.deleteLoginAttempt(account, accountRecord.id);
    }
    return result;
  };
}

export const isRefused = (value: unknown): value is Refused =>
  typeof value === 'object' && value !== null && (value as Partial<Refused>).refused === true;
