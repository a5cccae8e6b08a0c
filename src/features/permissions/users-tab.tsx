import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { permissionQueries } from '../../api/permissions';
import { SearchIcon } from '../../ui/icons';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { UserRow } from './user-row';

const ROW_HEIGHT = 56;

export function UsersTab({ flowId }: { flowId: string }) {
  const [search, setSearch] = useState('');
  const debouncedSearch = useDebouncedValue(search.trim(), 250);
  const users = useInfiniteQuery({
    ...permissionQueries.users(flowId, debouncedSearch),
    placeholderData: (previous) => previous,
  });
  const ids = useMemo(() => users.data?.pages.flatMap((page) => page.ids) ?? [], [users.data]);
  const total = users.data?.pages[0]?.total ?? 0;

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    initialRect: { width: 600, height: 440 },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = users;

  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= ids.length - 20) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastIndex, ids.length]);

  return (
    <div className="tab-panel">
      <div className="toolbar">
        <div className="search search--wide">
          <SearchIcon className="search__icon" />
          <input
            type="search"
            className="input search__input"
            aria-label="Search users"
            placeholder="Search users by name or email"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <span className="toolbar__count" aria-live="polite">
          {users.data ? `${total.toLocaleString('en-US')} ${total === 1 ? 'user' : 'users'}` : ''}
        </span>
      </div>

      {users.isPending ? (
        <SkeletonRows count={7} label="Loading users" />
      ) : users.isError && !users.data ? (
        <ErrorState title="Could not load users" message={users.error.message} onRetry={() => void users.refetch()} />
      ) : ids.length === 0 ? (
        <EmptyState title={debouncedSearch ? `No user matches "${debouncedSearch}"` : 'This app has no users yet'} />
      ) : (
        <div className="rows rows--scroll" ref={scrollRef} aria-busy={users.isFetching || undefined}>
          <div role="list" aria-label="Users" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const id = ids[item.index] as string;
              return (
                <div
                  role="listitem"
                  key={id}
                  className="row"
                  aria-setsize={total}
                  aria-posinset={item.index + 1}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  <UserRow flowId={flowId} userId={id} />
                </div>
              );
            })}
          </div>
          {isFetchingNextPage && <p className="rows__more">Loading more users…</p>}
        </div>
      )}
    </div>
  );
}
