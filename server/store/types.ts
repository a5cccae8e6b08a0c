/** What the parts of the store share. */

/** A principal on a flow: one user account or one role. */
export type Principal = { kind: 'user'; id: string } | { kind: 'role'; name: string };

export function principalKey(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.id}` : `role:${principal.name}`;
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
