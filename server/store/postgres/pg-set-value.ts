import type { PermissionValue } from '../../../domain/permission';
import { isSystemRole } from '../../../domain/roles';
import type { Queryable } from '../../node/db/sql';
import type { ValueWrite, WriteOutcome } from '../../permissions/permission-store';
import { principalKey, type Principal } from '../types';
import { FLOW_VALUES_LOCK } from './pg-batch';

/** `setValue` in one round trip: the function of migration 013 does the checks and the change atomically. */
export async function setValueAtOnce(
  db: Queryable,
  flowId: string,
  principal: Principal,
  value: PermissionValue | null,
  write: ValueWrite,
  historyId: string,
): Promise<WriteOutcome> {
  const customRole = principal.kind === 'role' && !isSystemRole(principal.name) ? principal.name : null;
  const [row] = await db.query<{ outcome: WriteOutcome }>(
    'SELECT set_permission_value($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS outcome',
    [
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
    ],
  );
  if (!row) throw new Error('set_permission_value: no answer');
  return row.outcome;
}
