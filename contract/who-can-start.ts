import { ANONYMOUS_EXPOSURES } from '../domain/exposure';
import { z } from './zod';

// Its own module: the Flow Manager reads it on first paint, without the rest of the access contract.
/**
 * Who can start a flow, at a glance (Flow Manager): anonymous callers through the API keys (all, some,
 * none), server code with no user, and how many of the app's users can start it in at least one way.
 */
export const whoCanStartSchema = z.object({
  flowId: z.string(),
  anonymous: z.enum(ANONYMOUS_EXPOSURES),
  serverCode: z.boolean(),
  users: z.object({ allowed: z.number(), total: z.number() }),
});
export type WhoCanStart = z.infer<typeof whoCanStartSchema>;
