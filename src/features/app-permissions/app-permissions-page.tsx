import { useQuery } from '@tanstack/react-query';
import { appPermissionQueries, useSetAppPermission } from '../../api/access';
import type { AppPermission } from '../../../contract/console';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states';

/**
 * App-wide values per role: two-state, granted unless denied. A flow's inherited rows inherit them,
 * so a role denied here cannot start any flow that sets nothing for it.
 */
export function AppPermissionsPage() {
  const roles = useQuery(appPermissionQueries.list());
  return (
    <main className="page">
      <header className="page__header">
        <div>
          <h1 className="page__title">App-wide permissions</h1>
          <p className="page__subtitle">
            Who may start flows across the app. A flow inherits these values wherever it sets nothing itself.
          </p>
        </div>
      </header>
      {roles.isPending ? (
        <SkeletonRows count={8} label="Loading roles" />
      ) : roles.isError ? (
        <ErrorState
          title="Could not load app-wide permissions"
          message={roles.error.message}
          onRetry={() => void roles.refetch()}
        />
      ) : roles.data.items.length === 0 ? (
        <EmptyState title="No roles" />
      ) : (
        <div className="rows panel">
          <RoleList title="System roles" roles={roles.data.items.filter((role) => role.kind === 'system')} />
          <RoleList title="Custom roles" roles={roles.data.items.filter((role) => role.kind === 'custom')} />
        </div>
      )}
    </main>
  );
}

function RoleList({ title, roles }: { title: string; roles: AppPermission[] }) {
  const setPermission = useSetAppPermission();
  if (roles.length === 0) return null;
  return (
    <section className="role-group" aria-label={title}>
      <h2 className="role-group__title">{title}</h2>
      <ul className="role-group__list">
        {roles.map((role) => {
          const granted = role.value === 'grant';
          return (
            <li className="row" key={role.name}>
              <div className="row__text">
                <span className="row__name">{role.name}</span>
                <span className="row__description">{role.description}</span>
              </div>
              <span className={`switch__label switch__label--${role.value}`} aria-hidden="true">
                {granted ? 'Granted' : 'Denied'}
              </span>
              <button
                type="button"
                role="switch"
                className="switch"
                aria-checked={granted}
                aria-label={`${role.name} may start flows`}
                onClick={() => setPermission.mutate({ role: role.name, value: granted ? 'deny' : 'grant' })}
              >
                <span className="switch__thumb" />
              </button>
            </li>
          );
        })}
      </ul>
      {setPermission.isError && (
        <p className="form__error" role="alert">
          Could not save: {setPermission.error.message}. The list shows the saved values.
        </p>
      )}
    </section>
  );
}
