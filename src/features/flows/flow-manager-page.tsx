import { useInfiniteQuery } from '@tanstack/react-query';
import { memo, useCallback, useMemo, useState } from 'react';
import { flowQueries } from '../../api/flows';
import type { Flow } from '../../../contract/console';
import { SearchField } from '../../ui/search-field';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states';
import { UndoToast } from '../../ui/undo-toast';
import { useAuditUndo } from '../../ui/use-audit-undo';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { DeleteFlowDialog } from './delete-flow-dialog';
import { FLOW_SEARCH_ID } from './flow-item';
import { FlowList } from './flow-list';
import { RenameFlowDialog, type Renamed } from './rename-flow-dialog';

type Editing = { kind: 'rename' | 'delete'; flow: Flow } | null;

/** Memoized: opening or closing a dialog changes the URL and re-renders the shell, not this page. */
export const FlowManagerPage = memo(function FlowManagerPage({
  onOpenPermissions,
  onPreparePermissions,
}: {
  onOpenPermissions: (flowId: string) => void;
  /**
   * The administrator is about to open a flow's permissions (pointer on its title bar, focus on its
   * lock), or no longer (`about` false).
   */
  onPreparePermissions: (flowId: string, about: boolean) => void;
}) {
  const [search, setSearch] = useState('');
  const debouncedSearch = useDebouncedValue(search.trim(), 200);
  const flows = useInfiniteQuery({ ...flowQueries.list(debouncedSearch), placeholderData: (previous) => previous });
  const items = useMemo(() => flows.data?.pages.flatMap((page) => page.items) ?? [], [flows.data]);
  const total = flows.data?.pages[0]?.total ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = flows;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const [editing, setEditing] = useState<Editing>(null);
  const toast = useAuditUndo();
  const onRenamed = ({ from, flow, auditEntry }: Renamed) =>
    toast.show(`Renamed ${from} to ${flow.name}.`, auditEntry, `Renamed ${flow.name} back to ${from} (undone).`);

  const onPermissions = useCallback((flow: Flow) => onOpenPermissions(flow.id), [onOpenPermissions]);
  const onRename = useCallback((flow: Flow) => setEditing({ kind: 'rename', flow }), []);
  const onDelete = useCallback((flow: Flow) => setEditing({ kind: 'delete', flow }), []);
  const onPrefetch = useCallback((flow: Flow, about: boolean) => onPreparePermissions(flow.id, about), [onPreparePermissions]);

  return (
    <main className="page">
      <header className="page__header">
        <div>
          <h1 className="page__title">Flow Manager</h1>
          <p className="page__subtitle">
            {flows.data ? `${total.toLocaleString('en-US')} ${total === 1 ? 'flow' : 'flows'}` : 'Automation flows of this app'}
          </p>
        </div>
        <SearchField id={FLOW_SEARCH_ID} label="Search flows" value={search} onChange={setSearch} />
      </header>

      {flows.isPending ? (
        <SkeletonRows count={6} label="Loading flows" />
      ) : flows.isError ? (
        <ErrorState title="Could not load flows" message={flows.error.message} onRetry={() => void flows.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={debouncedSearch ? `No flow matches "${debouncedSearch}"` : 'No flows yet'}>
          {debouncedSearch ? 'Try another name.' : 'Flows you create in FlowRunner appear here.'}
        </EmptyState>
      ) : (
        <FlowList
          flows={items}
          total={total}
          busy={flows.isFetching}
          hasMore={hasNextPage}
          loadMore={loadMore}
          onPermissions={onPermissions}
          onRename={onRename}
          onDelete={onDelete}
          onPrefetch={onPrefetch}
        />
      )}

      {editing?.kind === 'rename' && (
        <RenameFlowDialog flow={editing.flow} onClose={() => setEditing(null)} onRenamed={onRenamed} />
      )}
      {editing?.kind === 'delete' && <DeleteFlowDialog flow={editing.flow} onClose={() => setEditing(null)} />}
      <UndoToast notice={toast.notice} onDismiss={toast.dismiss} />
    </main>
  );
});
