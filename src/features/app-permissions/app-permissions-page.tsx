import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { appPermissionQueries, useSetAppPermission } from '../../api/access';
import { useUndoAuditEntry } from '../../api/audit';
import type { AppPermission } from '../../../contract/console';
import type { PermissionValue } from '../../../domain/permission';
import { ImpactDialog } from '../../ui/impact-dialog';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states';
import { UndoToast, type UndoNotice } from '../../ui/undo-toast';

/**
 * App-wide values per role: two-state, granted unless denied. A flow's inherited rows inherit them,
 * so a role denied here cannot start any flow that sets nothing for it.
 */
export function AppPermissionsPage() {
  const roles = useQuery(appPermissionQueries.list());
  const setPermission = useSetAppPermission();
  const undo = useUndoAuditEntry();
  const [proposal, setProposal] = useState<{ role: string; value: PermissionValue } | null>(null);
  const [notice, setNotice] = useState<UndoNotice | null>(null);
  const word = (value: PermissionValue) => (value === 'grant' ? 'granted' : 'denied');
  const confirm = () => {
    if (!proposal) return;
    const { role, value } = proposal;
    setProposal(null);
    setPermission.mutate(proposal, {
      onSuccess: ({ auditEntry }) =>
        setNotice({
          message: `${role}: ${word(value)} app-wide.`,
          ...(auditEntry
            ? {
                undo: () =>
                  undo.mutate(auditEntry, {
                    onSuccess: () =>
                      setNotice({ message: `${role}: ${word(value === 'grant' ? 'deny' : 'grant')} app-wide again (undone).` }),
                    onError: (error) => setNotice({ message: `Could not undo: ${error.message}` }),
                  }),
              }
            : {}),
        }),
    });
  };
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
          <RoleList
            title="System roles"
            roles={roles.data.items.filter((role) => role.kind === 'system')}
            onPropose={setProposal}
            error={setPermission.error?.message}
          />
          <RoleList
            title="Custom roles"
            roles={roles.data.items.filter((role) => role.kind === 'custom')}
            onPropose={setProposal}
            error={undefined}
          />
        </div>
      )}
      {/* Every app-wide change reaches every flow: it is previewed first, and named on its button. */}
      <ImpactDialog
        proposal={proposal && { kind: 'app-wide', role: proposal.role, value: proposal.value }}
        title={proposal ? `${proposal.value === 'deny' ? 'Deny' : 'Grant'} ${proposal.role} app-wide?` : ''}
        action={proposal?.value === 'grant' ? 'Grant app-wide' : 'Deny app-wide'}
        destructive={proposal?.value !== 'grant'}
        onConfirm={confirm}
        onCancel={() => setProposal(null)}
      />
      <UndoToast notice={notice} onDismiss={() => setNotice(null)} />
    </main>
  );
}

interface RoleListProps {
  title: string;
  roles: AppPermission[];
  onPropose: (proposal: { role: string; value: PermissionValue }) => void;
  error: string | undefined;
}

function RoleList({ title, roles, onPropose, error }: RoleListProps) {
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
                onClick={() => onPropose({ role: role.name, value: granted ? 'deny' : 'grant' })}
              >
                <span className="switch__thumb" />
              </button>
            </li>
          );
        })}
      </ul>
      {error !== undefined && (
        <p className="form__error" role="alert">
          Could not save: {error}. The list shows the saved values.
        </p>
      )}
    </section>
  );
}
