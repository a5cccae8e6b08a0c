import type { PermissionValue } from '../../../domain/permission';
import type { AccessTest } from '../../access/access-test-store';
import { AUTHENTICATED_ROLE, isSystemRole } from '../../../domain/roles';
import type { SeedData } from '../../seed/demo';
import { randomId, type NewId } from '../../platform/ids';
import { createUserDirectory } from './user-directory';
import { emailKeyOf } from '../../auth/types';
import type { Activation } from '../../access/activation-store';
import type { LoginAttempt } from '../../auth/login-attempt-store';
import type { CustomRole, User } from '../../directory/directory-store';
import type { Flow, FlowStatus } from '../../flows/flow-store';
import type { BatchRow, PermissionChange, UserValueResult, ValueVersion } from '../../permissions/permission-store';
import type { Session } from '../../runtime/app-user-store';
import type { AuditEntry } from '../../../contract/audit';
import { createMemoryAudit } from '../../audit/memory-audit';
import { createMemoryImpact } from '../../impact/memory-impact';
import type { Store } from '../store';
import { principalKey, StoreConflictError, type Page, type PageRequest, type Principal } from '../types';

/** A user who registered through the runtime API, as the demo persists them. */
export interface RegisteredUser {
  id: string;
  name: string | null;
  email: string;
  roles: string[];
  passwordHash: string;
}

/**
 * What changed since the seed. The demo persists only this, because the seed regenerates the rest.
 * A `null` value removes a preset value. Deltas saved before a field existed lack it: see `withDefaults`.
 */
export interface StoreDelta {
  flowNames: Record<string, string>;
  deletedFlows: string[];
  values: Record<string, Record<string, PermissionValue | null>>;
  /** App-wide values set by an administrator; they override the seed's. */
  appWide: Record<string, PermissionValue>;
  users: RegisteredUser[];
  /** Oldest first; capped at MAX_SESSIONS. */
  sessions: Session[];
  /** flowId → attempts, oldest first; capped at MAX_ACTIVATIONS_PER_FLOW. */
  activations: Record<string, Activation[]>;
  /** Flows an administrator created, in order; their renames and statuses are kept here too. */
  createdFlows: Flow[];
  /** Status changes of seeded flows. */
  flowStatuses: Record<string, FlowStatus>;
  /** Custom roles an administrator created, in order. */
  createdRoles: CustomRole[];
  deletedRoles: string[];
  /** userId → the user's custom roles, where an administrator changed them. */
  userRoles: Record<string, string[]>;
  /** flowId → principal key → version and last change, for values changed through the console API. */
  versions: Record<string, Record<string, ValueVersion>>;
  /** flowId → changes of values, oldest first; capped at MAX_HISTORY_PER_FLOW. */
  history: Record<string, PermissionChange[]>;
  /**
   * flowId → ids of the writes applied (`<principal key> <write id>`), oldest first; capped at
   * MAX_WRITE_IDS_PER_FLOW, far above the history's cap, so that a retry is recognised long after its
   * change left the history.
   */
  writeIds: Record<string, string[]>;
  /** Batch writes' changes, oldest set first, for their Undo; capped at MAX_CHANGE_SET_CHANGES changes in all. */
  changeSets: { id: string; changes: PermissionChange[] }[];
  /** The audit log, oldest first; capped at MAX_AUDIT_ENTRIES. */
  audit: AuditEntry[];
  /** flowId → the flow's saved access tests, oldest first. */
  accessTests: Record<string, AccessTest[]>;
}

/** Keep the persisted delta small: only the latest attempts per flow and the latest sessions. */
export const MAX_ACTIVATIONS_PER_FLOW = 200;
export const MAX_SESSIONS = 100;
export const MAX_HISTORY_PER_FLOW = 200;
export const MAX_WRITE_IDS_PER_FLOW = 5000;
/** The change sets kept for Undo hold at most this many changes together (the newest set is always kept). */
export const MAX_CHANGE_SET_CHANGES = 10_000;

