import { explicitValueSchema, permissionValueSchema } from './console';
import { z } from './zod';

/**
 * What the live stream (`GET /api/console/events`) announces: one change an administrator (or the
 * runtime's users, for sessions) made, on any server instance over the same database.
 * `principal` is `user:<id>` or `role:<name>`.
 */
export const liveChangeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('value'),
    flowId: z.string(),
    principal: z.string(),
    value: explicitValueSchema,
    /** The value's version after the change: the next write's If-Match. */
    version: z.number(),
    by: z.string(),
  }),
  z.object({ kind: z.literal('appWide'), role: z.string(), value: permissionValueSchema }),
  /** Created, renamed, given a status or deleted; `by` when the instance that made the change said who. */
  z.object({ kind: z.literal('flow'), flowId: z.string(), by: z.optional(z.string()) }),
  z.object({ kind: z.literal('role'), name: z.string() }),
  /** One user's custom roles changed. */
  z.object({ kind: z.literal('user'), userId: z.string() }),
  /** Many users' custom roles changed at once. */
  z.object({ kind: z.literal('members') }),
]);
export type LiveChange = z.infer<typeof liveChangeSchema>;

/** One announced change with its place in the order of all changes (the SSE event id). */
export const liveEventSchema = z.intersection(z.object({ seq: z.number() }), liveChangeSchema);
export type LiveEvent = z.infer<typeof liveEventSchema>;

/** SSE event names: a change, changes sent together (a JSON array), or "some changes were missed: refetch everything". */
export const LIVE_EVENTS = { change: 'change', changes: 'changes', refetch: 'refetch' } as const;
