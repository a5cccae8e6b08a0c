import { CHANNELS, SESSION_SOURCES } from '../domain/caller';
import { DECISION_LEVELS } from '../domain/decision';
import { ANONYMOUS_EXPOSURES } from '../domain/exposure';
import { TRACE_OUTCOMES } from '../domain/trace';
import { explicitValueSchema, permissionValueSchema } from './console';
import { limitParam, offsetParam, pageSchema } from './paging';
import { BOUNDS, text } from './text';
import { z } from './zod';

/** Decisions, activation attempts, the access checker and the guard rails' exposure. */

const channelSchema = z.enum(CHANNELS);
export const sessionSourceSchema = z.enum(SESSION_SOURCES);

const decisionSchema = z.object({
  value: permissionValueSchema,
  level: z.enum(DECISION_LEVELS),
  role: z.optional(z.string()),
});

/** What the runtime answers a call: started, refused (403), or refused because the flow is not LIVE (400). */
const activationOutcomeSchema = z.enum(['started', 'denied', 'notLive']);
export type ActivationOutcome = z.infer<typeof activationOutcomeSchema>;

const activationSchema = z.object({
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
  /** Set when the caller named the flow (activate-by-name): a rename breaks such callers. */
  byName: z.optional(z.boolean()),
});
export type Activation = z.infer<typeof activationSchema>;

export const activationPageQuerySchema = z.object({
  offset: offsetParam(),
  limit: limitParam(50),
});
export const activationPageSchema = pageSchema(activationSchema);

export const checkAccessSchema = z
  .object({
    userId: z.nullable(text(BOUNDS.id).check(z.minLength(1))),
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

const traceLevelSchema = z.object({
  level: z.enum(DECISION_LEVELS),
  entries: z.array(z.object({ principal: z.string(), value: explicitValueSchema })),
  outcome: z.enum(TRACE_OUTCOMES),
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

/** Who can start a flow in broad strokes (the domain's `FlowExposure`), for the guard-rail warnings. */
export const flowExposureSchema = z.object({
  anonymous: z.enum(ANONYMOUS_EXPOSURES),
  startable: z.boolean(),
});
