import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { permissionQueries } from '../../api/permissions';
import { SearchField } from '../../ui/search-field';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { useScrollRows } from '../../ui/use-scroll-rows';
import { BulkToolbar } from './bulk-toolbar';
import { useSelection } from './use-selection';
import { UserRow } from './user-row';
import { RoleFilter, RoleSuggestions, SortSelect, type SortChoice } from './users-filters';
import './users-tab.css';

const ROW_HEIGHT = 56;
/** Load the next page when the rendered rows come this close to the end of what is loaded. */
const PREFETCH_ROWS = 30;

type Only = 'all' | 'explicit';

const NO_ROLES: readonly string[] = [];

export function UsersTab({ flowId }: { flowId: string }) {
  const [search, setSearch] = useState('');
  const [only, setOnly] = useState<Only>('all');
  const [role, setRole] = useState('');
  const [sort, setSort] = useState<SortChoice>('directory');
  const debouncedSearch = useDebouncedValue(search.trim(), 250);
  // One query per search and filter: an answer for an older search can never replace a newer one,
  // and the older request is cancelled as soon as nothing shows it.
  const users = useInfiniteQuery({
    ...permissionQueries.users(flowId, debouncedSearch, only, { role, sort: sort === 'directory' ? undefined : sort }),
    placeholderData: (previous) => previous,
  });
  const roles = useQuery({
    ...permissionQueries.roles(flowId),
    select: (list) => list.items.filter((row) => row.kind === 'custom').map((row) => row.name),
  });
  const customRoles = roles.data ?? NO_ROLES;
  const { selection, toggle, selectAll, clear } = useSelection();
  // A selection belongs to the search and filters it was made under.
  useEffect(clear, [clear, debouncedSearch, only, role]);
  const ids = useMemo(() => users.data?.pages.flatMap((page) => page.ids) ?? [], [users.data]);
  const total = users.data?.pages[0]?.total ?? 0;

  return (
    <div className="tab-panel">
      <div className="toolbar">
        <SearchField label="Search users" placeholder="Search users by name or email" value={search} onChange={setSearch} wide />
        <label className="users-filter">
          <input
            type="checkbox"
            checked={only === 'explicit'}
            onChange={(event) => setOnly(event.target.checked ? 'explicit' : 'all')}
          />
          Only explicit values
        </label>
        <RoleFilter roles={customRoles} value={role} onChange={setRole} />
        <SortSelect value={sort} onChange={setSort} />
        <BulkToolbar
          flowId={flowId}
          query={{ search: debouncedSearch, ...(only === 'explicit' ? { only } : {}), ...(role ? { role } : {}) }}
          selection={selection}
          onSelectAll={selectAll}
          onClear={clear}
        />
        <span className="toolbar__count" aria-live="polite">
          {users.data ? countLabel(total, only, role) : ''}
        </span>
      </div>
      {role === '' && (
        <RoleSuggestions
          search={debouncedSearch}
          roles={customRoles}
          onPick={(picked) => {
            setRole(picked);
            setSearch('');
          }}
        />
      )}

      {users.isPending ? (
        <SkeletonRows count={7} label="Loading users" />
      ) : users.isError && !users.data ? (
        <ErrorState
          title="Could not load users"
          message={users.error.summary}
          details={users.error.details}
          onRetry={() => void users.refetch()}
        />
      ) : ids.length === 0 ? (
        <EmptyState title={emptyTitle(debouncedSearch, only, role)} />
      ) : (
        <UserList
          key={`${only}\u0000${role}\u0000${sort}\u0000${debouncedSearch}`}
          flowId={flowId}
          ids={ids}
          total={total}
          busy={users.isFetching}
          loadingMore={users.isFetchingNextPage}
          loadMore={users.hasNextPage && !users.isFetchingNextPage ? users.fetchNextPage : undefined}
          selected={selection.ids}
          onSelect={toggle}
        />
      )}
    </div>
  );
}

function countLabel(total: number, only: Only, role: string): string {
  const users = `${total.toLocaleString('en-US')} ${total === 1 ? 'user' : 'users'}${role ? ` in ${role}` : ''}`;
  return only === 'explicit' ? `${users} with explicit values` : users;
}

function emptyTitle(search: string, only: Only, role: string): string {
  const who = role ? `user in ${role}` : 'user';
  if (search)
    return only === 'explicit' ? `No ${who} with an explicit value matches "${search}"` : `No ${who} matches "${search}"`;
  if (role) return only === 'explicit' ? `No ${who} has an explicit value on this flow` : `No user holds the role ${role}`;
  return only === 'explicit' ? 'No user has an explicit value on this flow' : 'This app has no users yet';
}

interface UserListProps {
  flowId: string;
  ids: string[];
  total: number;
  busy: boolean;
  loadingMore: boolean;
  loadMore: (() => unknown) | undefined;
  selected: ReadonlySet<string>;
  onSelect: (ids: readonly string[], index: number, range: boolean) => void;
}

/** The loaded rows, virtualized; scrolling near the end loads the next page. */
const UserList = memo(function UserList({ flowId, ids, total, busy, loadingMore, loadMore, selected, onSelect }: UserListProps) {
  const select = useCallback((userId: string, range: boolean) => onSelect(ids, ids.indexOf(userId), range), [ids, onSelect]);
  const { scrollRef, onScroll, indexes, lastIndex, totalHeight } = useScrollRows<HTMLDivElement>({
    count: ids.length,
    rowHeight: ROW_HEIGHT,
    overscan: 6,
    initialHeight: 440,
  });
  useEffect(() => {
    if (loadMore && lastIndex >= ids.length - PREFETCH_ROWS) void loadMore();
  }, [loadMore, lastIndex, ids.length]);

  return (
    <div className="rows rows--scroll" ref={scrollRef} onScroll={onScroll} aria-busy={busy || undefined}>
      <div role="list" aria-label="Users" style={{ height: totalHeight, position: 'relative' }}>
        {indexes.map((index) => {
          const id = ids[index] as string;
          return (
            <div
              role="listitem"
              key={id}
              className="row row--sized"
              aria-setsize={total}
              aria-posinset={index + 1}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                transform: `translateY(${index * ROW_HEIGHT}px)`,
              }}
            >
              <UserRow flowId={flowId} userId={id} selected={selected.has(id)} onSelect={select} />
            </div>
          );
        })}
      </div>
      {loadingMore && <p className="rows__more">Loading more users…</p>}
    </div>
  );
});
