/** What the parts of the store share. */

/** A principal on a flow: one user account or one role. */
export type Principal = { kind: 'user'; id: string } | { kind: 'role'; name: string };

/** Roles are few and every decision names them: their keys and principals are made once. */
const MAX_KNOWN_ROLES = 10_000;
const roleKeys = new Map<string, string>();
const rolePrincipals = new Map<string, Principal>();

export function principalKey(principal: Principal): string {
  if (principal.kind === 'user') return `user:${principal.id}`;
  const known = roleKeys.get(principal.name);
  if (known !== undefined) return known;
  const key = `role:${principal.name}`;
  if (roleKeys.size < MAX_KNOWN_ROLES) roleKeys.set(principal.name, key);
  return key;
}

/** The role's principal, one object per role name (read-only: shared by every caller). */
export function rolePrincipal(name: string): Principal {
  const known = rolePrincipals.get(name);
  if (known !== undefined) return known;
  const principal: Principal = Object.freeze({ kind: 'role', name });
  if (rolePrincipals.size < MAX_KNOWN_ROLES) rolePrincipals.set(name, principal);
  return principal;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly offset: number;
}

export interface PageRequest {
  readonly search: string;
  readonly offset: number;
  readonly limit: number;
}

/** A unique name or a LIVE flow refused the change; the API answers 409. */
export class StoreConflictError extends Error {}
