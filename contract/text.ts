import { z } from './zod';

/**
 * Every string a request carries has a bound, and none may hold a NUL character (PostgreSQL cannot store
 * one, and no name, email or password needs it). The bounds are the owner's protection too: a 400 KB
 * "email" is refused at the edge with 400 instead of reaching a hash or a query.
 */
export const BOUNDS = {
  /** RFC 5321's limit for an address. */
  email: 320,
  password: 1000,
  /** A person's or a flow's display name as typed into a runtime call. */
  name: 200,
  /** Ids and user-tokens in paths, bodies and headers: ours are UUIDs or short slugs. */
  id: 100,
  search: 200,
} as const;

// eslint-disable-next-line no-control-regex -- finding the NUL character is the point
const NO_NUL = /^[^\u0000]*$/;

/** A string of at most `max` characters with no NUL. */
export const text = (max: number) =>
  z.string().check(z.maxLength(max, `Use at most ${max} characters`), z.regex(NO_NUL, 'Must not contain a NUL character'));

/** The same, trimmed first. */
export const trimmedText = (max: number) =>
  z
    .string()
    .check(z.trim(), z.maxLength(max, `Use at most ${max} characters`), z.regex(NO_NUL, 'Must not contain a NUL character'));

/** Whether a string from a path, a query or a header is safe to pass on (no NUL, at most `max` characters). */
export const isSafeText = (value: string, max: number) => value.length <= max && NO_NUL.test(value);
