import { useQuery } from '@tanstack/react-query';
import { useLiveChange } from '../../api/live-changes';
import { permissionQueries, useSetRolePermission, useWriteState } from '../../api/permissions';
import type { RolePermission } from '../../../contract/console';
import { useState } from 'react';
import { SearchField } from '../../ui/search-field';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states';
import { PermissionToggle } from './permission-toggle';
import { useRowSave } from './use-row-save';

export function RolesTab({ flowId }: { flowId: string }) {
  const roles = useQuery(permissionQueries.roles(flowId));
  const [search, setSearch] = useState('');

  if (roles.isPending) return <SkeletonRows count={8} label="Loading roles" />;
  if (roles.isError) {
    return (
      <ErrorState
        title="Could not load roles"
        message={roles.error.summary}
        details={roles.error.details}
        onRetry={() => void roles.refetch()}
      />
    );
  }

  const needle = search.trim().toLowerCase();
  const shown = needle
    ? roles.data.items.filter((role) => `${role.name} ${role.description}`.toLowerCase().includes(needle))
    : roles.data.items;
  const system = shown.filter((role) => role.kind === 'system');
  const custom = shown.filter((role) => role.kind === 'custom');
  return (
    <div className="tab-panel">
      <div className="toolbar">
        <SearchField label="Search roles" placeholder="Search roles by name" value={search} onChange={setSearch} wide />
        <span className="toolbar__count" aria-live="polite">
          {needle ? `${shown.length} of ${roles.data.items.length} roles` : ''}
        </span>
      </div>
      <div className="rows rows--scroll">
        {/* Custom roles first: they are the ones administrators change. */}
        {custom.length > 0 ? (
          <RoleGroup title="Custom roles" flowId={flowId} roles={custom} />
        ) : needle ? null : (
          <EmptyState title="No custom roles">Roles your developers create appear here.</EmptyState>
        )}
        {system.length > 0 && <RoleGroup title="System roles" flowId={flowId} roles={system} />}
        {needle && shown.length === 0 && <EmptyState title={`No role matches "${search.trim()}"`} />}
      </div>
    </div>
  );
}

function RoleGroup({ title, flowId, roles }: { title: string; flowId: string; roles: RolePermission[] }) {
  return (
    <section className="role-group" aria-label={title}>
      <h3 className="role-group__title">{title}</h3>
      <ul className="role-group__list">
        {roles.map((role) => (
          <RoleRow key={role.name} flowId={flowId} role={role} />
        ))}
      </ul>
    </section>
  );
}

function RoleRow({ flowId, role }: { flowId: string; role: RolePermission }) {
  const { cycle, choose } = useRowSave(flowId, `role:${role.name}`, role.name, role, useSetRolePermission(flowId, role.name));
  const writeState = useWriteState(flowId, 'role', role.name);
  const liveChange = useLiveChange(flowId, `role:${role.name}`);
  return (
    <li className="row">
      <div className="row__text">
        <span className="row__name">{role.name}</span>
        <span className="row__description">
          {role.kind === 'system' && <span className="chip chip--system">system</span>}
          {role.description}
          {role.userCount != null && (
            <span className="row__count">
              · {role.userCount.toLocaleString('en-US')} {role.userCount === 1 ? 'user' : 'users'}
            </span>
          )}
        </span>
      </div>
      <PermissionToggle
        principal={role.name}
        value={role.value}
        inherited={role.inherited}
        writeState={writeState}
        onCycle={cycle}
        onChoose={choose}
        liveChange={liveChange}
      />
    </li>
  );
}
