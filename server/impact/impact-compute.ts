import type { Impact } from '../../contract/impact';
import type { ImpactRequest } from '../../contract/impact-request';
import { decide, type PermissionLookup } from '../../domain/decision';
import type { PermissionValue } from '../../domain/permission';
import { ANONYMOUS_ROLE, AUTHENTICATED_ROLE, isSystemRole } from '../../domain/roles';
import {
  rolesKey,
  type ImpactData,
  type ImpactState,
  type RefusedClass,
  type ReplayClass,
  type ReplayScope,
} from './impact-store';

export const REPLAY_DAYS = 7;
const MAX_FLOWS = 100;
export const MAX_REPLAYED = 50;
export const MAX_BY_NAME_CALLERS = 20;

type Values = ReadonlyMap<string, PermissionValue>;
const NO_VALUES: Values = new Map();

/** The state a request proposes, next to the current one. */
interface Proposal {
  readonly values: (flowId: string) => Values;
  readonly appWide: ReadonlyMap<string, PermissionValue>;
  readonly removedRole: string | null;
  readonly goneFlow: string | null;
  readonly renamedFlow: string | null;
  /** Flows whose values change; every flow when app-wide values or a role change. */
  readonly touches: (flowId: string) => boolean;
  readonly touchesEveryFlow: boolean;
}

export const principalKeyOf = (principal: { kind: 'user' | 'role'; id: string }) => `${principal.kind}:${principal.id}`;

function proposalOf(request: ImpactRequest, data: ImpactState): Proposal {
  const current = (flowId: string) => data.values.get(flowId) ?? NO_VALUES;
  const base = {
    values: current,
    appWide: data.appWide,
    removedRole: null,
    goneFlow: null,
    renamedFlow: null,
    touchesEveryFlow: false,
  };
  switch (request.kind) {
    case 'app-wide': {
      const appWide = new Map(data.appWide);
      if (request.value === 'deny') appWide.set(request.role, 'deny');
      else appWide.delete(request.role);
      return { ...base, appWide, touches: () => true, touchesEveryFlow: true };
    }
    case 'role-delete': {
      const key = `role:${request.role}`;
      const appWide = new Map(data.appWide);
      appWide.delete(request.role);
      const values = (flowId: string) => {
        const map = current(flowId);
        if (!map.has(key)) return map;
        const without = new Map(map);
        without.delete(key);
        return without;
      };
      return { ...base, values, appWide, removedRole: request.role, touches: () => true, touchesEveryFlow: true };
    }
    case 'flow-delete':
      return { ...base, goneFlow: request.flowId, touches: (flowId) => flowId === request.flowId };
    case 'flow-rename':
      return { ...base, renamedFlow: request.flowId, touches: () => false };
    case 'values': {
      const changed = new Map<string, Map<string, PermissionValue>>();
      for (const change of request.changes) {
        const map = changed.get(change.flowId) ?? new Map(current(change.flowId));
        if (change.value === null) map.delete(principalKeyOf(change.principal));
        else map.set(principalKeyOf(change.principal), change.value);
        changed.set(change.flowId, map);
      }
      return { ...base, values: (flowId) => changed.get(flowId) ?? current(flowId), touches: (flowId) => changed.has(flowId) };
    }
  }
}

const lookupOf = (values: Values, appWide: ReadonlyMap<string, PermissionValue>): PermissionLookup => ({
  userValue: (userId) => values.get(`user:${userId}`),
  roleValue: (role) => values.get(`role:${role}`),
  appWideValue: (role) => appWide.get(role),
});

type Change = 'loses' | 'gains' | null;
const changeOf = (before: PermissionValue, after: PermissionValue): Change =>
  before === after ? null : after === 'deny' ? 'loses' : 'gains';

/**
 * What a proposed change does (README, "Impact preview"): which users and flows gain or lose access,
 * anonymous callers apart, and the last days' attempts replayed against it. Users who decide alike
 * (the same custom roles, no value of their own on the flow) are counted together, so the cost grows
 * with flows × role sets, not flows × users.
 */
