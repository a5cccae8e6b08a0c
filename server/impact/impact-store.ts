import type { Channel } from '../../domain/caller';
import type { PermissionValue } from '../../domain/permission';
import type { FlowStatus } from '../../domain/flow';
import type { RoleSetCount } from '../directory/directory-store';

/** The permission state an impact preview computes on. */
export interface ImpactState {
  readonly flows: readonly { id: string; name: string; status: FlowStatus }[];
  /** flowId → principal key (`user:<id>`, `role:<name>`) → value. */
  readonly values: ReadonlyMap<string, ReadonlyMap<string, PermissionValue>>;
  /** Role → app-wide value; a role missing is granted. */
  readonly appWide: ReadonlyMap<string, PermissionValue>;
  /** The custom roles of the users asked for (those with values of their own, or in a proposed change). */
  readonly userRoles: ReadonlyMap<string, readonly string[]>;
}

/** Everything the counts of an impact preview read: the state and the users grouped by their custom roles. */
export interface ImpactData extends ImpactState {
  /** The users grouped by their custom roles (sorted): users of one group decide alike unless set one by one. */
  readonly groups: readonly RoleSetCount[];
}

/**
 * Which recorded attempts the replay looks at, and what sets them apart. Attempts decide alike when they
 * have the same flow, roles and deciding user, so the replay decides once per such class:
 *   - a flow with values of its own, or one of `flows`, is its own; every other flow has no values and
 *     decides like any such flow (the class's flowId is null);
 *   - a user with a value of their own on the flow, or one of `users`, decides on their own; every other
 *     caller decides by roles alone (the class's userId is null).
 */
export interface ReplayScope {
  /** ISO time: attempts at or after it. */
  readonly since: string;
  readonly flows: readonly string[];
  readonly users: readonly string[];
}

/** Attempts of one class (see ReplayScope), counted. */
export interface ReplayClass {
  readonly flowId: string | null;
  /** As recorded: custom roles, then system roles. */
  readonly roles: readonly string[];
  readonly userId: string | null;
  readonly byName: boolean;
  readonly attempts: number;
  /** Those whose flow was LIVE (started or denied). */
  readonly live: number;
  readonly started: number;
}

/** A class the proposal refuses: its live attempts, or only those that started (a flow deleted or renamed). */
export interface RefusedClass {
  readonly flowId: string | null;
  readonly roles: readonly string[];
  readonly userId: string | null;
  readonly byName: boolean;
  readonly startedOnly: boolean;
}

/** The attempts of one caller on one flow the same way, counted together: the latest time and how many. */
export interface RefusedAttempts {
  readonly at: string;
  readonly attempts: number;
  readonly flowId: string;
  /** The user's name or email; null for a caller with nobody logged in. */
  readonly caller: string | null;
  readonly channel: Channel;
  readonly byName: boolean;
}

/** The impact preview's part of the store: set-based reads, so its cost does not grow with each user or attempt. */
export interface ImpactStore {
  /** `userIds` adds those users' roles to the users with values of their own. */
  impactState(userIds: readonly string[]): Promise<ImpactState>;
  /** The scope's attempts by class, in no particular order. */
  replayClasses(scope: ReplayScope): Promise<readonly ReplayClass[]>;
  /**
   * The attempts of the refused classes: how many, how many distinct callers (a user, or nobody logged
   * in on one channel), and the latest `limit` groups of them, latest first.
   */
  replayRefused(
    scope: ReplayScope,
    refused: readonly RefusedClass[],
    limit: number,
  ): Promise<{ refused: number; callers: number; items: readonly RefusedAttempts[] }>;
  /** Attempts since `since` that named the flow: how many, and the callers who made the most. */
  byNameCallers(
    since: string,
    flowId: string,
    limit: number,
  ): Promise<{ attempts: number; callers: { caller: string | null; attempts: number }[] }>;
}

export const rolesKey = (roles: readonly string[]) => [...roles].sort().join('\n');
