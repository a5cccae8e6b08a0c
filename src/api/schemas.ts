import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { CHANNELS, SESSION_SOURCES } from '../domain/caller';

/**
 * The console API's contract. The client parses every response with these schemas and the backend
 * validates every request with them; types are inferred from them, never written twice.
 *
 * Written with zod/mini (functions instead of methods, `.check(...)` for refinements), which the
 * bundler can trim: the console loads a third of what classic zod costs. Same parser, same messages.
 */
z.config(en());

/** A whole number from 0 up. */
const count = () => z.number().check(z.int(), z.minimum(0));
/** Query parameters of a page: where it starts, and how many items (at most 100). */
const offsetParam = () => z._default(z.coerce.number().check(z.int(), z.minimum(0)), 0);
const limitParam = (fallback: number) => z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), fallback);
/** A string, trimmed, of at most `max` characters. */
const trimmed = (max: number) => z.string().check(z.trim(), z.maxLength(max));

export const flowStatusSchema = z.enum(['LIVE', 'READY', 'NOT READY']);
export type FlowStatus = z.infer<typeof flowStatusSchema>;

export const flowSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  color: z.string(),
  status: flowStatusSchema,
});
export type Flow = z.infer<typeof flowSchema>;

export const pageQuerySchema = z.object({
  search: z._default(trimmed(200), ''),
  offset: offsetParam(),
  limit: limitParam(100),
});
export type PageQuery = z.input<typeof pageQuerySchema>;

/** `only=explicit`: just the users with an explicit value on the flow. */
export const userPageQuerySchema = z.extend(pageQuerySchema, { only: z.optional(z.enum(['explicit'])) });
export type UserPageQuery = z.input<typeof userPageQuerySchema>;

export function pageSchema<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item), total: count(), offset: count() });
}

export const flowPageSchema = pageSchema(flowSchema);
export type FlowPage = z.infer<typeof flowPageSchema>;

export const flowNameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, 'Enter a name'), z.maxLength(100, 'Use at most 100 characters'));

export const renameFlowSchema = z.object({ name: flowNameSchema });
export type RenameFlowInput = z.infer<typeof renameFlowSchema>;

export const permissionValueSchema = z.enum(['grant', 'deny']);
export const explicitValueSchema = z.nullable(permissionValueSchema);

export const inheritedSchema = z.object({
  value: permissionValueSchema,
  level: z.enum(['customRole', 'systemRole', 'appWide', 'default']),
  role: z.optional(z.string()),
});
export type Inherited = z.infer<typeof inheritedSchema>;

/**
 * Every explicit value has a version (0 until first changed through the API). A write sends the version
 * it was based on as `If-Match: "<version>"` and gets 412 when the value has moved on since.
 */
export const versionSchema = count();

/** The last change of a value through the API; `null` when it never changed there. */
export const lastChangeSchema = z.object({
  /** The administrator who made it. */
  by: z.string(),
  /** ISO 8601. */
  at: z.string(),
  /** The client's id for the write (its Idempotency-Key), if it sent one. */
  writeId: z.nullable(z.string()),
});
export type LastChange = z.infer<typeof lastChangeSchema>;

export const userPermissionSchema = z.object({
  id: z.string(),
  name: z.nullable(z.string()),
  email: z.string(),
  roles: z.array(z.string()),
  value: explicitValueSchema,
  inherited: inheritedSchema,
  version: versionSchema,
  changed: z.nullable(lastChangeSchema),
});
export type UserPermission = z.infer<typeof userPermissionSchema>;

export const userPermissionPageSchema = pageSchema(userPermissionSchema);
export type UserPermissionPage = z.infer<typeof userPermissionPageSchema>;

export const rolePermissionSchema = z.object({
  name: z.string(),
  kind: z.enum(['system', 'custom']),
  description: z.string(),
  value: explicitValueSchema,
  inherited: inheritedSchema,
  /** How many users hold the role; `null` for system roles, which depend on the call. */
  userCount: z.optional(z.nullable(count())),
  version: versionSchema,
  changed: z.nullable(lastChangeSchema),
});
export type RolePermission = z.infer<typeof rolePermissionSchema>;

