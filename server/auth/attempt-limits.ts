import { ErrorCode, retryLater } from '../http/errors';
import type { Clock } from '../platform/clock';
import { createSlidingWindow, type Permit } from './sliding-window';

export interface AttemptLimitsOptions {
  now: Clock;
  /** Console sign-ins per address per minute; a success is not counted. */
  signInsPerAddress?: number;
  /** App logins per address per minute; a success is not counted. */
  loginsPerAddress?: number;
  /** Registrations per address per hour. */
  registrationsPerAddress?: number;
  /** Registrations per minute from all addresses together. */
  registrationsPerMinute?: number;
}

export const DEFAULT_ATTEMPT_LIMITS = {
  signInsPerAddress: 20,
  loginsPerAddress: 20,
  registrationsPerAddress: 10,
  registrationsPerMinute: 60,
} as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * How often one address may try what costs a password hash: console sign-ins, app logins and
 * registrations (and registrations in all). Each throws 429 (4291) with Retry-After when over; the
 * caller releases the permit of an attempt that should not count.
 */
export function createAttemptLimits({ now, ...options }: AttemptLimitsOptions) {
  const limits = { ...DEFAULT_ATTEMPT_LIMITS, ...options };
  const signIns = createSlidingWindow({ now, limit: limits.signInsPerAddress, windowMs: MINUTE });
  const logins = createSlidingWindow({ now, limit: limits.loginsPerAddress, windowMs: MINUTE });
  const registrations = createSlidingWindow({ now, limit: limits.registrationsPerAddress, windowMs: HOUR });
  const allRegistrations = createSlidingWindow({ now, limit: limits.registrationsPerMinute, windowMs: MINUTE });

  const permitOrThrow = (taken: ReturnType<typeof signIns>, message: string): Permit => {
    if (taken.taken) return taken.permit;
    throw retryLater(429, ErrorCode.tooManyRequests, message, taken.retryAfterSeconds);
  };
  return {
    signIn: (address: string) => permitOrThrow(signIns(address), 'Too many sign-ins from your address: wait and try again'),
    login: (address: string) => permitOrThrow(logins(address), 'Too many logins from your address: wait and try again'),
    register(address: string): Permit {
      const mine = permitOrThrow(registrations(address), 'Too many registrations from your address: wait and try again');
      const everyone = allRegistrations('*');
      if (everyone.taken) return { release: () => (mine.release(), everyone.permit.release()) };
      mine.release();
      throw retryLater(
        429,
        ErrorCode.tooManyRequests,
        'Too many registrations right now: wait and try again',
        everyone.retryAfterSeconds,
      );
    },
  };
}

export type AttemptLimits = ReturnType<typeof createAttemptLimits>;
