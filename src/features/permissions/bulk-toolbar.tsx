import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { MatchingUsers, MatchingUsersQuery } from '../../../contract/console';
import type { ExplicitValue } from '../../../domain/permission';
import { changeOf } from '../../api/explicit-values';
import { permissionQueries } from '../../api/permissions';
import type { Selection } from './use-selection';
import { ImpactDialog } from '../../ui/impact-dialog';
import type { ImpactRequest } from '../../../contract/impact-request';
import type { BatchChangeInput } from '../../../contract/batch';
import { impactOfBatch, useBulkWrite } from './use-bulk-write';

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
                onClick={() => setProposed({ action, changes, impact: impactOfBatch(changes) })}
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
      {/* A batch reaches many users at once: previewed first, confirmed with a button naming it. */}
      <ImpactDialog
        proposal={proposed?.impact ?? null}
        title={proposed ? `${proposed.action.named(proposed.changes.length)} on this flow?` : ''}
        action={proposed?.action.named(proposed.changes.length) ?? ''}
        destructive={proposed?.action.value === 'deny'}
        onConfirm={() => {
          if (!proposed) return;
          setProposed(null);
          run(proposed.changes, `${proposed.action.done} ${users(proposed.changes.length)}.`, onClear);
        }}
        onCancel={() => setProposed(null)}
      />
    </div>
  );
}
