import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { batchConflictsOf, useBatchWrite, useUndoBatch } from '../../../api/batch';
import { ApiError, request } from '../../../api/client';
import type { OverviewFilters } from '../../../api/overview';
import { permissionQueries } from '../../../api/permissions';
import type { BatchChangeInput } from '../../../../contract/batch';
import type { RolePermission } from '../../../../contract/console';
import { roleMatrixPageSchema } from '../../../../contract/overview';
import type { ExplicitValue } from '../../../../domain/permission';
import { useFeedback } from '../feedback';
import { cellKey, type MatrixSelectionState } from './selection';

const ACTIONS: readonly { label: string; value: ExplicitValue; done: string }[] = [
  { label: 'Grant selected', value: 'grant', done: 'granted' },
  { label: 'Deny selected', value: 'deny', done: 'denied' },
  { label: 'Inherit selected', value: null, done: 'set to inherited' },
];

/** Every flow that matches the filters with its role rows (a selected role covers flows not loaded yet). */
async function allMatchingFlows(filters: OverviewFilters): Promise<{ flowId: string; roles: RolePermission[] }[]> {
  const found: { flowId: string; roles: RolePermission[] }[] = [];
  for (let offset = 0; ;) {
    const page = await request('/role-matrix', roleMatrixPageSchema, {
      query: { search: filters.search, status: filters.status, only: filters.onlySet ? 'set' : undefined, offset, limit: 100 },
    });
    found.push(...page.items.map(({ flow, roles }) => ({ flowId: flow.id, roles })));
    offset += page.items.length;
    if (page.items.length === 0 || offset >= page.total) return found;
  }
}

/**
 * Grant, deny or inherit every selected cell in one batch write (all or nothing, one change set), with
 * one Undo for the whole set. Each change names the version it is based on, so a cell another
 * administrator changed meanwhile refuses the batch instead of being overwritten.
 */
export function SelectionBar({
  selected,
  roles,
  filters,
}: {
  selected: MatrixSelectionState;
  roles: readonly string[];
  filters: OverviewFilters;
}) {
  const queryClient = useQueryClient();
  const batch = useBatchWrite();
  const undo = useUndoBatch();
  const { notify, fail } = useFeedback();
  const [busy, setBusy] = useState(false);
  const { selection } = selected;

  const changesFor = async (value: ExplicitValue): Promise<BatchChangeInput[]> => {
    const shownRoles = new Set(roles);
    const columns =
      selection.roles.size > 0
        ? await allMatchingFlows(filters)
        : [...new Set([...selection.flows, ...[...selection.cells].map((key) => key.split('\u0000')[0] ?? '')])].map(
            (flowId) => ({ flowId, roles: queryClient.getQueryData(permissionQueries.roles(flowId).queryKey)?.items ?? [] }),
          );
    const changes: BatchChangeInput[] = [];
    for (const { flowId, roles: rows } of columns) {
      // The newest row the page knows: the cache's, if a click changed it since the page loaded.
      const cached = new Map(
        (queryClient.getQueryData(permissionQueries.roles(flowId).queryKey)?.items ?? []).map((row) => [row.name, row]),
      );
      for (const loaded of rows) {
        const row = cached.get(loaded.name) ?? loaded;
        const wanted =
          selection.roles.has(row.name) ||
          (selection.flows.has(flowId) && shownRoles.has(row.name)) ||
          selection.cells.has(cellKey(flowId, row.name));
        if (wanted && row.value !== value) {
          changes.push({ flowId, principal: { kind: 'role', name: row.name }, value, ifVersion: row.version });
        }
      }
    }
    return changes;
  };

  const apply = async (value: ExplicitValue, done: string) => {
    setBusy(true);
    try {
      const changes = await changesFor(value);
      if (changes.length === 0) {
        notify({ message: `Every selected cell is already ${done}.` });
        return;
      }
      const answer = await batch.mutateAsync(changes);
      selected.clear();
      notify({
        message: `${answer.changes.length.toLocaleString('en-US')} ${answer.changes.length === 1 ? 'cell' : 'cells'} ${done}.`,
        undo: () =>
          undo.mutate(answer.changeSetId, {
            onError: (error) => fail('overview:batch', `Could not undo: ${error.message.replace(/\.?$/, '.')}`),
          }),
      });
    } catch (error) {
      const conflicts = error instanceof ApiError ? batchConflictsOf(error) : undefined;
      fail(
        'overview:batch',
        conflicts
          ? `Nothing was changed: ${conflicts.length} ${conflicts.length === 1 ? 'cell was' : 'cells were'} changed meanwhile by someone else. The grid shows them now; try again.`
          : `Nothing was changed: ${error instanceof Error ? error.message : 'the batch failed'}.`,
      );
    } finally {
      setBusy(false);
    }
  };

  if (selected.empty) return null;
  const parts = [
    selection.roles.size > 0 && `${selection.roles.size} ${selection.roles.size === 1 ? 'role' : 'roles'}`,
    selection.flows.size > 0 && `${selection.flows.size} ${selection.flows.size === 1 ? 'flow' : 'flows'}`,
    selection.cells.size > 0 && `${selection.cells.size} ${selection.cells.size === 1 ? 'cell' : 'cells'}`,
  ].filter(Boolean);
  return (
    <div className="overview__filters" role="toolbar" aria-label="Selected cells">
      <span aria-live="polite">Selected: {parts.join(', ')}</span>
      {ACTIONS.map(({ label, value, done }) => (
        <button
          key={label}
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() => void apply(value, done)}
        >
          {label}
        </button>
      ))}
      <button type="button" className="button button--small" disabled={busy} onClick={selected.clear}>
        Clear selection
      </button>
    </div>
  );
}
