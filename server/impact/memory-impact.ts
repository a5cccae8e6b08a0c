import type { PermissionValue } from '../../domain/permission';
import type { Activation } from '../access/activation-store';
import type { User } from '../directory/directory-store';
import type { Flow } from '../flows/flow-store';
import { rolesKey, type ImpactData, type ReplayAttempt } from './impact-store';

export interface MemoryImpactSource {
  readonly flows: readonly Flow[];
  readonly values: ReadonlyMap<string, ReadonlyMap<string, PermissionValue>>;
  readonly appWide: ReadonlyMap<string, PermissionValue>;
  readonly users: readonly User[];
  readonly activations: (flowId: string) => Promise<readonly Activation[]>;
}

export const replayAttemptOf = (activation: Activation): ReplayAttempt => ({
  at: activation.at,
  count: 1,
  flowId: activation.flowId,
  userId: activation.user?.id ?? null,
  userName: activation.user ? activation.user.name || activation.user.email : null,
  roles: activation.roles,
  channel: activation.channel,
  sessionSource: activation.sessionSource,
  outcome: activation.outcome,
  byName: activation.byName === true,
});

/** The memory store's impact data: one walk over its users and its flows' attempts. */
export async function memoryImpactData(
  source: MemoryImpactSource,
  since: string,
  userIds: readonly string[],
): Promise<ImpactData> {
  const groups = new Map<string, { roles: readonly string[]; count: number }>();
  const wanted = new Set(userIds);
  for (const map of source.values.values()) for (const key of map.keys()) if (key.startsWith('user:')) wanted.add(key.slice(5));
  const userRoles = new Map<string, readonly string[]>();
  for (const user of source.users) {
    const key = rolesKey(user.roles);
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { roles: [...user.roles].sort(), count: 1 });
    if (wanted.has(user.id)) userRoles.set(user.id, user.roles);
  }
  const cut = Date.parse(since);
  const grouped = new Map<string, ReplayAttempt>();
  for (const flow of source.flows) {
    for (const activation of await source.activations(flow.id)) {
      if (Date.parse(activation.at) < cut) continue;
      const attempt = replayAttemptOf(activation);
      const key = [
        attempt.flowId,
        attempt.userId,
        attempt.roles.join(','),
        attempt.channel,
        attempt.outcome,
        attempt.byName,
      ].join('\n');
      const known = grouped.get(key);
      grouped.set(key, known ? { ...known, count: known.count + 1, at: known.at > attempt.at ? known.at : attempt.at } : attempt);
    }
  }
  const attempts = [...grouped.values()];
  return {
    flows: source.flows.map(({ id, name, status }) => ({ id, name, status })),
    values: source.values,
    appWide: source.appWide,
    groups: [...groups.values()],
    userRoles,
    attempts,
  };
}
