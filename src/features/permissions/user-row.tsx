import { memo } from 'react';
import { useLiveChange } from '../../api/live-changes';
import { useSetUserPermission, useUserRowFetch, useUserRowValue, useWriteState } from '../../api/permissions';
import type { UserPermission } from '../../../contract/console';
import { PermissionToggle } from './permission-toggle';
import { useRowSave } from './use-row-save';

export const displayName = (user: Pick<UserPermission, 'name' | 'email'>) => user.name || user.email;

/** Up to two initials, from letters only: a name full of markup or emoji still gets a clean avatar. */
function initials(text: string): string {
  const letters = text
    .split(/[\s.@]+/)
    .map((part) => part.match(/\p{L}/u)?.[0])
    .filter((letter): letter is string => letter !== undefined)
    .slice(0, 2);
  return letters.join('').toUpperCase() || '?';
}

interface UserRowProps {
  flowId: string;
  userId: string;
  selected?: boolean;
  /** Ticks or unticks the row; `range` (shift held) ticks every row from the last one ticked. */
  onSelect?: (userId: string, range: boolean) => void;
}

/** Fetches the row when no list has written it; it renders once (see useUserRowFetch). */
const RowFetch = memo(function RowFetch({ flowId, userId }: { flowId: string; userId: string }) {
  useUserRowFetch(flowId, userId);
  return null;
});

/** The row's tick box: its props change only with the selection, so a click on the icon leaves it be. */
const RowSelect = memo(function RowSelect({
  userId,
  name,
  selected,
  onSelect,
}: {
  userId: string;
  name: string;
  selected: boolean;
  onSelect: (userId: string, range: boolean) => void;
}) {
  return (
    <input
      type="checkbox"
      className="row__select"
      aria-label={`Select ${name}`}
      checked={selected}
      onChange={() => {}}
      onClick={(event) => onSelect(userId, event.shiftKey)}
    />
  );
});

/** One user's row; it reads only its own cache entry, so a click re-renders this row alone. */
export const UserRow = memo(function UserRow({ flowId, userId, selected = false, onSelect }: UserRowProps) {
  const user = useUserRowValue(flowId, userId);
  const name = user ? displayName(user) : '';
  const { cycle, choose } = useRowSave(flowId, `user:${userId}`, name, user, useSetUserPermission(flowId, userId));
  const writeState = useWriteState(flowId, 'user', userId);
  const liveChange = useLiveChange(flowId, `user:${userId}`);
  const fetch = <RowFetch flowId={flowId} userId={userId} />;
  if (!user)
    return (
      <>
        {fetch}
        <div className="row row--placeholder" aria-hidden="true" />
      </>
    );

  return (
    <>
      {fetch}
      {onSelect && <RowSelect userId={userId} name={name} selected={selected} onSelect={onSelect} />}
      <span className="avatar" aria-hidden="true">
        {initials(name)}
      </span>
      <div className="row__text">
        <span className="row__name" dir="auto">
          {name}
        </span>
        <span className="row__description">
          {user.name ? (
            <span className="row__email" dir="auto">
              {user.email}
            </span>
          ) : null}
          {user.roles.map((role) => (
            <span className="chip" key={role}>
              {role}
            </span>
          ))}
        </span>
      </div>
      <PermissionToggle
        principal={name}
        value={user.value}
        inherited={user.inherited}
        writeState={writeState}
        onCycle={cycle}
        onChoose={choose}
        liveChange={liveChange}
      />
    </>
  );
});
