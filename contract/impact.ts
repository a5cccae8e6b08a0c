import { flowStatusSchema } from './console';
import { count } from './paging';
import { z } from './zod';

/** The impact preview: what a broad change would do, computed on the real data before it is made. */

const flowImpactSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: flowStatusSchema,
  /** Users who could start it before and could not after (and the reverse). */
  usersLosing: count(),
  usersGaining: count(),
  /** Callers with nobody logged in (NonAuthenticatedUser), counted apart from users. */
  anonymous: z.nullable(z.enum(['loses', 'gains'])),
});

/** The attempts of one caller on one flow, the same way: the latest time and how many. */
const replayedAttemptSchema = z.object({
  at: z.string(),
  attempts: count(),
  flowId: z.string(),
  flowName: z.string(),
  /** A user's name or email; null for a caller with nobody logged in. */
  caller: z.nullable(z.string()),
  channel: z.string(),
  /** Whether the attempt named the flow (activate-by-name) rather than its id. */
  byName: z.boolean(),
});

export const impactSchema = z.object({
  users: z.object({ total: count(), losing: count(), gaining: count() }),
  anonymous: z.object({ flowsLosing: count(), flowsGaining: count() }),
  /** The flows whose access changes, most users losing first; at most 100 (`flowsChanged` counts all). */
  flows: z.array(flowImpactSchema),
  flowsChanged: count(),
  /** The recorded activation attempts of the last `days` days, replayed against the proposed values. */
  replay: z.object({
    days: count(),
    attempts: count(),
    refused: count(),
    allowed: count(),
    /** Distinct callers among the refused (each anonymous channel counts as one caller). */
    callers: count(),
    /** The attempts that would have been refused, by caller and flow, latest first; at most 50 lines. */
    items: z.array(replayedAttemptSchema),
  }),
  /** For a rename or delete: who started the flow by its name in those days (name → attempts). */
  byName: z.nullable(
    z.object({ attempts: count(), callers: z.array(z.object({ caller: z.nullable(z.string()), attempts: count() })) }),
  ),
});
export type Impact = z.infer<typeof impactSchema>;
