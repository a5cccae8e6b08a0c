import type { AccessCheck, CheckAccessInput } from '../../contract/access';
import type { WhoCanStart } from '../../contract/who-can-start';
import { whoCanStart } from '../../domain/who-can-start';
import { callerFor } from '../../domain/caller';
import { exposureOf, type FlowExposure } from '../../domain/exposure';
import { traceDecision } from '../../domain/trace';
import type { DirectoryStore } from '../directory/directory-store';
import { requireUser } from '../directory/directory-service';
import { allRoles } from '../directory/roles';
import type { FlowStore } from '../flows/flow-store';
import { requireFlow } from '../flows/flow-service';
import type { PermissionStore } from '../permissions/permission-store';
import { principalKey, type Principal } from '../store/types';
import { identityOf, outcomeOf, permissionLookup } from './access-rule';
import type { ActivationStore } from './activation-store';

export interface AccessServiceOptions {
  store: FlowStore & DirectoryStore & PermissionStore & ActivationStore;
}

/** What happened (the activation log) and what would happen (the access checker, the exposure) on one flow. */
export function createAccessService({ store }: AccessServiceOptions) {
  return {
    async activations(flowId: string, page: { offset: number; limit: number }) {
      const flow = await requireFlow(store, flowId);
      return store.listActivations(flow.id, page);
    },
    async check(flowId: string, { userId, channel, sessionSource }: CheckAccessInput): Promise<AccessCheck> {
      const flow = await requireFlow(store, flowId);
      const user = userId === null ? null : await requireUser(store, userId);
      // The runtime derives roles the same way: callerFor(identity, channel), as resolveCaller does.
      const caller = callerFor(identityOf(user), channel);
      const { decision, levels } = traceDecision(caller, await permissionLookup(store, flow.id, caller));
      return {
        flowId: flow.id,
        caller: { ...caller, customRoles: [...caller.customRoles], systemRoles: [...caller.systemRoles], channel },
        sessionSource: sessionSource ?? null,
        decision,
        levels: levels.map((level) => ({ ...level, entries: [...level.entries] })),
        outcome: outcomeOf(decision, flow),
      };
    },
    async exposure(flowId: string): Promise<FlowExposure> {
      const flow = await requireFlow(store, flowId);
      const [roles, counts, appWide, userValues] = await Promise.all([
        allRoles(store),
        store.countUsersByRole(),
        store.getAppWideValues(),
        store.countUserValues(flow.id),
      ]);
      const values = await store.getValues(
        flow.id,
        roles.map(({ name }): Principal => ({ kind: 'role', name })),
      );
      return exposureOf({
        roleValue: (role) => values.get(principalKey({ kind: 'role', name: role })),
        appWideValue: (role) => appWide.get(role),
        heldCustomRoles: roles
          .filter((role) => role.kind === 'custom' && (counts.get(role.name) ?? 0) > 0)
          .map((role) => role.name),
        userGrants: userValues.grant,
      });
    },
    async whoCanStart(flowId: string): Promise<WhoCanStart> {
      const flow = await requireFlow(store, flowId);
      const [roles, appWide, roleSets, userValues] = await Promise.all([
        allRoles(store),
        store.getAppWideValues(),
        store.countUsersByRoleSet(),
        store.countUserValuesByRoleSet(flow.id),
      ]);
      const values = await store.getValues(
        flow.id,
        roles.map(({ name }): Principal => ({ kind: 'role', name })),
      );
      const counts = whoCanStart({
        roleValue: (role) => values.get(principalKey({ kind: 'role', name: role })),
        appWideValue: (role) => appWide.get(role),
        roleSets,
        userValues,
      });
      return { flowId: flow.id, ...counts };
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
