import { SYSTEM_ROLES } from '../../domain/roles';
import type { DirectoryStore } from './directory-store';

export interface RoleEntry {
  readonly name: string;
  readonly kind: 'system' | 'custom';
  readonly description: string;
}

/** Every role a value can be set on: the system roles, then the custom roles in their order. */
export async function allRoles(store: Pick<DirectoryStore, 'listCustomRoles'>): Promise<RoleEntry[]> {
  const custom = await store.listCustomRoles();
  return [
    ...SYSTEM_ROLES.map((role): RoleEntry => ({ name: role.name, kind: 'system', description: role.description })),
    ...custom.map((role): RoleEntry => ({ name: role.name, kind: 'custom', description: role.description })),
  ];
}

export async function isKnownRole(store: Pick<DirectoryStore, 'listCustomRoles'>, name: string): Promise<boolean> {
  return (await allRoles(store)).some((role) => role.name === name);
}
