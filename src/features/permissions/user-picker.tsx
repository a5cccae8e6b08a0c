import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { accessQueries } from '../../api/access';
import type { UserPermission } from '../../../contract/console';
import { SearchField } from '../../ui/search-field';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import { displayName } from './user-row';

export type PickedUser = Pick<UserPermission, 'id' | 'name' | 'email'>;

/** Finds a user by name or email and picks one; the results fold away once one is picked. */
export function UserPicker({
  flowId,
  picked,
  onPick,
}: {
  flowId: string;
  picked: PickedUser | null;
  onPick: (user: PickedUser) => void;
}) {
  const [search, setSearch] = useState('');
  // Once a user is picked the results fold away, so the verdict shows; typing opens them again.
  const [browsing, setBrowsing] = useState(picked === null);
  const debounced = useDebouncedValue(search.trim(), 250);
  const users = useQuery({ ...accessQueries.userSearch(flowId, debounced), placeholderData: (previous) => previous });
  return (
    <div className="picker">
      <SearchField
        wide
        label="Find a user"
        placeholder="Find a user by name or email"
        value={search}
        onChange={(value) => {
          setSearch(value);
          setBrowsing(true);
        }}
      />
      {picked && (
        <p className="picker__picked">
          Checking as <strong>{displayName(picked)}</strong> ({picked.email})
        </p>
      )}
      {browsing && (
        <ul className="picker__results" aria-label="Matching users">
          {users.data?.items.map((candidate) => (
            <li key={candidate.id}>
              <button
                type="button"
                className="picker__option"
                aria-pressed={picked?.id === candidate.id}
                onClick={() => {
                  onPick(candidate);
                  setBrowsing(false);
                }}
              >
                <span className="row__name">{displayName(candidate)}</span>
                <span className="row__description picker__detail" title={[candidate.email, ...candidate.roles].join(' · ')}>
                  {candidate.name ? candidate.email : null}
                  {candidate.name && candidate.roles.length > 0 ? ' · ' : null}
                  {candidate.roles.join(', ')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {browsing && users.data?.items.length === 0 && <p className="check__hint">No user matches “{debounced}”.</p>}
      {picked && !browsing && (
        <button type="button" className="button button--small picker__change" onClick={() => setBrowsing(true)}>
          Choose another user
        </button>
      )}
    </div>
  );
}
