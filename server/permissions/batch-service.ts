import { MAX_BATCH_CHANGES, type BatchAnswer, type BatchChangeInput } from '../../contract/batch';
import { quoted } from '../http/answers';
import { badRequest, ErrorCode, HttpError, notFound } from '../http/errors';
import type { AuditFields, Auditor } from '../audit/auditor';
import type { Clock } from '../platform/clock';
import type { NewId } from '../platform/ids';
import type { Store } from '../store/store';
import { principalKey } from '../store/types';
import { PERMISSION_VALUES, type PermissionValue } from '../../domain/permission';
import type { AppWideChange, BatchChange, BatchOutcome } from './permission-store';

const isValue = (text: string | null): text is PermissionValue => PERMISSION_VALUES.some((value) => value === text);

export interface BatchServiceOptions {
  store: Pick<Store, 'applyBatch' | 'listChangeSet' | 'listAudit'>;
  now: Clock;
  newId: NewId;
  auditor: Auditor;
}

export const batchTooLarge = () =>
  new HttpError(
    413,
    ErrorCode.batchTooLarge,
    `A batch may hold at most ${MAX_BATCH_CHANGES.toLocaleString('en-US')} changes: split it into several batches.`,
  );

/** At most a few of a list, for a message: the answer's fields carry the whole list. */
const some = (items: readonly string[]) =>
  items.length <= 5
    ? items.map((item) => `"${quoted(item, 60)}"`).join(', ')
    : `${items
        .slice(0, 5)
        .map((item) => `"${quoted(item, 60)}"`)
        .join(', ')} and ${items.length - 5} more`;

export function unknownTargets({
  flows,
  users,
  roles,
}: {
  flows: readonly string[];
  users: readonly string[];
  roles: readonly string[];
}) {
  const parts = [
    flows.length > 0 ? `flows ${some(flows)}` : '',
    users.length > 0 ? `users ${some(users)}` : '',
    roles.length > 0 ? `roles ${some(roles)}` : '',
  ].filter(Boolean);
  return new HttpError(422, ErrorCode.unknownTargets, `Nothing was applied: no such ${parts.join('; ')}.`, undefined, {
    unknown: { flows, users, roles },
  });
}

const rowsOf = (rows: Extract<BatchOutcome, { outcome: 'applied' }>['rows']) =>
  rows.map(({ flowId, principal, value, version, changed }) => ({ flowId, principal, value, version, changed }));

function refuseDuplicates(changes: readonly BatchChange[]): void {
  const seen = new Set<string>();
  for (const { flowId, principal } of changes) {
    const key = `${flowId}\n${principalKey(principal)}`;
    if (seen.has(key)) {
      const name = principal.kind === 'user' ? `user "${quoted(principal.id)}"` : `role "${quoted(principal.name)}"`;
      throw badRequest(`Each row may appear once in a batch: ${name} on flow "${quoted(flowId)}" appears twice`);
    }
    seen.add(key);
  }
}

/**
 * Batch writes: many explicit values changed all or nothing, recorded as one change set, and the Undo
 * of a change set (itself a batch, based on the versions the change set wrote).
 */
/**
 * The audit entries of an applied change set, read in its own transaction: one per value changed (with
 * the change set's id) and one per app-wide value changed.
 */
async function auditedChanges(
  tx: Store,
  by: string,
  changeSetId: string,
  appWideBefore: ReadonlyMap<string, PermissionValue>,
  appWide: readonly AppWideChange[],
): Promise<AuditFields[]> {
  const changes = await tx.listChangeSet(changeSetId);
  const names = new Map<string, string>();
  for (const flowId of new Set(changes.map((change) => change.flowId))) {
    names.set(flowId, (await tx.getFlow(flowId))?.name ?? flowId);
  }
  const values: AuditFields[] = changes.map((change) => ({
    kind: 'permission.value',
    by,
    flow: { id: change.flowId, name: names.get(change.flowId) ?? change.flowId },
    principal: {
      kind: change.principal.kind,
      id: change.principal.kind === 'user' ? change.principal.id : change.principal.name,
      name: change.principalName,
    },
    before: change.from,
    after: change.to,
    changeSetId,
  }));
  const wide: AuditFields[] = appWide
    .filter(({ role, value }) => (appWideBefore.get(role) ?? 'grant') !== value)
    .map(({ role, value }) => ({
      kind: 'app-wide.value',
      by,
      principal: { kind: 'role', id: role, name: role },
      before: appWideBefore.get(role) ?? 'grant',
      after: value,
      changeSetId,
    }));
  return [...values, ...wide];
}

