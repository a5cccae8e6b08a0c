import type { AuditEntry } from '../../contract/audit';
import type { PermissionValue } from '../../domain/permission';
import type { RoleSetCount, User } from '../directory/directory-store';
import type { Page, PageRequest, Principal } from '../store/types';

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
  /** The batch write (change set) this change was part of; `null` for a single write. */
  readonly changeSetId: string | null;
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
 * meanwhile: nothing done), `reused` (this write id was applied before with another value: nothing done).
 */
export type WriteOutcome = 'written' | 'unchanged' | 'duplicate' | 'conflict' | 'missing' | 'reused';

/** What a row is made of, read together: see `PermissionStore.getRowState`. */
export interface RowState {
  readonly values: Map<string, PermissionValue>;
  readonly versions: Map<string, ValueVersion>;
  readonly appWide: ReadonlyMap<string, PermissionValue>;
}

/** One write of a user's explicit value on a flow, as `setUserValues` takes it. */
export interface UserValueWrite {
  readonly flowId: string;
  readonly userId: string;
  readonly value: PermissionValue | null;
  readonly by: string;
  /** ISO 8601. */
  readonly at: string;
  /** Refuse the write (`conflict`) unless the value's version is this one (HTTP If-Match). */
  readonly expectedVersion?: number;
  /** The client's id of the write (Idempotency-Key): a write already applied is not applied again. */
  readonly writeId?: string;
  /**
   * Its audit entry, recorded when the outcome is `written`. The store fills in the flow's and the
   * user's names (read with the write) and `before`.
   */
  readonly entry: AuditEntry;
}

/**
 * What became of one write of `setUserValues`: no such flow, no such user, an error that undid this
 * write alone, or `setValue`'s outcome with the user, the audit entry as recorded (when `written`)
 * and what the user's row is made of right after the write: the user's value and version, the
 * values of (at least) the user's roles and AuthenticatedUser on the flow, the app-wide values.
 */
export type UserValueResult =
  | { readonly outcome: 'noFlow' | 'noUser' }
  | { readonly outcome: 'failed'; readonly message: string }
  | { readonly outcome: WriteOutcome; readonly user: User; readonly entry: AuditEntry; readonly state: RowState };

/** A flow's users list: the search, filters and order (see `userPageQuerySchema`), and the page. */
export interface FlowUserQuery extends PageRequest {
  /** Just the users who hold this custom role. */
  readonly role?: string;
  /** Just the users with an explicit value on the flow. */
  readonly only?: 'explicit';
  /**
   * `name`: by the lower-cased name (the email when there is none), then directory order; `state`: the
   * users with an explicit deny, then grant, then the rest, each by name. Otherwise directory order.
   */
  readonly sort?: 'name' | 'state';
}

/** One change of a batch write: the target value of one principal on one flow. */
export interface BatchChange {
  readonly flowId: string;
  readonly principal: Principal;
  readonly value: PermissionValue | null;
  /** Refuse the whole batch unless the value's version is this one. */
  readonly expectedVersion?: number;
}

/** An app-wide value a batch sets along with its changes (a permissions document's `appWide`). */
export interface AppWideChange {
  readonly role: string;
  readonly value: PermissionValue;
  /** Refuse the whole batch unless the role holds this value app-wide now (an Undo's check). */
  readonly expected?: PermissionValue;
}

/** Who makes a batch write, when, and the id its changes share in the history. */
export interface BatchWrite {
  readonly by: string;
  /** ISO 8601. */
  readonly at: string;
  readonly changeSetId: string;
}

/** A value as a batch write leaves it, or as it stands when the batch was refused. */
export interface BatchRow {
  readonly flowId: string;
  readonly principal: Principal;
  readonly value: PermissionValue | null;
  readonly version: number;
  /** The value's last change through the API; `null` when it never changed there. */
  readonly changed: Omit<ValueVersion, 'version'> | null;
}

/**
 * What `applyBatch` did: `applied` (every change, in order; a change to the value a row already had is
 * no change and leaves no history), `conflict` (some versions were not the expected ones: nothing done;
 * those rows as they stand) or `unknown` (flows, users or custom roles that do not exist: nothing done).
 */