export const rolePermissionListSchema = z.object({ items: z.array(rolePermissionSchema) });

export const setPermissionSchema = z.object({ value: explicitValueSchema });
export type SetPermissionInput = z.infer<typeof setPermissionSchema>;

/** One change of an explicit value on a flow, as the History shows it. */
export const historyEntrySchema = z.object({
  id: z.string(),
  /** ISO 8601. */
  at: z.string(),
  /** The administrator who made it. */
  by: z.string(),
  principal: z.object({
    kind: z.enum(['user', 'role']),
    /** A user's id or a role's name. */
    id: z.string(),
    /** A user's name (or email) or a role's name, as it was at the change. */
    name: z.string(),
  }),
  from: explicitValueSchema,
  to: explicitValueSchema,
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const historyPageQuerySchema = z.object({
  offset: offsetParam(),
  limit: limitParam(25),
});
export const historyPageSchema = pageSchema(historyEntrySchema);
export type HistoryPage = z.infer<typeof historyPageSchema>;

export const apiErrorBodySchema = z.object({ code: z.number(), message: z.string() });
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

// App-wide values per role: two-state, granted unless denied.

export const appPermissionSchema = z.object({
  name: z.string(),
  kind: z.enum(['system', 'custom']),
  description: z.string(),
  value: permissionValueSchema,
});
export type AppPermission = z.infer<typeof appPermissionSchema>;

export const appPermissionListSchema = z.object({ items: z.array(appPermissionSchema) });

export const setAppPermissionSchema = z.object({ value: permissionValueSchema });
export type SetAppPermissionInput = z.infer<typeof setAppPermissionSchema>;

// Decisions, activations and the access checker.

export const channelSchema = z.enum(CHANNELS);
export const sessionSourceSchema = z.enum(SESSION_SOURCES);

export const decisionSchema = z.object({
  value: permissionValueSchema,
  level: z.enum(['user', 'customRole', 'systemRole', 'appWide', 'default']),
  role: z.optional(z.string()),
});
export type DecisionBody = z.infer<typeof decisionSchema>;

/** What the runtime answers a call: started, refused (403), or refused because the flow is not LIVE (400). */
export const activationOutcomeSchema = z.enum(['started', 'denied', 'notLive']);
export type ActivationOutcome = z.infer<typeof activationOutcomeSchema>;

export const activationSchema = z.object({
  id: z.string(),
  /** ISO 8601 time of the attempt. */
  at: z.string(),
  flowId: z.string(),
  user: z.nullable(z.object({ id: z.string(), name: z.nullable(z.string()), email: z.string() })),
  /** Every role the caller held: custom roles, then system roles. */
  roles: z.array(z.string()),
  channel: channelSchema,
  /** Set when a flow called this one through the Call Flow block. */
  sessionSource: z.nullable(sessionSourceSchema),
  decision: decisionSchema,
  outcome: activationOutcomeSchema,
  executionId: z.nullable(z.string()),
});
export type Activation = z.infer<typeof activationSchema>;

export const activationPageQuerySchema = z.object({
  offset: offsetParam(),
  limit: limitParam(50),
});
export const activationPageSchema = pageSchema(activationSchema);
export type ActivationPage = z.infer<typeof activationPageSchema>;

export const checkAccessSchema = z
  .object({
    userId: z.nullable(z.string().check(z.minLength(1))),
    channel: channelSchema,
    /** Only for a Call Flow (channel ServerCode): where the called flow takes its user from. */
    sessionSource: z.optional(sessionSourceSchema),
  })
  .check(
    z.refine((input) => input.sessionSource === undefined || input.channel === 'ServerCode', {
      message: 'A session source applies to a Call Flow, whose channel is ServerCode',
      path: ['sessionSource'],
    }),
    z.refine((input) => input.sessionSource !== 'none' || input.userId === null, {
      message: 'A Call Flow with session source none has no user',
      path: ['userId'],
    }),
    z.refine((input) => input.sessionSource === undefined || input.sessionSource === 'none' || input.userId !== null, {
      message: 'Choose the user the session source gives',
      path: ['userId'],
    }),
  );
export type CheckAccessInput = z.infer<typeof checkAccessSchema>;

export const traceLevelSchema = z.object({
  level: decisionSchema.shape.level,
  entries: z.array(z.object({ principal: z.string(), value: explicitValueSchema })),
  outcome: z.enum(['decided', 'noValue', 'notReached']),
});

export const accessCheckSchema = z.object({
  flowId: z.string(),
  caller: z.object({
    userId: z.nullable(z.string()),
    customRoles: z.array(z.string()),
    systemRoles: z.array(z.string()),
    channel: channelSchema,
  }),
  /** As asked: set when checking a Call Flow. */
  sessionSource: z.nullable(sessionSourceSchema),
  decision: decisionSchema,
  levels: z.array(traceLevelSchema),
  /** What the runtime API would answer this caller now. */
  outcome: activationOutcomeSchema,
});
export type AccessCheck = z.infer<typeof accessCheckSchema>;

// The runtime API (Backendless JS SDK compatible). Unknown keys (`___class`, `blUserLocale`, …) are dropped.

export const registerUserSchema = z.object({
  email: z.string().check(z.trim()),
  password: z.string(),
  name: z.optional(z.nullable(trimmed(200))),
});
export type RegisterUserInput = z.infer<typeof registerUserSchema>;

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
export type CallFlowInput = z.infer<typeof callFlowSchema>;

export const flowExecutionSchema = z.object({ executionId: z.string() });
export type FlowExecution = z.infer<typeof flowExecutionSchema>;

// Who can start a flow in broad strokes, for the console's guard-rail warnings.

export const flowExposureSchema = z.object({
  anonymous: z.enum(['all', 'some', 'none']),
  startable: z.boolean(),
});
export type FlowExposureBody = z.infer<typeof flowExposureSchema>;

// Console sign-in (the real server; the demo has none) and management.

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

export const currentSessionSchema = z.omit(consoleSessionSchema, { token: true });

export const createFlowSchema = z.object({
  name: flowNameSchema,
  description: z._default(trimmed(500), ''),
  status: z._default(flowStatusSchema, 'NOT READY'),
});
export type CreateFlowInput = z.input<typeof createFlowSchema>;

export const setFlowStatusSchema = z.object({ status: flowStatusSchema });

export const roleNameSchema = z
  .string()
  .check(
    z.trim(),
    z.regex(/^[A-Za-z][A-Za-z0-9 _-]*$/, 'Start with a letter; use letters, digits, spaces, _ and -'),
    z.maxLength(50, 'Use at most 50 characters'),
  );

export const customRoleSchema = z.object({
  name: z.string(),
  description: z.string(),
  userCount: count(),
});
export type CustomRoleBody = z.infer<typeof customRoleSchema>;
export const customRoleListSchema = z.object({ items: z.array(customRoleSchema) });

export const createRoleSchema = z.object({
  name: roleNameSchema,
  description: z._default(trimmed(200), ''),
});
export type CreateRoleInput = z.input<typeof createRoleSchema>;

export const userAccountSchema = z.object({
  id: z.string(),
  name: z.nullable(z.string()),
  email: z.string(),
  roles: z.array(z.string()),
});
export type UserAccount = z.infer<typeof userAccountSchema>;
export const userAccountPageSchema = pageSchema(userAccountSchema);

export const setUserRolesSchema = z.object({ roles: z.array(z.string()).check(z.maxLength(100)) });

/** `GET /api/console/app-keys`: the application id and one API key per channel (administrators only). */
export const appKeysSchema = z.object({
  appId: z.string(),
  apiKeys: z.record(z.enum(CHANNELS), z.string()),
});
export type AppKeysBody = z.infer<typeof appKeysSchema>;
