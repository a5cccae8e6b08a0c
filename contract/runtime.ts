import { BOUNDS, text, trimmedText } from './text';
import { sessionSourceSchema } from './access';
import { z } from './zod';

/** The runtime API (Backendless JS SDK compatible). Unknown keys (`___class`, `blUserLocale`, …) are dropped. */

export const registerUserSchema = z.object({
  email: trimmedText(BOUNDS.email),
  password: text(BOUNDS.password),
  name: z.optional(z.nullable(trimmedText(BOUNDS.name))),
});

export const loginSchema = z.object({
  login: z.pipe(z.union([text(BOUNDS.email), z.number()]), z.transform(String)),
  password: text(BOUNDS.password),
});

export const runtimeUserSchema = z.looseObject({
  objectId: z.string(),
  email: z.string(),
  name: z.nullable(z.string()),
  ___class: z.literal('Users'),
  'user-token': z.optional(z.string()),
});
export type RuntimeUser = z.infer<typeof runtimeUserSchema>;

const initialDataSchema = z.record(z.string(), z.unknown());

export const activateByNameSchema = z.object({
  name: text(BOUNDS.name).check(z.minLength(1)),
  initialData: z.optional(z.nullable(initialDataSchema)),
});

export const activateByIdSchema = initialDataSchema;

export const callFlowSchema = z
  .object({
    sessionSource: sessionSourceSchema,
    /** The execution init user or the trigger user; none for session source `none`. */
    userId: z.optional(z.nullable(text(BOUNDS.id).check(z.minLength(1)))),
    initialData: z.optional(z.nullable(initialDataSchema)),
  })
  .check(
    z.refine((input) => (input.sessionSource === 'none') === (input.userId == null), {
      message: 'Give userId exactly when the session source is not none',
      path: ['userId'],
    }),
  );

export const flowExecutionSchema = z.object({ executionId: z.string() });
export type FlowExecution = z.infer<typeof flowExecutionSchema>;
