import type { AuditEntry } from '../../contract/audit';
import { PERMISSION_VALUES, type PermissionValue } from '../../domain/permission';
import { FLOW_STATUSES, type FlowStatus } from '../../domain/flow';
import type { Store } from '../store/store';
import type { AuditFields } from './auditor';

/** What undoing one entry did: the compensating change, or why there is none. */
export type UndoOutcome =
  | { readonly kind: 'undone'; readonly fields: AuditFields }
  | { readonly kind: 'missing' }
  | { readonly kind: 'notUndoable' }
  | { readonly kind: 'changedSince'; readonly by: string; readonly at: string }
  | { readonly kind: 'nameTaken' };

const valueOf = (text: string | null): PermissionValue | null => PERMISSION_VALUES.find((value) => value === text) ?? null;
const statusOf = (text: string | null): FlowStatus | undefined => FLOW_STATUSES.find((status) => status === text);
const rolesOf = (text: string | null) => (text === null || text === '' ? [] : text.split(', '));

/** The later entries that change the same thing: the newest of them is the thing's version. */
function sameTarget(entry: AuditEntry) {
  const principal = entry.principal ? `${entry.principal.kind}:${entry.principal.id}` : undefined;
  return {
    kind: entry.kind,
    ...(entry.flow ? { flowId: entry.flow.id } : {}),
    ...(principal === undefined ? {} : { principal }),
  };
}

/**
 * Undoes one change with a compensating write, inside the transaction of `tx`: only while the entry is
 * still the newest of its thing (the audit log is the version) and the thing still holds its `after`.
 */
export async function undoEntry(tx: Store, entryId: string, by: string, at: string): Promise<UndoOutcome> {
  const entry = await tx.getAuditEntry(entryId);
  if (!entry) return { kind: 'missing' };
  const undoable = ['permission.value', 'app-wide.value', 'flow.rename', 'flow.status', 'role.membership'];
  if (!undoable.includes(entry.kind)) return { kind: 'notUndoable' };
  const { items } = await tx.listAudit(sameTarget(entry), { offset: 0, limit: 1 });
  const newest = items[0];
  if (newest && newest.id !== entry.id) return { kind: 'changedSince', by: newest.by, at: newest.at };
  const since = { kind: 'changedSince', by: '', at: '' } as const;
  const fields: AuditFields = { ...entry, by, before: entry.after, after: entry.before, changeSetId: null };
  const flowId = entry.flow?.id ?? '';
  const principalId = entry.principal?.id ?? '';
  switch (entry.kind) {
    case 'app-wide.value': {
      const current = (await tx.getAppWideValues()).get(principalId) === 'deny' ? 'deny' : 'grant';
      const back = valueOf(entry.before);
      if (current !== entry.after || back === null) return since;
      await tx.setAppWideValue(principalId, back);
      return { kind: 'undone', fields };
    }
    case 'flow.rename': {
      const flow = await tx.getFlow(flowId);
      if (!flow || flow.name !== entry.after || entry.before === null) return since;
      const taken = await tx.findFlowByName(entry.before);
      if (taken && taken.id !== flowId) return { kind: 'nameTaken' };
      await tx.renameFlow(flowId, entry.before);
      return { kind: 'undone', fields };
    }
    case 'flow.status': {
      const flow = await tx.getFlow(flowId);
      const back = statusOf(entry.before);
      if (!flow || flow.status !== entry.after || back === undefined) return since;
      await tx.setFlowStatus(flowId, back);
      return { kind: 'undone', fields };
    }
    case 'role.membership': {
      const user = await tx.getUser(principalId);
      if (!user || user.roles.join(', ') !== (entry.after ?? '')) return since;
      const known = new Set((await tx.listCustomRoles()).map((role) => role.name));
      await tx.setUserRoles(
        principalId,
        rolesOf(entry.before).filter((role) => known.has(role)),
      );
      return { kind: 'undone', fields };
    }
    case 'permission.value': {
      const principal =
        entry.principal?.kind === 'user'
          ? { kind: 'user' as const, id: principalId }
          : { kind: 'role' as const, name: principalId };
      const current = (await tx.getValues(flowId, [principal])).values().next().value ?? null;
      if (current !== valueOf(entry.after)) return since;
      const outcome = await tx.setValue(flowId, principal, valueOf(entry.before), {
        by,
        at,
        principalName: entry.principal?.name ?? principalId,
      });
      return outcome === 'written' ? { kind: 'undone', fields } : since;
    }
    default:
      return { kind: 'notUndoable' };
  }
}
