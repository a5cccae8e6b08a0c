import { callerFor, CHANNELS, type Channel } from './caller';
import { decide, type PermissionLookup } from './decision';
import type { ANONYMOUS_EXPOSURES } from './exposure';
import type { PermissionValue } from './permission';

/** Users who hold exactly these custom roles; with `value`, those of them with that explicit value on the flow. */
interface RoleSetGroup {
  readonly roles: readonly string[];
  readonly users: number;
}

export interface WhoCanStartInput {
  roleValue: (role: string) => PermissionValue | undefined;
  appWideValue: (role: string) => PermissionValue | undefined;
  /** Every user, counted by the set of custom roles they hold. */
  roleSets: readonly RoleSetGroup[];
  /** The users with an explicit value on the flow, counted by role set and value. */
  userValues: readonly (RoleSetGroup & { readonly value: PermissionValue })[];
}

export interface WhoCanStartCounts {
  anonymous: (typeof ANONYMOUS_EXPOSURES)[number];
  /** Server code with no user in context (a Call Flow with session source None). */
  serverCode: boolean;
  /** Users who can start the flow in at least one way (any API key, or server code acting as them). */
  users: { allowed: number; total: number };
}

const API_CHANNELS = CHANNELS.filter((channel): channel is Exclude<Channel, 'ServerCode'> => channel !== 'ServerCode');

/**
 * Who can start a flow, counted without looking at one user at a time: a user's decision depends on
 * their own explicit value, else only on their set of custom roles, so the rule runs once per role set
 * (a few hundred at most) and the users with an explicit value correct the count.
 */
export function whoCanStart({ roleValue, appWideValue, roleSets, userValues }: WhoCanStartInput): WhoCanStartCounts {
  const lookup: PermissionLookup = { userValue: () => undefined, roleValue, appWideValue };
  const allows = (caller: ReturnType<typeof callerFor>) => decide(caller, lookup).value === 'grant';
  const bySet = new Map<string, boolean>();
  const setAllows = (roles: readonly string[]) => {
    const key = [...roles].sort().join('\u0000');
    let allowed = bySet.get(key);
    if (allowed === undefined) {
      allowed = CHANNELS.some((channel) => allows(callerFor({ userId: 'someone', roles, login: 'password' }, channel)));
      bySet.set(key, allowed);
    }
    return allowed;
  };
  let total = 0;
  let allowed = 0;
  for (const group of roleSets) {
    total += group.users;
    if (setAllows(group.roles)) allowed += group.users;
  }
  for (const group of userValues) {
    const byRoles = setAllows(group.roles);
    if (byRoles && group.value === 'deny') allowed -= group.users;
    if (!byRoles && group.value === 'grant') allowed += group.users;
  }
  const anonymous = API_CHANNELS.map((channel) => allows(callerFor(null, channel)));
  return {
    anonymous: anonymous.every(Boolean) ? 'all' : anonymous.some(Boolean) ? 'some' : 'none',
    serverCode: allows(callerFor(null, 'ServerCode')),
    users: { allowed, total },
  };
}