export function createBatchService({ store, now, newId, auditor }: BatchServiceOptions) {
  const apply = async (
    changes: readonly BatchChange[],
    by: string,
    appWide: readonly AppWideChange[] = [],
  ): Promise<BatchAnswer> => {
    if (changes.length > MAX_BATCH_CHANGES) throw batchTooLarge();
    refuseDuplicates(changes);
    const changeSetId = newId();
    // The change set and its audit entries commit together, or neither does.
    const { result } = await auditor.run(
      async (tx) => {
        const appWideBefore = appWide.length > 0 ? await tx.getAppWideValues() : new Map<string, PermissionValue>();
        const moved = appWide.filter(
          ({ role, expected }) => expected !== undefined && (appWideBefore.get(role) ?? 'grant') !== expected,
        );
        if (moved.length > 0)
          return { outcome: { outcome: 'appWideMoved' as const, roles: moved.map(({ role }) => role) }, entries: [] };
        const outcome = await tx.applyBatch(changes, { by, at: now().toISOString(), changeSetId }, appWide);
        const entries = outcome.outcome === 'applied' ? await auditedChanges(tx, by, changeSetId, appWideBefore, appWide) : [];
        return { outcome, entries };
      },
      ({ entries }) => entries,
    );
    const { outcome } = result;
    if (outcome.outcome === 'appWideMoved') {
      throw new HttpError(
        412,
        ErrorCode.batchConflict,
        `The app-wide ${outcome.roles.length === 1 ? 'value' : 'values'} of ${some(outcome.roles)} changed since; nothing was applied.`,
        undefined,
        { conflicts: [], appWide: outcome.roles },
      );
    }
    if (outcome.outcome === 'unknown') throw unknownTargets(outcome);
    if (outcome.outcome === 'conflict') {
      const count = outcome.conflicts.length;
      throw new HttpError(
        412,
        ErrorCode.batchConflict,
        `${count === 1 ? 'One row has' : `${count} rows have`} changed since the version the batch named; nothing was applied.`,
        undefined,
        { conflicts: rowsOf(outcome.conflicts) },
      );
    }
    return { changeSetId, changes: rowsOf(outcome.rows) };
  };

  return {
    /** Applies the changes (the contract's shape) as one change set by `by`. */
    write: (changes: readonly BatchChangeInput[], by: string) =>
      apply(
        changes.map(({ flowId, principal, value, ifVersion }) => ({
          flowId,
          principal,
          value,
          ...(ifVersion === undefined ? {} : { expectedVersion: ifVersion }),
        })),
        by,
      ),
    /** Applies these changes (already in the store's terms) as one change set. */
    apply,
    /**
     * Sets every value the change set changed back to what it was, as a new change set; refused (412)
     * if any of those values changed since the change set wrote it.
     */
    async undo(changeSetId: string, by: string): Promise<BatchAnswer> {
      const changes = await store.listChangeSet(changeSetId);
      // App-wide values keep no versions: the audit entries of the change set say what they were.
      const { items: wide } = await store.listAudit(
        { kind: 'app-wide.value', changeSetId },
        { offset: 0, limit: MAX_BATCH_CHANGES },
      );
      if (changes.length === 0 && wide.length === 0)
        throw notFound(ErrorCode.changeSetNotFound, 'No change set has this id, or it is too old to undo');
      const appWideBack = wide.flatMap(({ principal, before, after }) =>
        principal && isValue(before) && isValue(after) ? [{ role: principal.id, value: before, expected: after }] : [],
      );
      return apply(
        changes.map(({ flowId, principal, from, version }) => ({ flowId, principal, value: from, expectedVersion: version })),
        by,
        appWideBack,
      );
    },
  };
}

export type BatchService = ReturnType<typeof createBatchService>;
