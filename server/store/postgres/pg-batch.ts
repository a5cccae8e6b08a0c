import type { PermissionValue } from '../../../domain/permission';
import { isSystemRole } from '../../../domain/roles';
import type { AppWideChange, BatchChange, BatchOutcome, BatchRow, BatchWrite } from '../../permissions/permission-store';
import type { NewId } from '../../platform/ids';
import type { Queryable } from '../../node/db/sql';
import { principalKey } from '../types';

/**
 * The advisory lock space of "values on one flow": a batch write holds its flows' locks exclusively, a
 * single write holds its flow's shared (then its own value's lock). A batch takes one lock per flow,
 * not per value: PostgreSQL's lock table (64 per connection by default) has no room for 10,000.
 */
export const FLOW_VALUES_LOCK = 7001;

interface CurrentRow {
  value: PermissionValue | null;
  version: number | null;
  changed_by: string | null;
  changed_at: unknown;
  write_id: string | null;
}

const toIso = (value: unknown) => (value instanceof Date ? value : new Date(String(value))).toISOString();

const missing = (wanted: readonly string[], found: readonly string[]) => {
  const known = new Set(found);
  return [...new Set(wanted)].filter((item) => !known.has(item));
};

/**
 * A batch write in one transaction (`tx`): set-based statements over arrays, so 10,000 changes cost a
 * handful of round trips. The flows' locks are taken in one order (by hash), so two batches never
 * deadlock, and single writes to those flows wait for the batch.
 */