export type BatchOutcome =
  | { readonly outcome: 'applied'; readonly rows: readonly BatchRow[] }
  | { readonly outcome: 'conflict'; readonly conflicts: readonly BatchRow[] }
  | {
      readonly outcome: 'unknown';
      readonly flows: readonly string[];
      readonly users: readonly string[];
      readonly roles: readonly string[];
    };

/** Explicit values per flow (with their versions and history), and app-wide values per role. */
export interface PermissionStore {
  /** The users of a flow's users list, filtered and ordered as `query` says. */
  listFlowUsers(flowId: string, query: FlowUserQuery): Promise<Page<User>>;
  /** The users with an explicit value on the flow that match `search`, in the order of `listUsers`. */
  listUsersWithValues(flowId: string, page: PageRequest): Promise<Page<User>>;
  /** Explicit values on one flow, for the given principals only. */
  getValues(flowId: string, principals: readonly Principal[]): Promise<Map<string, PermissionValue>>;
  /** How many users have an explicit grant and an explicit deny on one flow. */
  countUserValues(flowId: string): Promise<{ grant: number; deny: number }>;
  /** The flows on which at least one role has an explicit value. */
  flowsWithRoleValues(): Promise<ReadonlySet<string>>;
  /** The users with an explicit value on one flow, counted by their set of custom roles and that value. */
  countUserValuesByRoleSet(flowId: string): Promise<readonly (RoleSetCount & { readonly value: PermissionValue })[]>;
  /**
   * Sets one explicit value, atomically: the write id, role and version checks and the change (with its
   * history entry and new version) happen together or not at all. A write id is recognised however many
   * changes came after it on the flow (a store may forget very old ones).
   */
  setValue(flowId: string, principal: Principal, value: PermissionValue | null, write: ValueWrite): Promise<WriteOutcome>;
  /**
   * `setValue` and, when it is `written`, `entry` in the audit log with the value before as its
   * `before`, in one step (one statement over PostgreSQL: no transaction of several round trips).
   */
  setValueAudited(
    flowId: string,
    principal: Principal,
    value: PermissionValue | null,
    write: ValueWrite,
    entry: AuditEntry,
  ): Promise<{ outcome: WriteOutcome; before: PermissionValue | null }>;
  /**
   * Several users' values, each written as `setValueAudited` writes it alone (its checks, history,
   * version and audit entry), in their order, in one step (one statement over PostgreSQL). One write's
   * refusal or failure leaves the others be; two writes of one row behave as if made one after the
   * other. Each answer carries that row right after its write.
   */
  setUserValues(writes: readonly UserValueWrite[]): Promise<UserValueResult[]>;
  /**
   * Applies every change or none, atomically against every other write: the checks (flows, users, roles,
   * versions) and the changes happen together. Each row may appear once. Every change is recorded in the
   * history under `write.changeSetId`. `appWide` values are set in the same step (they have no history).
   */
  applyBatch(changes: readonly BatchChange[], write: BatchWrite, appWide?: readonly AppWideChange[]): Promise<BatchOutcome>;
  /** The changes recorded under one change set id, in the order they were made (empty when unknown). */
  listChangeSet(changeSetId: string): Promise<PermissionChange[]>;
  /** Versions on one flow, for the given principals; a principal never changed through the API is missing (version 0). */
  getVersions(flowId: string, principals: readonly Principal[]): Promise<Map<string, ValueVersion>>;
  /** The changes of values on one flow, newest first; a store may keep only the latest ones per flow. */
  listHistory(flowId: string, page: { offset: number; limit: number }): Promise<Page<PermissionChange>>;
  /** App-wide values per role (two-state); a role missing from the map is granted. */
  getAppWideValues(): Promise<ReadonlyMap<string, PermissionValue>>;
  /**
   * What rows are made of, read together (one statement over PostgreSQL, so from one snapshot): the
   * versions of `versioned`, the explicit values of `principals`, and the app-wide values.
   */
  getRowState(flowId: string, principals: readonly Principal[], versioned: readonly Principal[]): Promise<RowState>;
  setAppWideValue(role: string, value: PermissionValue): Promise<void>;
}
