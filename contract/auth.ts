import { z } from './zod';

/** Console sign-in (the real server; the demo has none). */

export const signInSchema = z.object({
  email: z.string().check(z.trim(), z.minLength(1, 'Enter your email'), z.maxLength(320)),
  password: z.string().check(z.minLength(1, 'Enter your password'), z.maxLength(1000)),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const consoleSessionSchema = z.object({
  /** Send as `Authorization: Bearer <token>`. */
  token: z.string(),
  /** ISO 8601. */
  expiresAt: z.string(),
  admin: z.object({ email: z.string() }),
});
export type ConsoleSession = z.infer<typeof consoleSessionSchema>;

