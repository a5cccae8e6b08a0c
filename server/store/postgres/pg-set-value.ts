import type { AuditEntry } from '../../../contract/audit';
import type { PermissionValue } from '../../../domain/permission';
import { isSystemRole } from '../../../domain/roles';
import type { Queryable } from '../../node/db/sql';
import type { User } from '../../directory/directory-store';
import type { UserValueResult, UserValueWrite, ValueVersion, ValueWrite, WriteOutcome } from '../../permissions/permission-store';
import type { NewId } from '../../platform/ids';
import { principalKey, type Principal } from '../types';
import { FLOW_VALUES_LOCK } from './pg-batch';

/** `set_permission_value`'s eleven arguments ($1 to $11), in its order. */
function setValueParams(
  flowId: string,
  principal: Principal,
  value: PermissionValue | null,
  write: ValueWrite,
  historyId: string,
): unknown[] {
  const customRole = principal.kind === 'role' && !isSystemRole(principal.name) ? principal.name : null;
  return [
    flowId,
    principalKey(principal),
    value,
    write.by,
    write.at,
    write.principalName,
    write.expectedVersion ?? null,
    write.writeId ?? null,
    customRole,
    historyId,
    FLOW_VALUES_LOCK,
  ];
}

/** `setValue` in one round trip: the function of migration 013 does the checks and the change atomically. */
export async function setValueAtOnce(
  db: Queryable,
  flowId: string,
  principal: Principal,
  value: PermissionValue | null,
  write: ValueWrite,
  historyId: string,
): Promise<WriteOutcome> {
  const [row] = await db.query<{ outcome: WriteOutcome }>(
    'SELECT set_permission_value($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS outcome',
    setValueParams(flowId, principal, value, write, historyId),
  );
  if (!row) throw new Error('set_permission_value: no answer');
  return row.outcome;
}

/**
 * `setValue` and its audit entry in one statement, so one round trip and no transaction around it:
 * the value before is read in the statement's snapshot (as the transaction of separate statements
 * read it, before the function takes its locks), the function writes, and the entry is inserted with
 * that value before when the outcome is `written`.
 */
export async function setValueAuditedAtOnce(
  db: Queryable,
  flowId: string,
  principal: Principal,
  value: PermissionValue | null,
  write: ValueWrite,
  historyId: string,
  entry: AuditEntry,
): Promise<{ outcome: WriteOutcome; before: PermissionValue | null }> {
  const [row] = await db.query<{ outcome: WriteOutcome; before: PermissionValue | null }>(
    `WITH before AS MATERIALIZED (
       SELECT (SELECT value FROM permission_values WHERE flow_id = $1 AND principal = $2) AS value
     ), written AS MATERIALIZED (
       SELECT set_permission_value($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS outcome FROM before
     ), audited AS (
       INSERT INTO audit_log (id, at, actor, kind, flow_id, flow_name, principal, principal_name, before_value, after_value, change_set_id)
       SELECT $12, $13::timestamptz, $14, $15, $16, $17, $18, $19, before.value, $3, $20
         FROM written, before WHERE written.outcome = 'written'
     )
     SELECT written.outcome, before.value AS before FROM written, before`,
    [
      ...setValueParams(flowId, principal, value, write, historyId),
      entry.id,
      entry.at,
      entry.by,
      entry.kind,
      entry.flow?.id ?? null,
      entry.flow?.name ?? null,
      entry.principal ? `${entry.principal.kind}:${entry.principal.id}` : null,
      entry.principal?.name ?? null,
      entry.changeSetId,
    ],
  );
  if (!row) throw new Error('set_permission_value: no answer');
  return row;
}

/** One answer of `set_user_values` (migration 018), as jsonb. */
type UserValueAnswer =
  | { outcome: 'noFlow' | 'noUser' }
  | { outcome: 'failed'; message: string }
  | {
      outcome: WriteOutcome;
      flowName: string;
      user: User;
      before: PermissionValue | null;
      /** Every role's explicit value on the flow. */
      roleValues: Record<string, PermissionValue>;
      value: PermissionValue | null;
      version: { version: number; by: string; at: string; writeId: string | null } | null;
    };

/**
 * Several users' values in one statement (`set_user_values`, migration 018): each with its own checks,
 * history, version, audit entry and answer row; one write's failure undoes that write alone.
 */
export async function setUserValuesAtOnce(
  db: Queryable,
  writes: readonly UserValueWrite[],
  newId: NewId,
): Promise<UserValueResult[]> {
  if (writes.length === 0) return [];
  const [row] = await db.query<{ answer: { answers: UserValueAnswer[]; appWide: Record<string, PermissionValue> } }>(
    'SELECT set_user_values($1::jsonb, $2) AS answer',
    [
      JSON.stringify(
        writes.map(({ entry, ...write }) => ({ ...write, historyId: newId(), auditId: entry.id, auditAt: entry.at })),
      ),
      FLOW_VALUES_LOCK,
    ],
  );
  if (!row) throw new Error('set_user_values: no answer');
  const appWide = new Map(Object.entries(row.answer.appWide));
  return writes.map((write, index): UserValueResult => {
    const answer = row.answer.answers[index];
    if (!answer) throw new Error('set_user_values: an answer is missing');
    if (!('user' in answer)) return answer;
    const key = principalKey({ kind: 'user', id: write.userId });
    const values = new Map(Object.entries(answer.roleValues));
    if (answer.value) values.set(key, answer.value);
    const versions = new Map<string, ValueVersion>();
    if (answer.version) versions.set(key, { ...answer.version, at: new Date(answer.version.at).toISOString() });
    return {
      outcome: answer.outcome,
      user: answer.user,
      entry: {
        ...write.entry,
        flow: { id: write.flowId, name: answer.flowName },
        principal: { kind: 'user', id: write.userId, name: answer.user.name || answer.user.email },
        before: answer.before,
      },
      state: { values, versions, appWide: new Map(appWide) },
    };
  });
}
