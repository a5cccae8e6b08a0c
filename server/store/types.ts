import type { Activation } from '../../contract/access';
import type { Flow } from '../../contract/console';
import type { FlowStatus } from '../../domain/flow';
import type { LoginMethod } from '../../domain/caller';
import type { PermissionValue } from '../../domain/permission';

export type { Activation, Flow, FlowStatus };

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

export interface NewUser {
  readonly email: string;
  readonly name: string | null;
  /** From the injected PasswordHasher; the store never sees a password. */
  readonly passwordHash: string;
}

export interface Credentials {
  readonly user: User;
  readonly passwordHash: string;
}

/** A logged-in user-token. Only a hash of the token is kept (`hashToken`), so a copy of the data signs nobody in. */
export interface Session {
  readonly tokenHash: string;
  readonly userId: string;
  readonly login: LoginMethod;
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601: from then on the token is refused. */
  readonly expiresAt: string;
}

/** One sign-in attempt (console or runtime), recorded before the password is checked. */
export interface LoginAttempt {
  readonly id: string;
  /** ISO 8601. */
  readonly at: string;
}

export class StoreConflictError extends Error {}

/** The version of one principal's explicit value on a flow, and its last change through the console API. */
export interface ValueVersion {
  /** 0 until the value is first changed through the API; +1 at every change. */
  readonly version: number;
  /** Who made the last change (an administrator's email), and when (ISO 8601). */
  readonly by: string;
  readonly at: string;
  /** The client's id of the write that made it, if it sent one. */
  readonly writeId: string | null;
}

/** One change of an explicit value: the History of a flow. */
export interface PermissionChange {
  readonly id: string;
  readonly flowId: string;
  readonly principal: Principal;
  /** The principal's name when it changed (a user's name or email, a role's name). */
  readonly principalName: string;
  readonly from: PermissionValue | null;
  readonly to: PermissionValue | null;
  readonly by: string;
  /** ISO 8601. */
  readonly at: string;
  /** The value's version after this change. */
  readonly version: number;
  readonly writeId: string | null;
}

/** Who writes a value, and the conditions of the write. */
export interface ValueWrite {
  readonly by: string;
  /** ISO 8601. */
  readonly at: string;
  readonly principalName: string;
  /** Refuse the write (`conflict`) unless the value's version is this one (HTTP If-Match). */
  readonly expectedVersion?: number;
  /** The client's id of the write (Idempotency-Key): a write already applied is not applied again. */
  readonly writeId?: string;
}

/**
 * What `setValue` did: `written` (a change, recorded in the history), `unchanged` (the value already was
 * the target: no change), `duplicate` (this write id was applied before: nothing done), `conflict` (the
 * version was not the expected one: nothing done), `missing` (no custom role has the name, e.g. deleted
 * meanwhile: nothing done).
 */
export type WriteOutcome = 'written' | 'unchanged' | 'duplicate' | 'conflict' | 'missing';

/**
 * Where the backend keeps its data. The memory store implements it for the demo and tests;
 * a PostgreSQL store implements the same contract for the real server.
 */
export interface Store {
  listFlows(page: PageRequest): Promise<Page<Flow>>;
  getFlow(flowId: string): Promise<Flow | undefined>;
  /** Throws StoreConflictError when another flow has the name. */
  renameFlow(flowId: string, name: string): Promise<Flow | undefined>;
  /**
   * False when no flow has the id. Throws StoreConflictError when the flow is LIVE, checked in the same
   * step as the delete: a flow that turns LIVE meanwhile is never deleted.
   */
  /**
   * False when no flow has the id. Throws StoreConflictError when the flow is LIVE, checked in the same
   * step as the delete: a flow that turns LIVE meanwhile is never deleted.
   */
  deleteFlow(flowId: string): Promise<boolean>;
  /** Exact name. */
  findFlowByName(name: string): Promise<Flow | undefined>;
  /** Adds the flow at the end of the list. Throws StoreConflictError when another flow has the name. */
  createFlow(flow: Flow): Promise<Flow>;
  setFlowStatus(flowId: string, status: FlowStatus): Promise<Flow | undefined>;

  listUsers(page: PageRequest): Promise<Page<User>>;
  /** The users with an explicit value on the flow that match `search`, in the order of `listUsers`. */
  listUsersWithValues(flowId: string, page: PageRequest): Promise<Page<User>>;
  getUser(userId: string): Promise<User | undefined>;
  listCustomRoles(): Promise<readonly CustomRole[]>;
  /** Adds the role at the end of the list. Throws StoreConflictError when a custom role has the name. */
  createCustomRole(role: CustomRole): Promise<CustomRole>;
  /** Also takes the role from its users and forgets its explicit values (with their versions), on flows and app-wide. */
  deleteCustomRole(name: string): Promise<boolean>;
  /** Replaces the user's custom roles (all known: the caller checks), kept in the order of `listCustomRoles`. */
  setUserRoles(userId: string, roles: readonly string[]): Promise<User | undefined>;
  /** Custom role name → how many users hold it (roles nobody holds may be missing). */
  countUsersByRole(): Promise<Map<string, number>>;

  /** Throws StoreConflictError when a user has the email (compared case-insensitively). */
  createUser(user: NewUser): Promise<User>;
  /** By email, compared case-insensitively. */
  findCredentials(email: string): Promise<Credentials | undefined>;
  /** Also forgets sessions that expired before this one began. */
  createSession(session: Session): Promise<void>;
  /** By the token's hash; the caller checks `expiresAt`. */
  getSession(tokenHash: string): Promise<Session | undefined>;
  deleteSession(tokenHash: string): Promise<void>;

  /** Sign-in attempts per key (`console:<email>`, `app:<email>`), for rate limits. */
  recordLoginAttempt(key: string, attempt: LoginAttempt): Promise<void>;
  /** Attempts for `key` at or after `since`, oldest first. */
  listLoginAttempts(key: string, since: Date): Promise<LoginAttempt[]>;
  deleteLoginAttempt(key: string, id: string): Promise<void>;
  clearLoginAttempts(key: string): Promise<void>;

  /** Explicit values on one flow, for the given principals only. */
  getValues(flowId: string, principals: readonly Principal[]): Promise<Map<string, PermissionValue>>;
  /** How many users have an explicit grant and an explicit deny on one flow. */
  countUserValues(flowId: string): Promise<{ grant: number; deny: number }>;
  /**
   * Sets one explicit value, atomically: the write id, role and version checks and the change (with its
   * history entry and new version) happen together or not at all. A write id is recognised however many
   * changes came after it on the flow (a store may forget very old ones).
   */
  setValue(flowId: string, principal: Principal, value: PermissionValue | null, write: ValueWrite): Promise<WriteOutcome>;
  /** Versions on one flow, for the given principals; a principal never changed through the API is missing (version 0). */
  getVersions(flowId: string, principals: readonly Principal[]): Promise<Map<string, ValueVersion>>;
  /** The changes of values on one flow, newest first; a store may keep only the latest ones per flow. */
  listHistory(flowId: string, page: { offset: number; limit: number }): Promise<Page<PermissionChange>>;
  /** App-wide values per role (two-state); a role missing from the map is granted. */
  getAppWideValues(): Promise<Map<string, PermissionValue>>;
  setAppWideValue(role: string, value: PermissionValue): Promise<void>;

  /** Every activation attempt on a known flow; a store may keep only the latest ones per flow. */
  recordActivation(activation: Activation): Promise<void>;
  /** Newest first. */
  listActivations(flowId: string, page: { offset: number; limit: number }): Promise<Page<Activation>>;
}

export function principalKey(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.id}` : `role:${principal.name}`;
}
