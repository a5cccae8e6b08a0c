import { BOUNDS, text, trimmedText } from './text';
import { z } from './zod';

/** Console sign-in (the real server; the demo has none). */

export const signInSchema = z.object({
  email: trimmedText(BOUNDS.email).check(z.minLength(1, 'Enter your email')),
  password: text(BOUNDS.password).check(z.minLength(1, 'Enter your password')),
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
