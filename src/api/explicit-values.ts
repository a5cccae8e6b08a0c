import type { QueryClient } from '@tanstack/react-query';
import type { BatchChangeInput } from '../../contract/batch';
import type { ExplicitValue } from '../../domain/permission';
import { permissionQueries } from './permissions';

/** One explicit value on a flow, as the bulk actions compare and write them. */
export interface ExplicitRow {
  kind: 'user' | 'role';
  /** A user's id or a role's name. */
  id: string;
  name: string;
  value: Exclude<ExplicitValue, null>;
  version: number;
}

export const rowKey = (row: Pick<ExplicitRow, 'kind' | 'id'>) => `${row.kind}:${row.id}`;

/**
 * Every explicit value a flow holds now, users' and roles', read fresh from the server (the users
 * through the server's matching set: no paging through the list).
 */
export async function fetchExplicitValues(queryClient: QueryClient, flowId: string): Promise<ExplicitRow[]> {
  const [users, roles] = await Promise.all([
    queryClient.fetchQuery(permissionQueries.matching(flowId, { search: '', only: 'explicit' })),
    queryClient.fetchQuery({ ...permissionQueries.roles(flowId), staleTime: 0 }),
  ]);
  const rows: ExplicitRow[] = [];
  for (const role of roles.items) {
    if (role.value) rows.push({ kind: 'role', id: role.name, name: role.name, value: role.value, version: role.version });
  }
  for (const user of users.items) {
    if (user.value) rows.push({ kind: 'user', id: user.id, name: user.name, value: user.value, version: user.version });
  }
  return rows;
}

/**
 * A change of one row on `flowId` to `value`, based on the version read when there is one (the batch is
 * refused if the row moved on since).
 */
export const changeOf = (
  flowId: string,
  row: Pick<ExplicitRow, 'kind' | 'id'> & { version?: number | undefined },
  value: ExplicitValue,
): BatchChangeInput => ({
  flowId,
  principal: row.kind === 'user' ? { kind: 'user', id: row.id } : { kind: 'role', name: row.id },
  value,
  ...(row.version === undefined ? {} : { ifVersion: row.version }),
});

/** What copying `source`'s explicit values onto a flow holding `target` changes, by kind of change. */
export interface CopyDiff {
  added: { row: ExplicitRow; to: ExplicitRow['value'] }[];
  changed: { row: ExplicitRow; from: ExplicitRow['value']; to: ExplicitRow['value'] }[];
  removed: { row: ExplicitRow; from: ExplicitRow['value'] }[];
}

export function diffExplicitValues(source: readonly ExplicitRow[], target: readonly ExplicitRow[]): CopyDiff {
  const targetByKey = new Map(target.map((row) => [rowKey(row), row]));
  const sourceKeys = new Set(source.map(rowKey));
  const diff: CopyDiff = { added: [], changed: [], removed: [] };
  for (const row of source) {
    const current = targetByKey.get(rowKey(row));
    // Checked against what the target holds; a row the target has no value for has no version read.
    if (!current) diff.added.push({ row, to: row.value });
    else if (current.value !== row.value) diff.changed.push({ row: current, from: current.value, to: row.value });
  }
  for (const row of target) if (!sourceKeys.has(rowKey(row))) diff.removed.push({ row, from: row.value });
  return diff;
}

/** The batch that makes the target's explicit values equal the source's. */
export const copyChanges = (flowId: string, diff: CopyDiff): BatchChangeInput[] => [
  ...diff.added.map(({ row, to }) => changeOf(flowId, { kind: row.kind, id: row.id }, to)),
  ...diff.changed.map(({ row, to }) => changeOf(flowId, row, to)),
  ...diff.removed.map(({ row }) => changeOf(flowId, row, null)),
];
