import { useQuery } from '@tanstack/react-query';
import { permissionQueries, useSetRolePermission } from '../../api/permissions';
import type { RolePermission } from '../../api/schemas';
import { stateLabel, type ExplicitValue } from '../../domain/permission';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states';
import { useFeedback } from './feedback';
import { PermissionToggle } from './permission-toggle';

export function RolesTab({ flowId }: { flowId: string }) {
  const roles = useQuery(permissionQueries.roles(flowId));
  const setPermission = useSetRolePermission(flowId);
  const { announce, fail } = useFeedback();

  if (roles.isPending) return <SkeletonRows count={8} label="Loading roles" />;
  if (roles.isError) {
    return <ErrorState title="Could not load roles" message={roles.error.message} onRetry={() => void roles.refetch()} />;
  }

  const change = (role: RolePermission, value: ExplicitValue) => {
    announce(`${role.name}: ${stateLabel(value, role.inherited.value)}`);
    setPermission.mutate(
      { role: role.name, value },
      { onError: (error) => fail(`Could not save ${role.name}: ${error.message}. The row shows the saved value.`) },
    );
  };
  const system = roles.data.items.filter((role) => role.kind === 'system');
  const custom = roles.data.items.filter((role) => role.kind === 'custom');

  return (
    <div className="tab-panel rows rows--scroll">
      <RoleGroup title="System roles" roles={system} onChange={change} />
      {custom.length > 0 ? (
        <RoleGroup title="Custom roles" roles={custom} onChange={change} />
      ) : (
        <EmptyState title="No custom roles">Roles your developers create appear here.</EmptyState>
      )}
    </div>
  );
}

interface RoleGroupProps {
  title: string;
  roles: RolePermission[];
  onChange: (role: RolePermission, value: ExplicitValue) => void;
}

function RoleGroup({ title, roles, onChange }: RoleGroupProps) {
  return (
    <section className="role-group" aria-label={title}>
      <h3 className="role-group__title">{title}</h3>
      <ul className="role-group__list">
        {roles.map((role) => (
          <li className="row" key={role.name}>
            <div className="row__text">
              <span className="row__name">{role.name}</span>
              <span className="row__description">
                {role.kind === 'system' && <span className="chip chip--system">system</span>}
                {role.description}
              </span>
            </div>
            <PermissionToggle
              principal={role.name}
              value={role.value}
              inherited={role.inherited}
              onChange={(value) => onChange(role, value)}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
