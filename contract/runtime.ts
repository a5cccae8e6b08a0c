import { trimmed } from './paging';
import { sessionSourceSchema } from './access';
import { z } from './zod';

/** The runtime API (Backendless JS SDK compatible). Unknown keys (`___class`, `blUserLocale`, …) are dropped. */

export const registerUserSchema = z.object({
  email: z.string().check(z.trim()),
  password: z.string(),
  name: z.optional(z.nullable(trimmed(200))),
});

export const loginSchema = z.object({
  login: z.pipe(z.union([z.string(), z.number()]), z.transform(String)),
  password: z.string(),
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
  name: z.string().check(z.minLength(1)),
  initialData: z.optional(z.nullable(initialDataSchema)),
});

export const activateByIdSchema = initialDataSchema;

export const callFlowSchema = z
  .object({
    sessionSource: sessionSourceSchema,
    /** The execution init user or the trigger user; none for session source `none`. */
    userId: z.optional(z.nullable(z.string().check(z.minLength(1)))),
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
