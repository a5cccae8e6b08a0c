import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { MatchingUsers, MatchingUsersQuery } from '../../../contract/console';
import type { ExplicitValue } from '../../../domain/permission';
import { changeOf } from '../../api/explicit-values';
import { permissionQueries } from '../../api/permissions';
import type { Selection } from './use-selection';
import { useBulkWrite } from './use-bulk-write';

type Matched = MatchingUsers['items'][number];

const ACTIONS: { value: ExplicitValue; label: string; done: string }[] = [
  { value: 'grant', label: 'Grant selected', done: 'Granted' },
  { value: 'deny', label: 'Deny selected', done: 'Denied' },
  { value: null, label: 'Inherit selected', done: 'Set to inherited' },
];

const users = (count: number) => `${count.toLocaleString('en-US')} ${count === 1 ? 'user' : 'users'}`;

interface BulkToolbarProps {
  flowId: string;
  query: MatchingUsersQuery;
  selection: Selection;
  onSelectAll: (ids: readonly string[]) => void;
  onClear: () => void;
}

/**
 * "Select all matching" and, with users ticked, Grant / Deny / Inherit selected: each one batch write of
 * the rows it changes (a row that already holds the target is left alone), with one Undo.
 */
export function BulkToolbar({ flowId, query, selection, onSelectAll, onClear }: BulkToolbarProps) {
  const queryClient = useQueryClient();
  const { run, pending } = useBulkWrite();
  const [matched, setMatched] = useState<{ items: Map<string, Matched>; total: number; limit: number } | null>(null);
  const [loading, setLoading] = useState(false);
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

  /** The selected rows' values as last read: the server's matching set, or each row's own entry. */
  const rowOf = (id: string): { value: ExplicitValue; version: number } | undefined => {
    if (selection.allMatching) return matched?.items.get(id);
    return queryClient.getQueryData(permissionQueries.user(flowId, id).queryKey);
  };
  const changesTo = (value: ExplicitValue) =>
    [...selection.ids].flatMap((id) => {
      const row = rowOf(id);
      return row && row.value !== value ? [changeOf(flowId, { kind: 'user', id, version: row.version }, value)] : [];
    });

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
          {ACTIONS.map((action) => {
            const changes = changesTo(action.value);
            return (
              <button
                key={action.label}
                type="button"
                className="button button--small"
                disabled={pending || changes.length === 0}
                onClick={() => run(changes, `${action.done} ${users(changes.length)}.`, onClear)}
              >
                {action.label} <span className="bulk-toolbar__count">· {changes.length.toLocaleString('en-US')} to change</span>
              </button>
            );
          })}
          <button type="button" className="button button--small button--ghost" onClick={onClear}>
            Clear selection
          </button>
        </>
      )}
    </div>
  );
}
