import type { CustomRoleBody, UserAccount } from '../../contract/manage';
import { isSystemRole } from '../../domain/roles';
import { badRequest, conflict, ErrorCode, notFound, onStoreConflict } from '../http/errors';
import type { Auditor } from '../audit/auditor';
import type { Page, PageRequest } from '../store/types';
import type { CustomRole, DirectoryStore, User } from './directory-store';

export const userNotFound = () => notFound(ErrorCode.userNotFound, 'User not found');
const roleNotFound = (message = 'Role not found') => notFound(ErrorCode.roleNotFound, message);

/** The user, or 404. */
export async function requireUser(store: Pick<DirectoryStore, 'getUser'>, userId: string): Promise<User> {
  const user = await store.getUser(userId);
  if (!user) throw userNotFound();
  return user;
}

const accountOf = (user: User): UserAccount => ({ id: user.id, name: user.name, email: user.email, roles: [...user.roles] });

/** Users and custom roles: which roles exist, and who holds them. */
export function createDirectoryService({ store, auditor }: { store: DirectoryStore; auditor: Auditor }) {
  return {
    async customRoles(): Promise<CustomRoleBody[]> {
      const [roles, counts] = await Promise.all([store.listCustomRoles(), store.countUsersByRole()]);
      return roles.map((role) => ({ name: role.name, description: role.description, userCount: counts.get(role.name) ?? 0 }));
    },
    async createRole(role: CustomRole, by: string): Promise<CustomRoleBody> {
      if (isSystemRole(role.name)) throw conflict(ErrorCode.roleNameTaken, `"${role.name}" is a system role`);
      const taken = (name: string) => name.toLowerCase() === role.name.toLowerCase();
      if ((await store.listCustomRoles()).some((other) => taken(other.name))) {
        throw conflict(ErrorCode.roleNameTaken, `A role named "${role.name}" already exists`);
      }
      await auditor
        .run(
          (tx) => tx.createCustomRole(role),
          (created) => [
            { kind: 'role.create', by, principal: { kind: 'role', id: created.name, name: created.name }, after: created.name },
          ],
        )
        .catch(onStoreConflict(ErrorCode.roleNameTaken));
      return { ...role, userCount: 0 };
    },
    async deleteRole(name: string, by: string): Promise<void> {
      if (isSystemRole(name)) throw badRequest('System roles cannot be deleted');
      const { result } = await auditor.run(
        (tx) => tx.deleteCustomRole(name),
        (deleted) => (deleted ? [{ kind: 'role.delete', by, principal: { kind: 'role', id: name, name }, before: name }] : []),
      );
      if (!result) throw roleNotFound();
    },
    async users(page: PageRequest): Promise<Page<UserAccount>> {
      const { items, total, offset } = await store.listUsers(page);
      return { items: items.map(accountOf), total, offset };
    },
    async setUserRoles(userId: string, roles: readonly string[], by: string) {
      const user = await requireUser(store, userId);
      const known = new Set((await store.listCustomRoles()).map((role) => role.name));
      const unknown = roles.find((role) => !known.has(role));
      if (unknown !== undefined) throw roleNotFound(`No custom role is named "${unknown}"`);
      const { result, entries } = await auditor.run(
        async (tx) => {
          const before = await tx.getUser(user.id);
          const after = await tx.setUserRoles(user.id, [...new Set(roles)]);
          return before && after && { before, after };
        },
        (change) =>
          change && change.before.roles.join(',') !== change.after.roles.join(',')
            ? [
                {
                  kind: 'role.membership',
                  by,
                  principal: { kind: 'user', id: change.after.id, name: change.after.name || change.after.email },
                  before: change.before.roles.join(', '),
                  after: change.after.roles.join(', '),
                },
              ]
            : [],
      );
      if (!result) throw userNotFound();
      return { account: accountOf(result.after), entries };
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
