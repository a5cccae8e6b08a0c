import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { manageQueries, USER_SEARCH_LIMIT, useSetUserRoles } from '../../api/manage';
import type { UserAccount } from '../../../contract/manage';
import { SearchField } from '../../ui/search-field';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states';
import { useDebouncedValue } from '../../ui/use-debounced-value';
import type { ShowChange } from '../../ui/use-audit-undo';

export function UserRolesSection({ onChanged }: { onChanged: ShowChange }) {
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search.trim(), 250);
  const users = useQuery(manageQueries.users(debounced));
  const roles = useQuery(manageQueries.roles());
  const roleNames = roles.data?.items.map((role) => role.name) ?? [];
  return (
    <section className="panel manage-section" aria-labelledby="manage-user-roles">
      <h2 id="manage-user-roles" className="manage-section__title">
        User roles
      </h2>
      <div className="manage-search">
        <SearchField
          label="Search user accounts"
          placeholder="Search by name or email"
          value={search}
          onChange={setSearch}
          wide
        />
      </div>
      {users.isPending || roles.isPending ? (
        <SkeletonRows count={4} label="Loading users" />
      ) : users.isError ? (
        <ErrorState title="Could not load users" message={users.error.message} onRetry={() => void users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <EmptyState title="No user matches" />
      ) : (
        <>
          <ul className="manage-list">
            {users.data.items.map((user) => (
              <UserRolesRow key={user.id} user={user} roleNames={roleNames} onChanged={onChanged} />
            ))}
          </ul>
          {users.data.items.length >= USER_SEARCH_LIMIT && (
            <p className="manage-section__hint manage-section__more">
              The first {USER_SEARCH_LIMIT} matches; search to find others.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function UserRolesRow({ user, roleNames, onChanged }: { user: UserAccount; roleNames: string[]; onChanged: ShowChange }) {
  const setRoles = useSetUserRoles();
  const held = setRoles.isPending ? setRoles.variables.roles : user.roles;
  const name = user.name ?? user.email;
  return (
    <li className="row manage-user">
      <div className="row__text">
        <span className="row__name">{name}</span>
        <span className="row__description">{user.email}</span>
        {setRoles.isError && (
          <span className="form__error" role="alert">
            Could not save {name}&apos;s roles: {setRoles.error.message}
          </span>
        )}
      </div>
      <fieldset className="manage-user__roles">
        <legend className="sr-only">Roles of {name}</legend>
        {roleNames.map((role) => (
          <label key={role} className="manage-user__role">
            <input
              type="checkbox"
              checked={held.includes(role)}
              aria-label={`${role} for ${name}`}
              onChange={(event) => {
                const adding = event.target.checked;
                setRoles.mutate(
                  { userId: user.id, roles: adding ? [...held, role] : held.filter((other) => other !== role) },
                  {
                    onSuccess: ({ auditEntry }) =>
                      onChanged(
                        adding ? `${name} holds ${role}.` : `${name} no longer holds ${role}.`,
                        auditEntry,
                        adding ? `${name} no longer holds ${role} (undone).` : `${name} holds ${role} again (undone).`,
                      ),
                  },
                );
              }}
            />
            {role}
          </label>
        ))}
      </fieldset>
    </li>
  );
}
