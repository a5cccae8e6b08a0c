import { DECISION_LEVELS } from '../domain/decision';
import { checkAccessSchema } from './access';
import { trimmedText } from './text';
import { z } from './zod';

/** At most this many saved tests per flow: they all run after every change to the flow. */
export const MAX_ACCESS_TESTS_PER_FLOW = 100;

const expectSchema = z.enum(['granted', 'denied']);

/** A check from CHECK ACCESS kept as a test: this caller, this way in, this decision expected. */
export const newAccessTestSchema = z.object({
  name: trimmedText(200).check(z.minLength(1, 'Give the test a name')),
  check: checkAccessSchema,
  expect: expectSchema,
});
export type NewAccessTest = z.infer<typeof newAccessTestSchema>;

export const accessTestSchema = z.object({
  id: z.string(),
  flowId: z.string(),
  name: z.string(),
  check: checkAccessSchema,
  expect: expectSchema,
  /** ISO 8601 time it was saved. */
  createdAt: z.string(),
});
export type AccessTest = z.infer<typeof accessTestSchema>;

/** A saved test run on the flow as it is now. */
export const accessTestRunSchema = z.object({
  ...accessTestSchema.shape,
  passed: z.boolean(),
  actual: z.nullable(expectSchema),
  /** The level that decided, and the role when a role's value did. */
  level: z.nullable(z.enum(DECISION_LEVELS)),
  role: z.optional(z.string()),
  /** Why it could not run (e.g. the user was deleted). */
  error: z.optional(z.string()),
});
export type AccessTestRun = z.infer<typeof accessTestRunSchema>;

export const accessTestListSchema = z.object({ items: z.array(accessTestRunSchema) });
export type AccessTestList = z.infer<typeof accessTestListSchema>;
