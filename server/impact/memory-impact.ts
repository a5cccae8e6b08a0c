import type { PermissionValue } from '../../domain/permission';
import type { Activation } from '../access/activation-store';
import type { User } from '../directory/directory-store';
import type { Flow } from '../flows/flow-store';
import type { ImpactStore, RefusedAttempts, RefusedClass, ReplayScope } from './impact-store';

export interface MemoryImpactSource {
  readonly flows: () => readonly Flow[];
  readonly values: ReadonlyMap<string, ReadonlyMap<string, PermissionValue>>;
  readonly appWide: ReadonlyMap<string, PermissionValue>;
  readonly user: (userId: string) => Promise<User | undefined>;
  /** A flow's recorded attempts, in any order. */
  readonly activations: (flowId: string) => Promise<readonly Activation[]>;
}

const classKey = (flowId: string | null, roles: readonly string[], userId: string | null, byName: boolean) =>
  JSON.stringify([flowId, roles, userId, byName]);

/** The memory store's impact reads: the same classes and counts as the SQL stores', by walking its attempts. */
export function createMemoryImpact(source: MemoryImpactSource): ImpactStore {
  /** The scope's attempts, each with its class (see ReplayScope). */
  async function* classed({ since, flows, users }: ReplayScope) {
    const ownFlows = new Set(flows);
    for (const [flowId, map] of source.values) if (map.size > 0) ownFlows.add(flowId);
    const ownUsers = new Set(users);
    for (const flow of source.flows()) {
      const values = source.values.get(flow.id);
      for (const activation of await source.activations(flow.id)) {
        if (activation.at < since) continue;
        const userId = activation.user?.id ?? null;
        const byName = activation.byName === true;
        const classUser = userId !== null && (ownUsers.has(userId) || values?.has(`user:${userId}`) === true) ? userId : null;
        yield {
          activation,
          userId,
          byName,
          key: classKey(ownFlows.has(flow.id) ? flow.id : null, activation.roles, classUser, byName),
          flowId: ownFlows.has(flow.id) ? flow.id : null,
          classUser,
        };
      }
    }
  }

  return {
    async impactState(userIds) {
      const wanted = new Set(userIds);
      for (const map of source.values.values())
        for (const key of map.keys()) if (key.startsWith('user:')) wanted.add(key.slice(5));
      const userRoles = new Map<string, readonly string[]>();
      for (const id of wanted) {
        const user = await source.user(id);
        if (user) userRoles.set(id, user.roles);
      }
      return {
        flows: source.flows().map(({ id, name, status }) => ({ id, name, status })),
        values: source.values,
        appWide: source.appWide,
        userRoles,
      };
    },

    async replayClasses(scope) {
      const classes = new Map<
        string,
        {
          flowId: string | null;
          roles: readonly string[];
          userId: string | null;
          byName: boolean;
          attempts: number;
          live: number;
          started: number;
        }
      >();
      for await (const { activation, key, flowId, classUser, byName } of classed(scope)) {
        const known = classes.get(key) ?? {
          flowId,
          roles: activation.roles,
          userId: classUser,
          byName,
          attempts: 0,
          live: 0,
          started: 0,
        };
        known.attempts += 1;
        if (activation.outcome !== 'notLive') known.live += 1;
        if (activation.outcome === 'started') known.started += 1;
        classes.set(key, known);
      }
      return [...classes.values()];
    },

    async replayRefused(scope, refused, limit) {
      const refusedBy = new Map<string, RefusedClass>(
        refused.map((one) => [classKey(one.flowId, one.roles, one.userId, one.byName), one]),
      );
      let total = 0;
      const callers = new Set<string>();
      const groups = new Map<string, RefusedAttempts>();
      for await (const { activation, key, userId, byName } of classed(scope)) {
        const one = refusedBy.get(key);
        if (!one || (one.startedOnly ? activation.outcome !== 'started' : activation.outcome === 'notLive')) continue;
        total += 1;
        callers.add(userId ?? `anonymous ${activation.channel}`);
        const caller = activation.user ? activation.user.name || activation.user.email : null;
        const group = JSON.stringify([
          activation.flowId,
          userId,
          activation.roles,
          activation.channel,
          activation.sessionSource,
          activation.outcome,
          byName,
        ]);
        const known = groups.get(group);
        groups.set(
          group,
          known
            ? {
                ...known,
                attempts: known.attempts + 1,
                at: known.at > activation.at ? known.at : activation.at,
                caller: known.caller !== null && caller !== null && known.caller > caller ? known.caller : caller,
              }
            : { at: activation.at, attempts: 1, flowId: activation.flowId, caller, channel: activation.channel, byName },
        );
      }
      const items = [...groups.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
      return { refused: total, callers: callers.size, items };
    },

    async byNameCallers(since, flowId, limit) {
      const counts = new Map<string | null, number>();
      let attempts = 0;
      for (const activation of await source.activations(flowId)) {
        if (activation.at < since || activation.byName !== true) continue;
        attempts += 1;
        const caller = activation.user ? activation.user.name || activation.user.email : null;
        counts.set(caller, (counts.get(caller) ?? 0) + 1);
      }
      const callers = [...counts]
        .map(([caller, count]) => ({ caller, attempts: count }))
        .sort((a, b) => b.attempts - a.attempts)
        .slice(0, limit);
      return { attempts, callers };
    },
  };
}