export function computeImpact(request: ImpactRequest, data: ImpactData): Omit<Impact, 'replay' | 'byName'> {
  const proposal = proposalOf(request, data);
  const without = withoutOf(proposal);
  const groupOf = new Map(data.groups.map((group) => [rolesKey(group.roles), group]));
  const individualsIn = new Map<string, number>();
  for (const roles of data.userRoles.values()) {
    const key = rolesKey(roles);
    individualsIn.set(key, (individualsIn.get(key) ?? 0) + 1);
  }
  const groupChanges = new Map<string, { loses: Set<string>; gains: Set<string> }>();
  const individualChanges = new Map<string, Map<string, Change>>();
  const flows: Impact['flows'] = [];
  let anonymousLosing = 0;
  let anonymousGaining = 0;
  const groupChangesOf = (decideBoth: (userId: null, roles: readonly string[], systemRoles: readonly string[]) => Change) =>
    [...groupOf].flatMap(([key, group]) => {
      const change = decideBoth(null, group.roles, [AUTHENTICATED_ROLE]);
      return change === null ? [] : [{ key, group, change }];
    });
  let blankChanges: ReturnType<typeof groupChangesOf> | undefined;
  let blankAnonymous: { change: Change } | undefined;

  for (const flow of data.flows) {
    if (!proposal.touches(flow.id)) continue;
    const gone = proposal.goneFlow === flow.id;
    const beforeValues = data.values.get(flow.id) ?? NO_VALUES;
    const before = lookupOf(beforeValues, data.appWide);
    const afterValues = proposal.values(flow.id);
    const after = lookupOf(afterValues, proposal.appWide);
    const decideBoth = (userId: string | null, roles: readonly string[], systemRoles: readonly string[]): Change => {
      const was = decide({ userId, customRoles: roles, systemRoles }, before).value;
      const will = gone ? 'deny' : decide({ userId, customRoles: without(roles), systemRoles }, after).value;
      return changeOf(was, will);
    };
    // Users with a value of their own on this flow, before or after, decide one by one.
    const individuals = new Map<string, number>();
    let losing = 0;
    let gaining = 0;
    const ownKeys = new Set<string>();
    for (const map of [beforeValues, afterValues]) {
      for (const key of map.keys()) if (key.startsWith('user:')) ownKeys.add(key.slice(5));
    }
    for (const userId of ownKeys) {
      const roles = data.userRoles.get(userId);
      if (roles === undefined) continue;
      const key = rolesKey(roles);
      individuals.set(key, (individuals.get(key) ?? 0) + 1);
      const change = decideBoth(userId, roles, [AUTHENTICATED_ROLE]);
      const own = individualChanges.get(userId) ?? new Map<string, Change>();
      own.set(flow.id, change);
      individualChanges.set(userId, own);
      if (change === 'loses') losing += 1;
      if (change === 'gains') gaining += 1;
    }
    // Flows with no values before or after decide alike: their groups' changes are worked out once.
    const blank = !gone && beforeValues.size === 0 && afterValues.size === 0;
    const changes = blank ? (blankChanges ??= groupChangesOf(decideBoth)) : groupChangesOf(decideBoth);
    for (const { key, group, change } of changes) {
      const counted = group.users - (individuals.get(key) ?? 0);
      if (change === 'loses') losing += counted;
      else gaining += counted;
      const sets = groupChanges.get(key) ?? { loses: new Set<string>(), gains: new Set<string>() };
      sets[change].add(flow.id);
      groupChanges.set(key, sets);
    }
    const anonymous = blank
      ? (blankAnonymous ??= { change: decideBoth(null, [], [ANONYMOUS_ROLE]) }).change
      : decideBoth(null, [], [ANONYMOUS_ROLE]);
    if (anonymous === 'loses') anonymousLosing += 1;
    if (anonymous === 'gains') anonymousGaining += 1;
    if (losing > 0 || gaining > 0 || anonymous !== null) {
      flows.push({ id: flow.id, name: flow.name, status: flow.status, usersLosing: losing, usersGaining: gaining, anonymous });
    }
  }

  // Distinct users: a whole group, less its one-by-one users, plus each one-by-one user on their own.
  const distinct = (direction: 'loses' | 'gains') => {
    let total = 0;
    for (const [key, sets] of groupChanges) {
      if (sets[direction].size > 0) total += (groupOf.get(key)?.users ?? 0) - (individualsIn.get(key) ?? 0);
    }
    for (const [userId, roles] of data.userRoles) {
      const own = individualChanges.get(userId);
      const fromGroup = groupChanges.get(rolesKey(roles))?.[direction];
      // Some flow of the group's changes is not one the user decides alone.
      let ownAmongThem = 0;
      for (const flowId of own?.keys() ?? []) if (fromGroup?.has(flowId)) ownAmongThem += 1;
      const viaGroup = (fromGroup?.size ?? 0) > ownAmongThem;
      const viaOwn = [...(own?.values() ?? [])].some((change) => change === direction);
      if (viaGroup || viaOwn) total += 1;
    }
    return total;
  };

  flows.sort((a, b) => b.usersLosing - a.usersLosing || b.usersGaining - a.usersGaining);
  return {
    users: {
      total: data.groups.reduce((sum, group) => sum + group.users, 0),
      losing: distinct('loses'),
      gaining: distinct('gains'),
    },
    anonymous: { flowsLosing: anonymousLosing, flowsGaining: anonymousGaining },
    flows: flows.slice(0, MAX_FLOWS),
    flowsChanged: flows.length,
  };
}

