import { StateMenuProvider } from '../state-menu';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { overviewQueries, type OverviewFilters } from '../../../api/overview';
import { permissionQueries } from '../../../api/permissions';
import { FLOW_STATUSES, type FlowStatus } from '../../../../domain/flow';
import { SearchField } from '../../../ui/search-field';
import { EmptyState, ErrorState, SkeletonRows } from '../../../ui/states';
import { useDebouncedValue } from '../../../ui/use-debounced-value';
import { FeedbackProvider } from '../feedback';
import { RoleGrid, type GridRole } from './role-grid';
import { SelectionBar } from './selection-bar';
import { useMatrixSelection } from './selection';
import { UserRun } from './user-run';
import './overview.css';

/** Roles by flow for the whole app, and what one user can run: the console at the scale of the app. */
export function AccessOverviewPage() {
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<FlowStatus | undefined>(undefined);
  const [onlySet, setOnlySet] = useState(false);
  const [roleSearch, setRoleSearch] = useState('');
  const filters: OverviewFilters = { search: useDebouncedValue(search.trim(), 250), status, onlySet };
  return (
    <main className="page overview">
      <h1 className="page__title">Access overview</h1>
      <FeedbackProvider>
        <StateMenuProvider>
          <div className="overview__filters" role="group" aria-label="Filters">
            <SearchField label="Search flows" value={search} onChange={setSearch} />
            <label className="overview__field">
              Status{' '}
              <select
                className="input"
                value={status ?? ''}
                onChange={(event) => setStatus(FLOW_STATUSES.find((candidate) => candidate === event.target.value))}
              >
                <option value="">All</option>
                {FLOW_STATUSES.map((candidate) => (
                  <option key={candidate} value={candidate}>
                    {candidate}
                  </option>
                ))}
              </select>
            </label>
            <SearchField label="Search roles" value={roleSearch} onChange={setRoleSearch} />
            <label className="overview__field">
              <input type="checkbox" checked={onlySet} onChange={(event) => setOnlySet(event.target.checked)} /> Only flows where
              something is set
            </label>
          </div>
          <section className="overview__section" aria-labelledby="roles-by-flow">
            <h2 className="overview__heading" id="roles-by-flow">
              Roles by flow
            </h2>
            <Matrix filters={filters} roleSearch={roleSearch.trim().toLowerCase()} />
          </section>
          <section className="overview__section" aria-labelledby="user-run">
            <h2 className="overview__heading" id="user-run">
              What can this user run
            </h2>
            <UserRun filters={{ ...filters, onlySet: false }} />
          </section>
        </StateMenuProvider>
      </FeedbackProvider>
    </main>
  );
}

const byKind = (roles: readonly GridRole[]) => [
  ...roles.filter((role) => role.kind === 'custom'),
  ...roles.filter((role) => role.kind === 'system'),
];

/**
 * A page of flows that arrives while the administrator scrolls reaches the matrix at once, in the task
 * that brought it (query results come through useSyncExternalStore): the grid takes the longer list in
 * a deferred render, which React slices and puts off for input, like the grid's own changes of view. A
 * list that changed otherwise (other filters, the first page) is taken at once.
 */
function useDeferredGrowth<T>(list: readonly T[]): readonly T[] {
  const deferred = useDeferredValue(list);
  const grew = deferred.length > 0 && deferred.length < list.length && deferred[0] === list[0];
  return grew ? deferred : list;
}

function Matrix({ filters, roleSearch }: { filters: OverviewFilters; roleSearch: string }) {
  const matrix = useInfiniteQuery(overviewQueries.matrix(filters));
  const selection = useMatrixSelection();
  const flows = useMemo(() => matrix.data?.pages.flatMap((page) => page.flows) ?? [], [matrix.data]);
  const total = matrix.data?.pages[0]?.total ?? 0;
  // Every flow has the same roles: the first flow's rows name them.
  const first = useQuery({ ...permissionQueries.roles(flows[0]?.id ?? ''), enabled: flows.length > 0 });
  const roles = useMemo(
    () =>
      byKind((first.data?.items ?? []).map(({ name, kind }) => ({ name, kind }))).filter(
        (role) => roleSearch === '' || role.name.toLowerCase().includes(roleSearch),
      ),
    [first.data, roleSearch],
  );
  const gridFlows = useDeferredGrowth(flows);
  // One function for the grid's life, so that a page loading or the last one arriving leaves the grid
  // alone; it reads the query's state as of the last commit (layout effects run before the grid's).
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = matrix;
  const canAskMore = useRef(false);
  useLayoutEffect(() => void (canAskMore.current = hasNextPage && !isFetchingNextPage));
  const onNearEnd = useCallback(() => {
    if (canAskMore.current) void fetchNextPage();
  }, [fetchNextPage]);

  if (matrix.isPending) return <SkeletonRows count={8} label="Loading the matrix" />;
  if (matrix.isError) {
    return (
      <ErrorState
        title="Could not load the matrix"
        message={matrix.error.summary}
        details={matrix.error.details}
        onRetry={() => void matrix.refetch()}
      />
    );
  }
  if (flows.length === 0) return <EmptyState title="No flow matches these filters" />;
  if (first.isPending) return <SkeletonRows count={8} label="Loading the matrix" />;
  if (roles.length === 0) return <EmptyState title={`No role matches "${roleSearch}"`} />;
  return (
    <>
      <p className="overview__count" aria-live="polite">
        {roles.length} {roles.length === 1 ? 'role' : 'roles'} × {total.toLocaleString('en-US')} {total === 1 ? 'flow' : 'flows'}
      </p>
      <p className="check__hint">
        Click a cell to change it. To change many at once, select roles or flows with their checkboxes (or Shift+Space, Ctrl+Space
        on a cell), and cells with Ctrl+click.
      </p>
      <SelectionBar selected={selection} roles={roles.map((role) => role.name)} filters={filters} />
      <RoleGrid roles={roles} flows={gridFlows} totalFlows={total} onNearEnd={onNearEnd} selection={selection} />
    </>
  );
}
