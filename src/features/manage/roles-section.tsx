import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { manageQueries, useCreateRole, useDeleteRole } from '../../api/manage';
import { createRoleSchema, type CustomRoleBody } from '../../../contract/manage';
import type { ImpactRequest } from '../../../contract/impact-request';
import { ImpactDialog } from '../../ui/impact-dialog';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/states';

export function RolesSection() {
  const roles = useQuery(manageQueries.roles());
  return (
    <section className="panel manage-section" aria-labelledby="manage-roles">
      <h2 id="manage-roles" className="manage-section__title">
        Custom roles
      </h2>
      <NewRoleForm />
      {roles.isPending ? (
        <SkeletonRows count={4} label="Loading roles" />
      ) : roles.isError ? (
        <ErrorState title="Could not load roles" message={roles.error.message} onRetry={() => void roles.refetch()} />
      ) : roles.data.items.length === 0 ? (
        <EmptyState title="No custom roles yet" />
      ) : (
        <ul className="manage-list">
          {roles.data.items.map((role) => (
            <RoleRow key={role.name} role={role} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RoleRow({ role }: { role: CustomRoleBody }) {
  const [proposal, setProposal] = useState<ImpactRequest | null>(null);
  const remove = useDeleteRole();
  const users = `${role.userCount} ${role.userCount === 1 ? 'user' : 'users'}`;
  return (
    <li className="row">
      <div className="row__text">
        <span className="row__name">{role.name}</span>
        <span className="row__description">
          {role.description ? `${role.description} · ` : ''}
          {users}
        </span>
        {remove.isError && (
          <span className="form__error" role="alert">
            Could not delete: {remove.error.message}
          </span>
        )}
      </div>
      <button
        type="button"
        className="button button--small button--danger-outline"
        disabled={remove.isPending}
        onClick={() => setProposal({ kind: 'role-delete', role: role.name })}
      >
        {remove.isPending ? 'Deleting…' : `Delete ${role.name}`}
      </button>
      {/* Deleting a role takes it from its users and forgets its values on every flow: previewed first. */}
      <ImpactDialog
        proposal={proposal}
        title={`Delete the role ${role.name}?`}
        action="Delete role"
        onConfirm={() => {
          setProposal(null);
          remove.mutate(role.name);
        }}
        onCancel={() => setProposal(null)}
      />
    </li>
  );
}

function NewRoleForm() {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = useCreateRole();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = createRoleSchema.safeParse({ name, description });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? 'Check the role');
    setError(null);
    create.mutate(parsed.data, {
      onSuccess: () => {
        setName('');
        setDescription('');
      },
      onError: (failure) => setError(failure.message),
    });
  };

  return (
    <form className="form manage-form" onSubmit={submit} noValidate aria-label="New role">
      <div className="manage-form__fields">
        <label className="field">
          <span className="form__label">Role name</span>
          <input className="input" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="field">
          <span className="form__label">Role description</span>
          <input className="input" value={description} onChange={(event) => setDescription(event.target.value)} />
        </label>
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create role'}
        </button>
      </div>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