/** Custom roles as the proposal leaves them: without a deleted role. */
const withoutOf =
  (proposal: Proposal) =>
  (roles: readonly string[]): readonly string[] =>
    proposal.removedRole === null ? roles : roles.filter((role) => role !== proposal.removedRole);

/** The attempts the replay looks at: the request's own flows and users are set apart (see ReplayScope). */
export function replayScope(request: ImpactRequest, since: string): ReplayScope {
  switch (request.kind) {
    case 'values':
      return {
        since,
        flows: [...new Set(request.changes.map((change) => change.flowId))],
        users: [...new Set(request.changes.flatMap((change) => (change.principal.kind === 'user' ? [change.principal.id] : [])))],
      };
    case 'flow-delete':
    case 'flow-rename':
      return { since, flows: [request.flowId], users: [] };
    case 'app-wide':
    case 'role-delete':
      return { since, flows: [], users: [] };
  }
}

/**
 * The replay, decided once per class of attempts (see ReplayScope): how many attempts there were, how
 * many the proposal would allow, and the classes it would refuse (their attempts are counted by the store).
 */
export function planReplay(
  request: ImpactRequest,
  data: ImpactState,
  classes: readonly ReplayClass[],
): { attempts: number; allowed: number; refused: RefusedClass[] } {
  const proposal = proposalOf(request, data);
  const without = withoutOf(proposal);
  const refused: RefusedClass[] = [];
  let allowed = 0;
  let attempts = 0;
  const lookups = new Map<string | null, { before: PermissionLookup; after: PermissionLookup }>();
  // A flow outside the scope has no values before or after: it decides on the app-wide values alone.
  const lookupsOf = (flowId: string | null) => {
    let found = lookups.get(flowId);
    if (!found) {
      found =
        flowId === null
          ? { before: lookupOf(NO_VALUES, data.appWide), after: lookupOf(NO_VALUES, proposal.appWide) }
          : {
              before: lookupOf(data.values.get(flowId) ?? NO_VALUES, data.appWide),
              after: lookupOf(proposal.values(flowId), proposal.appWide),
            };
      lookups.set(flowId, found);
    }
    return found;
  };
  for (const replayed of classes) {
    attempts += replayed.attempts;
    const { flowId, roles, userId, byName } = replayed;
    if (flowId !== null && (proposal.goneFlow === flowId || (proposal.renamedFlow === flowId && byName))) {
      if (replayed.started > 0) refused.push({ flowId, roles, userId, byName, startedOnly: true });
      continue;
    }
    if (replayed.live === 0 || !(flowId === null ? proposal.touchesEveryFlow : proposal.touches(flowId))) continue;
    const customRoles = roles.filter((role) => !isSystemRole(role));
    const systemRoles = roles.filter((role) => isSystemRole(role));
    const { before, after } = lookupsOf(flowId);
    const was = decide({ userId, customRoles, systemRoles }, before).value;
    const will = decide({ userId, customRoles: without(customRoles), systemRoles }, after).value;
    if (was === 'grant' && will === 'deny') refused.push({ flowId, roles, userId, byName, startedOnly: false });
    if (was === 'deny' && will === 'grant') allowed += replayed.live;
  }
  return { attempts, allowed, refused };
}
