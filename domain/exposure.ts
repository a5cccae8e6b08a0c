import { callerFor, CHANNELS, type Channel } from './caller';
import { decide, type Caller } from './decision';
import type { PermissionValue } from './permission';

/** Who can start a flow, in broad strokes: what the guard-rail warnings compare before and after a change. */
export const ANONYMOUS_EXPOSURES = ['all', 'some', 'none'] as const;

export interface FlowExposure {
  /** Anonymous callers through the API keys: all channels allowed, some, or none. */
  anonymous: (typeof ANONYMOUS_EXPOSURES)[number];
  /** Whether any caller at all could start the flow. */
  startable: boolean;
}

export interface ExposureInput {
  roleValue: (role: string) => PermissionValue | undefined;
  appWideValue: (role: string) => PermissionValue | undefined;
  /** Custom roles that at least one user holds. */
  heldCustomRoles: readonly string[];
  /** Users explicitly granted on this flow. */
  userGrants: number;
}

const API_CHANNELS = CHANNELS.filter((channel): channel is Exclude<Channel, 'ServerCode'> => channel !== 'ServerCode');

/**
 * Representative callers: anonymous on every channel, a logged-in user with no custom role, a user in
 * each held custom role, and server code with no user. A user holding several custom roles at once is
 * not tried: within a level, a deny among them can only take access away.
 */
export function exposureOf(input: ExposureInput): FlowExposure {
  const lookup = { userValue: () => undefined, roleValue: input.roleValue, appWideValue: input.appWideValue };
  const allows = (caller: Caller) => decide(caller, lookup).value === 'grant';
  const anonymous = API_CHANNELS.map((channel) => allows(callerFor(null, channel)));
  const loggedIn = [[], ...input.heldCustomRoles.map((role) => [role])].flatMap((roles) =>
    CHANNELS.map((channel) => allows(callerFor({ userId: 'someone', roles, login: 'password' }, channel))),
  );
  const serverCode = allows(callerFor(null, 'ServerCode'));
  return {
    anonymous: anonymous.every(Boolean) ? 'all' : anonymous.some(Boolean) ? 'some' : 'none',
    startable: input.userGrants > 0 || serverCode || anonymous.some(Boolean) || loggedIn.some(Boolean),
  };
}

export type ExposureWarning = 'nobody' | 'openedToAnonymous';

/** A change worth a warning: it leaves the flow startable by nobody, or opens a restricted flow to every anonymous caller. */
export function exposureWarning(before: FlowExposure, after: FlowExposure): ExposureWarning | null {
  if (before.startable && !after.startable) return 'nobody';
  if (before.anonymous !== 'all' && after.anonymous === 'all') return 'openedToAnonymous';
  return null;
}