export const emptyDelta = (): StoreDelta => ({
  flowNames: {},
  deletedFlows: [],
  values: {},
  appWide: {},
  users: [],
  sessions: [],
  activations: {},
  createdFlows: [],
  flowStatuses: {},
  createdRoles: [],
  deletedRoles: [],
  userRoles: {},
  versions: {},
  history: {},
  writeIds: {},
  changeSets: [],
  audit: [],
  accessTests: {},
});

const withDefaults = (delta: Partial<StoreDelta> | undefined): StoreDelta => ({ ...emptyDelta(), ...delta });

export interface MemoryStoreOptions {
  delta?: Partial<StoreDelta>;
  onChange?: (delta: StoreDelta) => void;
  /** Ids of new users and history entries. */
  newId?: NewId;
}

const matches = (search: string, ...fields: (string | null)[]) => {
  const needle = search.toLowerCase();
  return fields.some((field) => field !== null && field.toLowerCase().includes(needle));
};

function pageOf<T>(items: readonly T[], { offset, limit }: Pick<PageRequest, 'offset' | 'limit'>): Page<T> {
  return { items: items.slice(offset, offset + limit), total: items.length, offset };
}

export function createMemoryStore(seed: SeedData, options: MemoryStoreOptions = {}): Store {
  const delta: StoreDelta = structuredClone(withDefaults(options.delta));
  const newId = options.newId ?? randomId;
  const loginAttempts = new Map<string, LoginAttempt[]>();
  const deleted = new Set(delta.deletedFlows);
  const flows = new Map<string, Flow>();
  for (const flow of seed.flows) {
    if (!deleted.has(flow.id)) {
      flows.set(flow.id, {
        ...flow,
        name: delta.flowNames[flow.id] ?? flow.name,
        status: delta.flowStatuses[flow.id] ?? flow.status,
      });
    }
  }
  for (const flow of delta.createdFlows) {
    if (!deleted.has(flow.id)) flows.set(flow.id, { ...flow, name: delta.flowNames[flow.id] ?? flow.name });
  }
  const deletedRoles = new Set(delta.deletedRoles);
  const customRoles = [...seed.customRoles, ...delta.createdRoles].filter((role) => !deletedRoles.has(role.name));
  const roleOrder = (roles: readonly string[]) => customRoles.map((role) => role.name).filter((name) => roles.includes(name));
  // The seed's users are made on demand: opening the store costs the same at 300 users and at 100,000.
  const passwords = new Map(seed.passwords);
  for (const { id, passwordHash } of delta.users) passwords.set(id, passwordHash);
  const users = createUserDirectory({
    seeded: seed.users,
    registered: delta.users.map(({ passwordHash: _passwordHash, ...user }): User => user),
    roles: delta.userRoles,
    isKnownRole: (role) => !deletedRoles.has(role),
  });

  const values = new Map<string, Map<string, PermissionValue>>();
  for (const [flowId, map] of seed.values) values.set(flowId, new Map(map));
  for (const [flowId, changes] of Object.entries(delta.values)) {
    const map = values.get(flowId) ?? new Map<string, PermissionValue>();
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) map.delete(key);
      else map.set(key, value);
    }
    values.set(flowId, map);
  }
  // Two-state: a role is granted app-wide unless denied, so only denies are kept.
  const appWide = new Map<string, PermissionValue>();
  for (const [role, value] of [...seed.appWide, ...Object.entries(delta.appWide)]) {
    if (value === 'deny') appWide.set(role, value);
    else appWide.delete(role);
  }
  const changed = () => options.onChange?.(delta);
  const keepActivation = (activation: Activation) => {
    const list = (delta.activations[activation.flowId] ??= []);
    list.push(activation);
    if (list.length > MAX_ACTIVATIONS_PER_FLOW) list.splice(0, list.length - MAX_ACTIVATIONS_PER_FLOW);
  };
  const writeIdOf = (key: string, writeId: string) => `${key} ${writeId}`;
  // A delta saved before `writeIds` existed knows its write ids from the history.
  const writeIds = new Map<string, Set<string>>();
  if (options.delta?.writeIds === undefined) {
    for (const [flowId, history] of Object.entries(delta.history)) {
      delta.writeIds[flowId] = history.flatMap((change) =>
        change.writeId === null ? [] : [writeIdOf(principalKey(change.principal), change.writeId)],
      );
    }
  }
  for (const [flowId, ids] of Object.entries(delta.writeIds)) writeIds.set(flowId, new Set(ids));

  const rememberWrite = (flowId: string, id: string) => {
    const known = writeIds.get(flowId) ?? new Set<string>();
    const list = (delta.writeIds[flowId] ??= []);
    known.add(id);
    list.push(id);
    for (const forgotten of list.splice(0, Math.max(0, list.length - MAX_WRITE_IDS_PER_FLOW))) known.delete(forgotten);
    writeIds.set(flowId, known);
  };

  const isMissingRole = (principal: Principal) =>
    principal.kind === 'role' && !isSystemRole(principal.name) && !customRoles.some((role) => role.name === principal.name);

  /** Sets a value with its new version and history entry; the caller has made every check. */
  const record = (
    flowId: string,
    principal: Principal,
    value: PermissionValue | null,
    change: { by: string; at: string; principalName: string; writeId: string | null; changeSetId: string | null },
  ): PermissionChange => {
    const key = principalKey(principal);
    const version = delta.versions[flowId]?.[key]?.version ?? 0;
    const map = values.get(flowId) ?? new Map<string, PermissionValue>();
    const from = map.get(key) ?? null;
    if (value === null) map.delete(key);
    else map.set(key, value);
    values.set(flowId, map);
    (delta.values[flowId] ??= {})[key] = value;
    const next: ValueVersion = { version: version + 1, by: change.by, at: change.at, writeId: change.writeId };
    (delta.versions[flowId] ??= {})[key] = next;
    const history = (delta.history[flowId] ??= []);
    const entry: PermissionChange = {
      id: newId(),
      flowId,
      principal,
      principalName: change.principalName,
      from,
      to: value,
      ...next,
      changeSetId: change.changeSetId,
    };
    history.push(entry);
    if (history.length > MAX_HISTORY_PER_FLOW) history.splice(0, history.length - MAX_HISTORY_PER_FLOW);
    return entry;
  };

  const rowOf = (flowId: string, principal: Principal): BatchRow => {
    const key = principalKey(principal);
    const known = delta.versions[flowId]?.[key];
    return {
      flowId,
      principal,
      value: values.get(flowId)?.get(key) ?? null,
      version: known?.version ?? 0,
      changed: known ? { by: known.by, at: known.at, writeId: known.writeId } : null,
    };
  };

  const keepChangeSet = (id: string, changes: PermissionChange[]) => {
    delta.changeSets.push({ id, changes });
    let total = delta.changeSets.reduce((sum, set) => sum + set.changes.length, 0);
    while (delta.changeSets.length > 1 && total > MAX_CHANGE_SET_CHANGES) total -= delta.changeSets.shift()?.changes.length ?? 0;
  };

  const store: Store = {
    ...createMemoryAudit(delta.audit, changed, () => store),
    ...createMemoryImpact({
      flows: () => [...flows.values()],
      values,
      appWide,
      user: (userId) => store.getUser(userId),
      activations: async (flowId) => (await store.listActivations(flowId, { offset: 0, limit: Number.MAX_SAFE_INTEGER })).items,
    }),
    async listFlows(page) {
      const all = [...flows.values()].filter((flow) => matches(page.search, flow.name, flow.description));
      return pageOf(all, page);
    },
    async getFlow(flowId) {
      return flows.get(flowId);
    },
    async findFlowByName(name) {
      for (const flow of flows.values()) if (flow.name === name) return flow;
      return undefined;
    },
    async createFlow(flow) {
      if ([...flows.values()].some((other) => other.name.toLowerCase() === flow.name.toLowerCase())) {
        throw new StoreConflictError(`A flow named "${flow.name}" already exists`);
      }
      flows.set(flow.id, flow);
      delta.createdFlows.push(flow);
      changed();
      return flow;
    },
    async setFlowStatus(flowId, status) {
      const flow = flows.get(flowId);
      if (!flow) return undefined;
      const updated = { ...flow, status };
      flows.set(flowId, updated);
      const created = delta.createdFlows.findIndex((candidate) => candidate.id === flowId);
      if (created === -1) delta.flowStatuses[flowId] = status;
      else delta.createdFlows[created] = updated;
      changed();
      return updated;
    },
    async renameFlow(flowId, name) {
      const flow = flows.get(flowId);
      if (!flow) return undefined;
      const taken = [...flows.values()].some((other) => other.id !== flowId && other.name.toLowerCase() === name.toLowerCase());
      if (taken) throw new StoreConflictError(`A flow named "${name}" already exists`);
      const renamed = { ...flow, name };
      flows.set(flowId, renamed);
      delta.flowNames[flowId] = name;
      changed();
      return renamed;
    },
    async deleteFlow(flowId) {
      // No await before the delete: the LIVE check and the delete are one step.
      const flow = flows.get(flowId);
      if (!flow) return false;
      if (flow.status === 'LIVE') throw new StoreConflictError('A flow with a LIVE version cannot be deleted');
      flows.delete(flowId);
      writeIds.delete(flowId);
      Reflect.deleteProperty(delta.writeIds, flowId);
      values.delete(flowId);
      Reflect.deleteProperty(delta.values, flowId);
      Reflect.deleteProperty(delta.flowNames, flowId);
      Reflect.deleteProperty(delta.activations, flowId);
      Reflect.deleteProperty(delta.flowStatuses, flowId);
      Reflect.deleteProperty(delta.versions, flowId);
      Reflect.deleteProperty(delta.history, flowId);
      Reflect.deleteProperty(delta.accessTests, flowId);
      delta.createdFlows = delta.createdFlows.filter((flow) => flow.id !== flowId);
      delta.deletedFlows.push(flowId);
      changed();
      return true;
    },
    async listUsers(page) {
      if (page.search !== '') await users.ready();
      return users.list(page.search, page);
    },
    async listUsersWithValues(flowId, page) {
      if (page.search !== '') await users.ready();
      const ids: string[] = [];
      for (const key of values.get(flowId)?.keys() ?? []) if (key.startsWith('user:')) ids.push(key.slice('user:'.length));
      return users.listAmong(ids, page.search, page);
    },
    async listFlowUsers(flowId, { search, offset, limit, role, only, sort }) {
      await users.ready();
      const flowValues = values.get(flowId);
      const explicit = () => {
        const ids: string[] = [];
        for (const key of flowValues?.keys() ?? []) if (key.startsWith('user:')) ids.push(key.slice('user:'.length));
        return ids;
      };
      const positions = users.select({ search, ...(role === undefined ? {} : { role }), ...(only ? { ids: explicit() } : {}) });
      if (sort) {
        const rank = new Map<number, number>();
        if (sort === 'state') {
          for (const [key, value] of flowValues ?? []) {
            if (!key.startsWith('user:')) continue;
            const position = users.positionOf(key.slice('user:'.length));
            if (position !== undefined) rank.set(position, value === 'deny' ? 0 : 1);
          }
        }
        const keys = new Map(positions.map((position) => [position, users.nameKeyAt(position)]));
        // By code unit, as PostgreSQL's "C" collation compares.
        const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
        positions.sort(
          (a, b) => (rank.get(a) ?? 2) - (rank.get(b) ?? 2) || compareKeys(keys.get(a) as string, keys.get(b) as string) || a - b,
        );
      }
      return users.pageOf(positions, { offset, limit });
    },
    async getUser(userId) {
      return users.get(userId);
    },
    async findUsersByEmail(emails) {
      await users.ready();
      const found = new Map<string, User>();
      for (const email of emails) {
        const id = users.findIdByEmail(email);
        const user = id === undefined ? undefined : users.get(id);
        if (user) found.set(emailKeyOf(email), user);
      }
      return found;
    },
    async listCustomRoles() {
      return [...customRoles];
    },
    async createCustomRole(role) {
      if (customRoles.some((other) => other.name === role.name)) {
        throw new StoreConflictError(`A role named "${role.name}" already exists`);
      }
      customRoles.push(role);
      delta.createdRoles.push(role);
      delta.deletedRoles = delta.deletedRoles.filter((name) => name !== role.name);
      deletedRoles.delete(role.name);
      changed();
      return role;
    },
    async deleteCustomRole(name) {
      await users.ready();
      const index = customRoles.findIndex((role) => role.name === name);
      if (index === -1) return false;
      for (const user of users.holders(name)) {
        const roles = user.roles.filter((role) => role !== name);
        users.setRoles(user.id, roles);
        delta.userRoles[user.id] = roles;
      }
      customRoles.splice(index, 1);
      deletedRoles.add(name);
      delta.createdRoles = delta.createdRoles.filter((role) => role.name !== name);
      if (seed.customRoles.some((role) => role.name === name)) delta.deletedRoles.push(name);
      const key = principalKey({ kind: 'role', name });
      for (const [flowId, map] of values) {
        if (map.delete(key)) (delta.values[flowId] ??= {})[key] = null;
      }
      // A new role of the same name starts at version 0, with no last change.
      for (const versions of Object.values(delta.versions)) Reflect.deleteProperty(versions, key);
      appWide.delete(name);
      Reflect.deleteProperty(delta.appWide, name);
      changed();
      return true;
    },
    async setUserRoles(userId, roles) {
      const updated = users.setRoles(userId, roleOrder(roles));
      if (!updated) return undefined;
      delta.userRoles[userId] = [...updated.roles];
      changed();
      return updated;
    },
    async countUsersByRole() {
      await users.ready();
      return users.countByRole();
    },
    async countUsersByRoleSet() {
      await users.ready();
      return users.countByRoleSet();
    },
    async createUser({ email, name, passwordHash }) {
      await users.ready();
      if (users.findIdByEmail(email) !== undefined) throw new StoreConflictError(`A user with email "${email}" already exists`);
      const user: User = { id: newId(), name, email: email.trim(), roles: [] };
      users.add(user);
      passwords.set(user.id, passwordHash);
      delta.users.push({ ...user, roles: [], passwordHash });
      changed();
      return user;
    },
    async findCredentials(email) {
      await users.ready();
      const id = users.findIdByEmail(email);
      const user = id === undefined ? undefined : users.get(id);
      const passwordHash = id === undefined ? undefined : passwords.get(id);
      return user && passwordHash ? { user, passwordHash } : undefined;
    },
    async createSession(session) {
      const live = delta.sessions.filter((other) => other.tokenHash && other.expiresAt >= session.createdAt);
      delta.sessions.splice(0, delta.sessions.length, ...live, session);
      if (delta.sessions.length > MAX_SESSIONS) delta.sessions.splice(0, delta.sessions.length - MAX_SESSIONS);
      changed();
    },
    async getSession(tokenHash) {
      return delta.sessions.find((session) => session.tokenHash === tokenHash);
    },
    async deleteSession(tokenHash) {
      const index = delta.sessions.findIndex((session) => session.tokenHash === tokenHash);
      if (index === -1) return;
      delta.sessions.splice(index, 1);
      changed();
    },
    // Not part of the delta: the demo forgets them on reload, as the server would after the window.
    async recordLoginAttempt(key, attempt) {
      loginAttempts.set(key, [...(loginAttempts.get(key) ?? []), attempt]);
    },
    async listLoginAttempts(key, since) {
      return (loginAttempts.get(key) ?? []).filter((attempt) => Date.parse(attempt.at) >= since.getTime());
    },
    async deleteLoginAttempt(key, id) {
      loginAttempts.set(
        key,
        (loginAttempts.get(key) ?? []).filter((attempt) => attempt.id !== id),
      );
    },
    async clearLoginAttempts(key) {
      loginAttempts.delete(key);
    },
    async getValues(flowId, principals) {
      const map = values.get(flowId);
      const result = new Map<string, PermissionValue>();
      if (!map) return result;
      for (const principal of principals) {
        const key = principalKey(principal);
        const value = map.get(key);
        if (value) result.set(key, value);
      }
      return result;
    },
    async countUserValues(flowId) {
      const counts = { grant: 0, deny: 0 };
      for (const [key, value] of values.get(flowId) ?? []) if (key.startsWith('user:')) counts[value] += 1;
      return counts;
    },
    async flowsWithRoleValues() {
      const found = new Set<string>();
      for (const [flowId, map] of values) {
        for (const key of map.keys()) {
          if (key.startsWith('role:')) {
            found.add(flowId);
            break;
          }
        }
      }
      return found;
    },
    async countUserValuesByRoleSet(flowId) {
      const counts = new Map<string, { roles: readonly string[]; value: PermissionValue; users: number }>();
      for (const [key, value] of values.get(flowId) ?? []) {
        if (!key.startsWith('user:')) continue;
        const user = users.get(key.slice('user:'.length));
        if (!user) continue;
        const id = `${value}\u0000${user.roles.join('\u0000')}`;
        const entry = counts.get(id) ?? { roles: user.roles, value, users: 0 };
        entry.users += 1;
        counts.set(id, entry);
      }
      return [...counts.values()];
    },
    async setValue(flowId, principal, value, write) {
      // No await before the change: checks and change are one step, whatever else is in flight.
      const key = principalKey(principal);
      const last = delta.versions[flowId]?.[key];
      const version = last?.version ?? 0;
      const history = delta.history[flowId] ?? [];
      const { writeId } = write;
      if (writeId !== undefined && writeIds.get(flowId)?.has(writeIdOf(key, writeId))) {
        // The history keeps fewer changes than the write ids: a write that aged out of it counts as the same.
        const applied = history.find((change) => change.writeId === writeId && principalKey(change.principal) === key);
        return applied === undefined || applied.to === value ? 'duplicate' : 'reused';
      }
      if (isMissingRole(principal)) return 'missing';
      if (write.expectedVersion !== undefined && write.expectedVersion !== version) return 'conflict';
      if ((values.get(flowId)?.get(key) ?? null) === value) return 'unchanged';
      record(flowId, principal, value, { ...write, writeId: writeId ?? null, changeSetId: null });
      if (writeId !== undefined) rememberWrite(flowId, writeIdOf(key, writeId));
      changed();
      return 'written';
    },
    async setValueAudited(flowId, principal, value, write, entry) {
      const before = values.get(flowId)?.get(principalKey(principal)) ?? null;
      const outcome = await store.setValue(flowId, principal, value, write);
      if (outcome === 'written') await store.recordAudit([{ ...entry, before }]);
      return { outcome, before };
    },
    async setUserValues(writes) {
      const results: UserValueResult[] = [];
      for (const { flowId, userId, value, entry, ...write } of writes) {
        const flow = flows.get(flowId);
        const user = flow && users.get(userId);
        if (!flow || !user) {
          results.push({ outcome: flow ? 'noUser' : 'noFlow' });
          continue;
        }
        const principal: Principal = { kind: 'user', id: user.id };
        const principalName = user.name || user.email;
        const audited: AuditEntry = {
          ...entry,
          flow: { id: flow.id, name: flow.name },
          principal: { kind: 'user', id: user.id, name: principalName },
        };
        const { outcome, before } = await store.setValueAudited(flowId, principal, value, { ...write, principalName }, audited);
        const roles = [...user.roles, AUTHENTICATED_ROLE].map((name): Principal => ({ kind: 'role', name }));
        const state = await store.getRowState(flowId, [principal, ...roles], [principal]);
        results.push({ outcome, user, entry: { ...audited, before }, state });
      }
      return results;
    },
    async applyBatch(changes, write, appWideChanges = []) {
      // No await: every check and every change are one step, whatever else is in flight.
      const unknown = { flows: new Set<string>(), users: new Set<string>(), roles: new Set<string>() };
      for (const { role } of appWideChanges) if (isMissingRole({ kind: 'role', name: role })) unknown.roles.add(role);
      const names: string[] = [];
      for (const { flowId, principal } of changes) {
        if (!flows.has(flowId)) unknown.flows.add(flowId);
        if (principal.kind === 'role') {
          if (isMissingRole(principal)) unknown.roles.add(principal.name);
          names.push(principal.name);
        } else {
          const user = users.get(principal.id);
          if (!user) unknown.users.add(principal.id);
          names.push(user ? user.name || user.email : principal.id);
        }
      }
      if (unknown.flows.size + unknown.users.size + unknown.roles.size > 0) {
        return { outcome: 'unknown', flows: [...unknown.flows], users: [...unknown.users], roles: [...unknown.roles] };
      }
      const conflicts = changes.flatMap((change) => {
        if (change.expectedVersion === undefined) return [];
        const row = rowOf(change.flowId, change.principal);
        return row.version === change.expectedVersion ? [] : [row];
      });
      if (conflicts.length > 0) return { outcome: 'conflict', conflicts };
      const recorded: PermissionChange[] = [];
      const rows = changes.map(({ flowId, principal, value }, index) => {
        if (rowOf(flowId, principal).value !== value) {
          const principalName = names[index] ?? '';
          recorded.push(record(flowId, principal, value, { ...write, principalName, writeId: null }));
        }
        return rowOf(flowId, principal);
      });
      for (const { role, value } of appWideChanges) {
        if (value === 'deny') appWide.set(role, value);
        else appWide.delete(role);
        delta.appWide[role] = value;
      }
      if (recorded.length > 0) keepChangeSet(write.changeSetId, recorded);
      if (recorded.length > 0 || appWideChanges.length > 0) changed();
      return { outcome: 'applied', rows };
    },
    async listChangeSet(changeSetId) {
      return [...(delta.changeSets.find((set) => set.id === changeSetId)?.changes ?? [])];
    },
    async getRowState(flowId, principals, versioned) {
      // No await in between: one consistent state.
      const versions = store.getVersions(flowId, versioned);
      const values = store.getValues(flowId, principals);
      const appWide = store.getAppWideValues();
      return { versions: await versions, values: await values, appWide: await appWide };
    },
    async getVersions(flowId, principals) {
      const known = delta.versions[flowId] ?? {};
      const result = new Map<string, ValueVersion>();
      for (const principal of principals) {
        const key = principalKey(principal);
        const version = known[key];
        if (version) result.set(key, version);
      }
      return result;
    },
    async listHistory(flowId, page) {
      return pageOf([...(delta.history[flowId] ?? [])].reverse(), page);
    },
    async getAppWideValues() {
      return new Map(appWide);
    },
    async setAppWideValue(role, value) {
      if (value === 'deny') appWide.set(role, value);
      else appWide.delete(role);
      delta.appWide[role] = value;
      changed();
    },
    async recordActivation(activation) {
      keepActivation(activation);
      changed();
    },
    async recordActivations(activations) {
      activations.forEach(keepActivation);
      changed();
    },
    async listActivations(flowId, page) {
      const recorded = delta.activations[flowId] ?? [];
      const seeded = flows.has(flowId) ? (seed.activity?.(flowId) ?? []) : [];
      // The seeded week comes before what was recorded since, unless the clock was set back.
      const all = seeded.length === 0 ? [...recorded] : [...seeded, ...recorded].sort((a, b) => a.at.localeCompare(b.at));
      return pageOf(all.reverse(), page);
    },
    async listAccessTests(flowId) {
      return structuredClone(delta.accessTests[flowId] ?? []);
    },
    async addAccessTest(test, max) {
      const tests = delta.accessTests[test.flowId] ?? [];
      if (!flows.has(test.flowId) || tests.length >= max) return false;
      delta.accessTests[test.flowId] = [...tests, structuredClone(test)];
      changed();
      return true;
    },
    async deleteAccessTest(flowId, id) {
      const tests = delta.accessTests[flowId] ?? [];
      const kept = tests.filter((test) => test.id !== id);
      if (kept.length === tests.length) return false;
      if (kept.length === 0) Reflect.deleteProperty(delta.accessTests, flowId);
      else delta.accessTests[flowId] = kept;
      changed();
      return true;
    },
  };
  return store;
}
