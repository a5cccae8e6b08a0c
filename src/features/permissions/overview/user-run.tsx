import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { manageQueries } from '../../../api/manage';
import { overviewQueries, type OverviewFilters } from '../../../api/overview';
import { permissionQueries, useSetUserPermission, useUserRow } from '../../../api/permissions';
import type { Flow } from '../../../../contract/console';
import type { UserAccount } from '../../../../contract/manage';
import { CHANNELS, type Channel } from '../../../../domain/caller';
import { explainDecision, type Decision } from '../../../../domain/decision';
import { effectiveValue, stateLabel } from '../../../../domain/permission';
import { StateIcon } from '../../../ui/icons';
import { SearchField } from '../../../ui/search-field';
import { ErrorState, SkeletonRows } from '../../../ui/states';
import { useDebouncedValue } from '../../../ui/use-debounced-value';
import { CHANNEL_LABELS, LEVEL_LABELS } from '../labels';
import { useRowSave } from '../use-row-save';
import { STATE_KEYSHORTCUTS, useStateShortcuts } from '../use-state-shortcuts';
import { displayName } from '../user-row';
import { downloadText, toCsv } from './csv';

type Picked = Pick<UserAccount, 'id' | 'name' | 'email'>;

/** Pick a user (the server searches), then see every flow's decision for them on one way in. */
export function UserRun({ filters }: { filters: OverviewFilters }) {
  const [picked, setPicked] = useState<Picked | null>(null);
  const [channel, setChannel] = useState<Channel>('REST');
  return (
    <div className="user-run">
      <div className="overview__filters">
        <UserSearch picked={picked} onPick={setPicked} />
        <label className="overview__field">
          Way in{' '}
          <select
            className="input"
            value={channel}
            onChange={(event) => setChannel(CHANNELS.find((candidate) => candidate === event.target.value) ?? 'REST')}
          >
            {CHANNELS.map((candidate) => (
              <option key={candidate} value={candidate}>
                {CHANNEL_LABELS[candidate]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {picked ? (
        <UserFlows user={picked} channel={channel} filters={filters} />
      ) : (
        <p className="check__hint">Choose a user to see every flow they can or cannot start.</p>
      )}
    </div>
  );
}

function UserSearch({ picked, onPick }: { picked: Picked | null; onPick: (user: Picked) => void }) {
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search.trim(), 250);
  const users = useQuery({
    ...manageQueries.users(debounced),
    enabled: debounced !== '',
    placeholderData: (previous) => previous,
  });
  const open = debounced !== '' && picked?.id !== users.data?.items[0]?.id;
  return (
    <div className="picker">
      <SearchField wide label="Find a user" placeholder="Find a user by name or email" value={search} onChange={setSearch} />
      {picked && (
        <p className="picker__picked">
          Showing <strong>{displayName(picked)}</strong> ({picked.email})
        </p>
      )}
      {(open || !picked) && debounced !== '' && (
        <ul className="picker__results" aria-label="Matching users">
          {users.data?.items.map((candidate) => (
            <li key={candidate.id}>
              <button
                type="button"
                className="picker__option"
                aria-pressed={picked?.id === candidate.id}
                onClick={() => {
                  onPick(candidate);
                  setSearch('');
                }}
              >
                <span className="row__name">{displayName(candidate)}</span>
                <span className="row__description picker__detail">
                  {candidate.email}
                  {candidate.roles.length > 0 ? ` · ${candidate.roles.join(', ')}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {debounced !== '' && users.data?.items.length === 0 && <p className="check__hint">No user matches “{debounced}”.</p>}
    </div>
  );
}

const decided = (value: 'grant' | 'deny') => (value === 'grant' ? 'granted' : 'denied');

function UserFlows({ user, channel, filters }: { user: Picked; channel: Channel; filters: OverviewFilters }) {
  const queryClient = useQueryClient();
  const options = overviewQueries.userRun(user.id, channel, filters);
  const runs = useInfiniteQuery(options);
  const items = useMemo(() => runs.data?.pages.flatMap((page) => page.items) ?? [], [runs.data]);
  const total = runs.data?.pages[0]?.total ?? 0;

  // A role's value saved anywhere on this page changes what the user inherits: ask again.
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type === 'updated' && event.action.type === 'success') {
          void queryClient.invalidateQueries({ queryKey: overviewQueries.userRuns() });
        }
      }),
    [queryClient],
  );

  if (runs.isPending) return <SkeletonRows count={6} label="Loading flows" />;
  if (runs.isError) {
    return (
      <ErrorState
        title="Could not load this user's flows"
        message={runs.error.summary}
        details={runs.error.details}
        onRetry={() => void runs.refetch()}
      />
    );
  }

  const exportCsv = () => {
    const rows = items.map(({ flow, fallback }) => {
      const row = queryClient.getQueryData(permissionQueries.user(flow.id, user.id).queryKey);
      const decision: Decision = row?.value ? { value: row.value, level: 'user' } : fallback;
      return [
        flow.name,
        flow.status,
        decided(decision.value),
        LEVEL_LABELS[decision.level],
        decision.role ?? '',
        row?.value ? decided(row.value) : 'inherited',
      ];
    });
    const header = [
      'Flow',
      'Status',
      `Decision (${CHANNEL_LABELS[channel]})`,
      'Deciding level',
      'Deciding role',
      "User's own value",
    ];
    downloadText(`flows-for-${user.email}.csv`, toCsv([header, ...rows]));
  };

  return (
    <>
      <div className="overview__filters">
        <p className="overview__count">
          {items.length.toLocaleString('en-US')} of {total.toLocaleString('en-US')} flows
        </p>
        <button type="button" className="button button--small" onClick={exportCsv}>
          Export CSV
        </button>
      </div>
      <table className="user-run__table" aria-label={`Flows for ${displayName(user)}`}>
        <thead>
          <tr>
            <th scope="col">Flow</th>
            <th scope="col">Status</th>
            <th scope="col">Decision ({CHANNEL_LABELS[channel]})</th>
            <th scope="col">User&apos;s own value</th>
          </tr>
        </thead>
        <tbody>
          {items.map(({ flow, fallback }) => (
            <UserFlowRow key={flow.id} flow={flow} userId={user.id} userName={displayName(user)} fallback={fallback} />
          ))}
        </tbody>
      </table>
      {runs.hasNextPage && (
        <button
          type="button"
          className="button button--small"
          disabled={runs.isFetchingNextPage}
          onClick={() => void runs.fetchNextPage()}
        >
          Show more flows
        </button>
      )}
    </>
  );
}

function UserFlowRow({ flow, userId, userName, fallback }: { flow: Flow; userId: string; userName: string; fallback: Decision }) {
  const row = useUserRow(flow.id, userId);
  const name = `${userName} on ${flow.name}`;
  const change = useRowSave(flow.id, `overview:${flow.id}:user:${userId}`, name, row, useSetUserPermission(flow.id, userId));
  const shortcuts = useStateShortcuts(name, row?.value ?? null, change.choose);
  if (!row) return null;
  const decision: Decision = row.value ? { value: row.value, level: 'user' } : fallback;
  const shown = effectiveValue(row.value, row.inherited.value);
  const tone = row.value === null ? 'inherited' : row.value;
  return (
    <tr>
      <th scope="row">{flow.name}</th>
      <td>{flow.status}</td>
      <td
        title={`${LEVEL_LABELS[decision.level]}: ${explainDecision(decision)}`}
        className={`user-run__decision user-run__decision--${decision.value}`}
      >
        {decided(decision.value)}
        <span className="sr-only">, {explainDecision(decision)}</span>
      </td>
      <td>
        <button
          type="button"
          className={`toggle toggle--${tone} toggle--shows-${shown}`}
          aria-label={`${name}: ${stateLabel(row.value, row.inherited.value)}`}
          title={
            row.value === null
              ? `Inherited: ${explainDecision(row.inherited)}.`
              : `${decided(row.value)} for this user on this flow.`
          }
          aria-keyshortcuts={STATE_KEYSHORTCUTS}
          onClick={() => change.cycle()}
          onContextMenu={shortcuts.onContextMenu}
          onKeyDown={shortcuts.onKeyDown}
        >
          <StateIcon shows={shown} />
        </button>
      </td>
    </tr>
  );
}
