import type { UserSort } from '../../../contract/console';

export type SortChoice = UserSort | 'directory';

const SORTS: { value: SortChoice; label: string }[] = [
  { value: 'directory', label: 'Sign-up order' },
  { value: 'name', label: 'Name' },
  { value: 'state', label: 'State, explicit first' },
];

/** "Users in <role>": the custom roles to filter by, '' for all users. */
export function RoleFilter({
  roles,
  value,
  onChange,
}: {
  roles: readonly string[];
  value: string;
  onChange: (role: string) => void;
}) {
  return (
    <label className="users-filter">
      Role
      <select className="input users-filter__select" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All roles</option>
        {roles.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </select>
    </label>
  );
}

export function SortSelect({ value, onChange }: { value: SortChoice; onChange: (sort: SortChoice) => void }) {
  return (
    <label className="users-filter">
      Sort by
      <select
        className="input users-filter__select"
        value={value}
        onChange={(event) => onChange(SORTS.find((sort) => sort.value === event.target.value)?.value ?? 'directory')}
      >
        {SORTS.map((sort) => (
          <option key={sort.value} value={sort.value}>
            {sort.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Searching for a role's name finds users by name and email only; when the search names custom roles,
 * offer their members instead, so that "Sales" leads to the users in Sales.
 */
export function RoleSuggestions({
  search,
  roles,
  onPick,
}: {
  search: string;
  roles: readonly string[];
  onPick: (role: string) => void;
}) {
  const needle = search.toLowerCase();
  const matching = needle ? roles.filter((role) => role.toLowerCase().includes(needle)).slice(0, 3) : [];
  if (matching.length === 0) return null;
  return (
    <p className="role-suggestions">
      {matching.length === 1 ? 'A role matches your search:' : 'Roles match your search:'}
      {matching.map((role) => (
        <button key={role} type="button" className="button button--small" onClick={() => onPick(role)}>
          Show users in {role}
        </button>
      ))}
    </p>
  );
}
