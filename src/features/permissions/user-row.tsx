import { useQuery } from '@tanstack/react-query';
import { memo } from 'react';
import { permissionQueries, useSetUserPermission } from '../../api/permissions';
import type { UserPermission } from '../../api/schemas';
import { stateLabel, type ExplicitValue } from '../../domain/permission';
import { useFeedback } from './feedback';
import { PermissionToggle } from './permission-toggle';
import { useExposureGuard } from './use-exposure-guard';

export const displayName = (user: Pick<UserPermission, 'name' | 'email'>) => user.name || user.email;

function initials(text: string): string {
  const letters = text
    .split(/[\s.@]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => [...part][0]?.toUpperCase() ?? '');
  return letters.join('');
}

/** One user's row; it reads only its own cache entry, so a click re-renders this row alone. */
export const UserRow = memo(function UserRow({ flowId, userId }: { flowId: string; userId: string }) {
  const { data: user } = useQuery(permissionQueries.user(flowId, userId));
  const setPermission = useSetUserPermission(flowId, userId);
  const { announce, fail, notify } = useFeedback();
  const guard = useExposureGuard(flowId);
  if (!user) return <div className="row row--placeholder" aria-hidden="true" />;

  const name = displayName(user);
  const save = (value: ExplicitValue) => {
    const label = `${name}: ${stateLabel(value, user.inherited.value)}`;
    const previous = user.value;
    announce(label);
    setPermission.mutate(value, {
      onSuccess: () => void guard(() => save(previous)),
      onError: (error) => fail(`Could not save ${name}: ${error.message}. The row shows the saved value.`),
    });
    return label;
  };
  const change = (value: ExplicitValue) => {
    const previous = user.value;
    notify({ message: save(value), undo: () => save(previous) });
  };

  return (
    <>
      <span className="avatar" aria-hidden="true">
        {initials(name)}
      </span>
      <div className="row__text">
        <span className="row__name">{name}</span>
        <span className="row__description">
          {user.name ? <span className="row__email">{user.email}</span> : null}
          {user.roles.map((role) => (
            <span className="chip" key={role}>
              {role}
            </span>
          ))}
        </span>
      </div>
      <PermissionToggle principal={name} value={user.value} inherited={user.inherited} onChange={change} />
    </>
  );
});