export async function applyBatch(
  tx: Queryable,
  changes: readonly BatchChange[],
  write: BatchWrite,
  newId: NewId,
  appWide: readonly AppWideChange[] = [],
): Promise<BatchOutcome> {
  const flowIds = changes.map((change) => change.flowId);
  const keys = changes.map((change) => principalKey(change.principal));
  await tx.query(
    `SELECT count(pg_advisory_xact_lock(${FLOW_VALUES_LOCK}, h))::int FROM (
       SELECT DISTINCT hashtext(f) AS h FROM unnest($1::text[]) AS f ORDER BY h) AS locks`,
    [flowIds],
  );
  const userIds = changes.flatMap((change) => (change.principal.kind === 'user' ? [change.principal.id] : []));
  const roleNames = [
    ...changes.flatMap((change) =>
      change.principal.kind === 'role' && !isSystemRole(change.principal.name) ? [change.principal.name] : [],
    ),
    ...appWide.flatMap(({ role }) => (isSystemRole(role) ? [] : [role])),
  ];
  // FOR KEY SHARE holds off deletes of these flows, users and roles until the batch commits.
  const [flows, users, roles] = [
    await tx.query<{ id: string }>('SELECT id FROM flows WHERE id = ANY($1::text[]) FOR KEY SHARE', [[...new Set(flowIds)]]),
    await tx.query<{ id: string; name: string | null; email: string }>(
      'SELECT id, name, email FROM users WHERE id = ANY($1::text[]) FOR KEY SHARE',
      [[...new Set(userIds)]],
    ),
    await tx.query<{ name: string }>('SELECT name FROM custom_roles WHERE name = ANY($1::text[]) FOR KEY SHARE', [
      [...new Set(roleNames)],
    ]),
  ];
  const unknown = {
    flows: missing(
      flowIds,
      flows.map((row) => row.id),
    ),
    users: missing(
      userIds,
      users.map((row) => row.id),
    ),
    roles: missing(
      roleNames,
      roles.map((row) => row.name),
    ),
  };
  if (unknown.flows.length + unknown.users.length + unknown.roles.length > 0) return { outcome: 'unknown', ...unknown };

  const current = await tx.query<CurrentRow>(
    `SELECT pv.value, vv.version, vv.changed_by, vv.changed_at, vv.write_id
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(flow_id, principal, i)
     LEFT JOIN value_versions vv ON vv.flow_id = t.flow_id AND vv.principal = t.principal
     LEFT JOIN permission_values pv ON pv.flow_id = t.flow_id AND pv.principal = t.principal
     ORDER BY t.i`,
    [flowIds, keys],
  );
  const rowAt = (index: number): BatchRow => {
    const change = changes[index] as BatchChange;
    const row = current[index];
    return {
      flowId: change.flowId,
      principal: change.principal,
      value: row?.value ?? null,
      version: row?.version ?? 0,
      changed: row?.changed_by != null ? { by: row.changed_by, at: toIso(row.changed_at), writeId: row.write_id ?? null } : null,
    };
  };
  const conflicts = changes.flatMap((change, index) => {
    const row = rowAt(index);
    return change.expectedVersion === undefined || change.expectedVersion === row.version ? [] : [row];
  });
  if (conflicts.length > 0) return { outcome: 'conflict', conflicts };

  const names = new Map(users.map((user) => [user.id, user.name || user.email]));
  const made = changes.flatMap((change, index) => {
    const row = rowAt(index);
    if (row.value === change.value) return [];
    const name =
      change.principal.kind === 'user' ? (names.get(change.principal.id) ?? change.principal.id) : change.principal.name;
    return [{ index, change, key: keys[index] as string, name, from: row.value, version: row.version + 1 }];
  });
  const cleared = made.filter((item) => item.change.value === null);
  const set = made.filter((item) => item.change.value !== null);
  if (cleared.length > 0) {
    await tx.query(
      `DELETE FROM permission_values pv USING unnest($1::text[], $2::text[]) AS t(flow_id, principal)
       WHERE pv.flow_id = t.flow_id AND pv.principal = t.principal`,
      [cleared.map((item) => item.change.flowId), cleared.map((item) => item.key)],
    );
  }
  if (set.length > 0) {
    await tx.query(
      `INSERT INTO permission_values (flow_id, principal, value) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (flow_id, principal) DO UPDATE SET value = excluded.value`,
      [set.map((item) => item.change.flowId), set.map((item) => item.key), set.map((item) => item.change.value)],
    );
  }
  if (made.length > 0) {
    const column = <T>(pick: (item: (typeof made)[number]) => T) => made.map(pick);
    await tx.query(
      `INSERT INTO value_versions (flow_id, principal, version, changed_by, changed_at, write_id)
       SELECT f, p, v, $4, $5, NULL FROM unnest($1::text[], $2::text[], $3::int[]) AS t(f, p, v)
       ON CONFLICT (flow_id, principal) DO UPDATE SET version = excluded.version, changed_by = excluded.changed_by,
         changed_at = excluded.changed_at, write_id = NULL`,
      [column((item) => item.change.flowId), column((item) => item.key), column((item) => item.version), write.by, write.at],
    );
    await tx.query(
      `INSERT INTO value_history (id, flow_id, principal, principal_name, from_value, to_value, changed_by, changed_at,
         version, write_id, change_set_id)
       SELECT id, f, p, n, fr, tv, $8, $9, v, NULL, $10
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[])
         WITH ORDINALITY AS t(id, f, p, n, fr, tv, v, i)
       ORDER BY i`,
      [
        column(() => newId()),
        column((item) => item.change.flowId),
        column((item) => item.key),
        column((item) => item.name),
        column((item) => item.from),
        column((item) => item.change.value),
        column((item) => item.version),
        write.by,
        write.at,
        write.changeSetId,
      ],
    );
  }
  if (appWide.length > 0) {
    // Two-state: granted unless denied, so only denies are kept.
    await tx.query('DELETE FROM app_wide_values WHERE role = ANY($1::text[])', [
      appWide.filter((change) => change.value === 'grant').map((change) => change.role),
    ]);
    const denied = appWide.filter((change) => change.value === 'deny').map((change) => change.role);
    await tx.query(
      `INSERT INTO app_wide_values (role, value) SELECT role, 'deny' FROM unnest($1::text[]) AS role
       ON CONFLICT (role) DO UPDATE SET value = excluded.value`,
      [denied],
    );
  }
  const after = new Map(made.map((item) => [item.index, item]));
  const rows = changes.map((change, index): BatchRow => {
    const item = after.get(index);
    if (!item) return rowAt(index);
    return {
      flowId: change.flowId,
      principal: change.principal,
      value: change.value,
      version: item.version,
      changed: { by: write.by, at: write.at, writeId: null },
    };
  });
  return { outcome: 'applied', rows };
}
