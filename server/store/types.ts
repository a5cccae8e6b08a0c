import type { Flow, FlowStatus } from '../../src/api/schemas';
import type { PermissionValue } from '../../src/domain/permission';

export type { Flow, FlowStatus };

export interface User {
  readonly id: string;
  readonly name: string | null;
  readonly email: string;
  readonly roles: readonly string[];
}

export interface CustomRole {
  readonly name: string;
  readonly description: string;
}

/** A principal on a flow: one user account or one role. */
export type Principal = { kind: 'user'; id: string } | { kind: 'role'; name: string };

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

export class StoreConflictError extends Error {}

/**
 * Where the backend keeps its data. The memory store implements it for the demo and tests;
 * a PostgreSQL store implements the same contract for the real server.
 */
export interface Store {
  listFlows(page: PageRequest): Promise<Page<Flow>>;
  getFlow(flowId: string): Promise<Flow | undefined>;
  /** Throws StoreConflictError when another flow has the name. */
  renameFlow(flowId: string, name: string): Promise<Flow | undefined>;
  deleteFlow(flowId: string): Promise<boolean>;

  listUsers(page: PageRequest): Promise<Page<User>>;
  getUser(userId: string): Promise<User | undefined>;
  listCustomRoles(): Promise<readonly CustomRole[]>;

  /** Explicit values on one flow, for the given principals only. */
  getValues(flowId: string, principals: readonly Principal[]): Promise<Map<string, PermissionValue>>;
  setValue(flowId: string, principal: Principal, value: PermissionValue | null): Promise<void>;
  /** App-wide values per role (two-state); a role missing from the map is granted. */
  getAppWideValues(): Promise<Map<string, PermissionValue>>;
}

export function principalKey(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.id}` : `role:${principal.name}`;
}
