import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MatchingUsers, MatchingUsersQuery } from '../../../contract/console';
import type { ExplicitValue } from '../../../domain/permission';
import { changeOf } from '../../api/explicit-values';
import { permissionQueries } from '../../api/permissions';
import type { Selection } from './use-selection';
import { ImpactDialog } from '../../ui/impact-dialog';
import type { ImpactRequest } from '../../../contract/impact-request';
import type { BatchChangeInput } from '../../../contract/batch';
import { impactOfBatch, useBulkWrite } from './use-bulk-write';
import { nextTask } from '../../api/slices';

type Matched = MatchingUsers['items'][number];

const users = (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'user' : 'users'}`;

/** `named` is what the confirming button says, e.g. "Deny 12 users". */
const ACTIONS: { value: ExplicitValue; label: string; named: (count: number) => string; done: string }[] = [
  { value: 'grant', label: 'Grant selected', named: (count) => `Grant ${users(count)}`, done: 'Granted' },
  { value: 'deny', label: 'Deny selected', named: (count) => `Deny ${users(count)}`, done: 'Denied' },
  { value: null, label: 'Inherit selected', named: (count) => `Set ${users(count)} to inherited`, done: 'Set to inherited' },
];

/** A bulk action waiting for its confirmation, with the impact preview's question for it. */
interface Proposed {
  action: (typeof ACTIONS)[number];
  changes: BatchChangeInput[];
  impact: ImpactRequest;
}

interface BulkToolbarProps {
  flowId: string;
  query: MatchingUsersQuery;
  selection: Selection;
  onSelectAll: (ids: readonly string[]) => void;
  onClear: () => void;
}

/** For each of ACTIONS, in order, the changes it makes: a row that already holds its value is left out. */
function changesByAction(
  flowId: string,
  ids: ReadonlySet<string>,
  rowOf: (id: string) => { value: ExplicitValue; version: number } | undefined,
): BatchChangeInput[][] {
  const changes = ACTIONS.map((): BatchChangeInput[] => []);
  for (const id of ids) {
    const row = rowOf(id);
    if (!row) continue;
    ACTIONS.forEach(({ value }, index) => {
      if (row.value !== value) changes[index]?.push(changeOf(flowId, { kind: 'user', id, version: row.version }, value));
    });
  }
  return changes;
}

/**
 * "Select all matching" and, with users ticked, Grant / Deny / Inherit selected: each one batch write of
 * the rows it changes (a row that already holds the target is left alone), previewed first (its impact,
 * confirmed with a button that names it), with one Undo.
 */
export function BulkToolbar({ flowId, query, selection, onSelectAll, onClear }: BulkToolbarProps) {
  const queryClient = useQueryClient();
  const { run, pending } = useBulkWrite();
  const [matched, setMatched] = useState<{ items: Map<string, Matched>; total: number; limit: number } | null>(null);
  const [loading, setLoading] = useState(false);
  const [proposed, setProposed] = useState<Proposed | null>(null);
  const header = useRef<HTMLInputElement>(null);
  const count = selection.ids.size;
  useEffect(() => {
    if (header.current) header.current.indeterminate = count > 0 && !selection.allMatching;
  }, [count, selection.allMatching]);

  const selectAll = async (on: boolean) => {
    if (!on) {
      setMatched(null);
      onClear();
      return;
    }
    setLoading(true);
    try {
      const found = await queryClient.fetchQuery(permissionQueries.matching(flowId, query));
      setMatched({ items: new Map(found.items.map((user) => [user.id, user])), total: found.total, limit: found.limit });
      onSelectAll(found.items.map((user) => user.id));
    } finally {
      setLoading(false);
    }
  };

  // Each action's changes, from the selected rows' values as last read. All matching: the server's
  // matching set, thousands of rows, worked out once for that set (not again at each render, e.g. the
  // confirming click's). Rows ticked one by one: each row's own entry, read at each render.
  const matchedChanges = useMemo(
    () => (selection.allMatching && matched ? changesByAction(flowId, selection.ids, (id) => matched.items.get(id)) : null),
    [flowId, selection.allMatching, selection.ids, matched],
  );
  const changes =
    matchedChanges ??
    changesByAction(flowId, selection.ids, (id) => queryClient.getQueryData(permissionQueries.user(flowId, id).queryKey));

  return (
    <div className="bulk-toolbar" role="toolbar" aria-label="Bulk changes">
      <label className="users-filter">
        <input
          ref={header}
          type="checkbox"
          checked={selection.allMatching || loading}
          disabled={loading}
          onChange={(event) => void selectAll(event.target.checked)}
        />
        Select all matching
      </label>
      {count > 0 && (
        <>
          <span className="toolbar__count" role="status">
            {users(count)} selected
            {selection.allMatching && matched && matched.total > matched.limit
              ? ` (the first ${matched.limit.toLocaleString('en-US')} of ${matched.total.toLocaleString('en-US')}: narrow the search for the rest)`
              : ''}
          </span>
          {ACTIONS.map((action, index) => {
            const toChange = changes[index] ?? [];
            return (
              <button
                key={action.label}
                type="button"
                className="button button--small"
                disabled={pending || toChange.length === 0}
                onClick={() => setProposed({ action, changes: toChange, impact: impactOfBatch(toChange) })}
              >
                {action.label} <span className="bulk-toolbar__count">· {toChange.length.toLocaleString('en-US')} to change</span>
              </button>
            );
          })}
          <button type="button" className="button button--small button--ghost" onClick={onClear}>
            Clear selection
          </button>
        </>
      )}
      {/* A batch reaches many users at once: previewed first, confirmed with a button naming it. */}
      <ImpactDialog
        proposal={proposed?.impact ?? null}
        title={proposed ? `${proposed.action.named(proposed.changes.length)} on this flow?` : ''}
        action={proposed?.action.named(proposed.changes.length) ?? ''}
        destructive={proposed?.action.value === 'deny'}
        onConfirm={() => {
          if (!proposed) return;
          setProposed(null);
          // The click only closes the preview; sending thousands of changes (their JSON) is the next task's.
          void nextTask().then(() =>
            run(proposed.changes, `${proposed.action.done} ${users(proposed.changes.length)}.`, onClear),
          );
        }}
        onCancel={() => setProposed(null)}
      />
    </div>
  );
}
