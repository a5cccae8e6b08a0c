import type { AuditEntry } from '../../contract/audit';
import type { PermissionValue } from '../../domain/permission';
import type { CustomRole, User } from '../directory/directory-store';
import type { Flow } from '../flows/flow-store';
import type { ChangeFeed, FeedEvent } from '../live/change-feed';
import type { Store } from '../store/store';
import { principalKey } from '../store/types';
import type { Session } from './app-user-store';
import { KeyedCache } from './keyed-cache';

export interface DecisionCacheOptions {
  /** Explicit values (and known absences) kept over all flows; past it the values are dropped and reloaded. */
  maxValues?: number;
  /** Users and sessions kept; past it they are dropped and reloaded. */
  maxEntries?: number;
}

/** What a decision reads, and what the cache holds. */
export interface DecisionCacheStats {
  readonly flows: number;
  readonly values: number;
  readonly users: number;
  readonly sessions: number;
}

/** A flow's explicit values that were looked up: `null` is a value known to be absent. */
type FlowValues = Map<string, PermissionValue | null>;

/**
 * What the cache holds at this moment, read without a promise: `undefined` when it holds nothing for
 * the key, or when the feed is not live (then nothing it holds is trusted). Every activation asks, and
 * one that finds all it needs here decides without waiting for anything. The entries are the ones the
 * store's reads hand out, kept exact by the same invalidations; a caller uses what it reads at once,
 * in the same turn of the event loop.
 */
export interface KnownState {
  /** A flow's explicit values looked up so far, by principal key (`null`: known to be absent). */
  values(flowId: string): ReadonlyMap<string, PermissionValue | null> | undefined;
  appWideValues(): ReadonlyMap<string, PermissionValue> | undefined;
  flowByName(name: string): Flow | undefined;
  user(userId: string): User | undefined;
  session(tokenHash: string): Session | undefined;
}

/**
 * The one cache of what the runtime decides with: explicit values (per flow, loaded lazily per
 * principal), app-wide values, flows by id and by name, custom roles, users with their roles, and sessions. It
 * wraps the Store, so every reader (runtime, access checker, console) gets the same answers.
 *
 * Exact, not eventually right: this instance's own writes invalidate what they touch before their
 * promise resolves (the answer to the administrator comes after); every other instance's writes
 * arrive on `feed` (PostgreSQL LISTEN/NOTIFY, sent by triggers in the writing transaction) and
 * invalidate the same way. While the feed is not live (its connection was lost), reads go to the
 * store; when it is back, everything is dropped and reloaded.
 */
export function createDecisionCache<S extends Store>(store: S, feed: ChangeFeed, options: DecisionCacheOptions = {}) {
  const { maxValues = 500_000, maxEntries = 200_000 } = options;
  const values = new KeyedCache<FlowValues>();
  let valueCount = 0;
  const appWide = new KeyedCache<ReadonlyMap<string, PermissionValue>>();
  const flowsById = new KeyedCache<Flow>();
  const flowsByName = new KeyedCache<Flow>();
  const users = new KeyedCache<User>();
  const sessions = new KeyedCache<Session>();
  const customRoles = new KeyedCache<readonly CustomRole[]>();

  const clearFlows = () => {
    flowsById.clear();
    flowsByName.clear();
  };
  const clearValues = () => {
    values.clear();
    valueCount = 0;
  };
  const invalidateValues = (flowId: string) => {
    valueCount -= values.get(flowId)?.size ?? 0;
    values.invalidate(flowId);
  };
  const clearAll = () => {
    clearValues();
    appWide.clear();
    clearFlows();
    users.clear();
    sessions.clear();
    customRoles.clear();
  };

  const onEvent = (event: FeedEvent) => {
    if (event.type === 'reset') return clearAll();
    const { change } = event;
    switch (change.kind) {
      case 'value':
        return invalidateValues(change.flowId);
      case 'appWide':
        return appWide.clear();
      case 'flow':
        clearFlows();
        return invalidateValues(change.flowId);
      case 'user':
        return users.invalidate(change.userId);
      case 'members':
        return users.clear();
      case 'role':
        // A deleted role takes its values and memberships with it.
        clearValues();
        appWide.clear();
        customRoles.clear();
        return users.clear();
      case 'session':
        return sessions.invalidate(change.tokenHash);
    }
  };
  feed.subscribe(onEvent);

  /** What an audited change (committed on a store bound to its transaction, not on this one) touched. */
  const forgetAudited = (entries: readonly AuditEntry[]) => {
    for (const entry of entries) {
      const [area] = entry.kind.split('.');
      if (entry.kind === 'permission.value' && entry.flow) invalidateValues(entry.flow.id);
      else if (entry.kind === 'app-wide.value') appWide.clear();
      else if (area === 'flow') {
        clearFlows();
        if (entry.flow) invalidateValues(entry.flow.id);
      } else if (entry.kind === 'role.membership') users.clear();
      else if (area === 'role') onEvent({ type: 'reset' });
    }
  };

  const bounded = <V>(cache: KeyedCache<V>) => {
    if (cache.size >= maxEntries) cache.clear();
  };

  const cached: S = {
    ...store,
    async getValues(flowId, principals) {
      if (!feed.live) return store.getValues(flowId, principals);
      const known = values.get(flowId);
      const keys = principals.map(principalKey);
      const missing =
        known && keys.every((key) => known.has(key)) ? [] : principals.filter((_, index) => !known?.has(keys[index] ?? ''));
      let loaded: Map<string, PermissionValue> | undefined;
      if (missing.length > 0) {
        if (valueCount + missing.length > maxValues) clearValues();
        loaded = await values.load(
          flowId,
          () => store.getValues(flowId, missing),
          (found, current) => {
            const entry = current ?? new Map<string, PermissionValue | null>();
            for (const principal of missing) {
              const key = principalKey(principal);
              if (!entry.has(key)) valueCount++;
              entry.set(key, found.get(key) ?? null);
            }
            return entry;
          },
        );
      }
      const answer = new Map<string, PermissionValue>();
      for (const key of keys) {
        const value = loaded?.get(key) ?? known?.get(key);
        if (value) answer.set(key, value);
      }
      return answer;
    },
    async getAppWideValues() {
      if (!feed.live) return store.getAppWideValues();
      // Read at every decision: handed out as it is kept (read-only; a change replaces it, never edits it).
      const known = appWide.get('');
      if (known) return known;
      return appWide.load(
        '',
        () => store.getAppWideValues(),
        (found) => new Map(found),
      );
    },
    async getFlow(flowId) {
      if (!feed.live) return store.getFlow(flowId);
      return (
        flowsById.get(flowId) ??
        flowsById.load(
          flowId,
          () => store.getFlow(flowId),
          (flow) => flow,
        )
      );
    },
    async findFlowByName(name) {
      if (!feed.live) return store.findFlowByName(name);
      if (flowsByName.size >= maxEntries) flowsByName.clear();
      return (
        flowsByName.get(name) ??
        flowsByName.load(
          name,
          () => store.findFlowByName(name),
          (flow) => flow,
        )
      );
    },
    async listCustomRoles() {
      if (!feed.live) return store.listCustomRoles();
      return (
        customRoles.get('') ??
        customRoles.load(
          '',
          () => store.listCustomRoles(),
          (roles) => roles,
        )
      );
    },
    async getUser(userId) {
      if (!feed.live) return store.getUser(userId);
      bounded(users);
      return (
        users.get(userId) ??
        users.load(
          userId,
          () => store.getUser(userId),
          (user) => user,
        )
      );
    },
    async getSession(tokenHash) {
      if (!feed.live) return store.getSession(tokenHash);
      bounded(sessions);
      return (
        sessions.get(tokenHash) ??
        sessions.load(
          tokenHash,
          () => store.getSession(tokenHash),
          (session) => session,
        )
      );
    },

    // This instance's own writes: invalidated before the caller hears of them.
    async audited(work, entriesOf) {
      let entries: readonly AuditEntry[] = [];
      const result = await store.audited(work, (value) => (entries = entriesOf(value)));
      forgetAudited(entries);
      return result;
    },
    async setValue(flowId, principal, value, write) {
      const outcome = await store.setValue(flowId, principal, value, write);
      if (outcome === 'written') invalidateValues(flowId);
      return outcome;
    },
    async setValueAudited(flowId, principal, value, write, entry) {
      const written = await store.setValueAudited(flowId, principal, value, write, entry);
      if (written.outcome === 'written') invalidateValues(flowId);
      return written;
    },
    async setUserValues(writes) {
      const results = await store.setUserValues(writes);
      writes.forEach(({ flowId }, index) => {
        if (results[index]?.outcome === 'written') invalidateValues(flowId);
      });
      return results;
    },
    async applyBatch(changes, write, appWideChanges) {
      const outcome = await store.applyBatch(changes, write, appWideChanges);
      if (outcome.outcome === 'applied') {
        new Set(changes.map((change) => change.flowId)).forEach(invalidateValues);
        if (appWideChanges?.length) appWide.clear();
      }
      return outcome;
    },
    async setAppWideValue(role, value) {
      await store.setAppWideValue(role, value);
      appWide.clear();
    },
    async createFlow(flow) {
      const created = await store.createFlow(flow);
      clearFlows();
      return created;
    },
    async renameFlow(flowId, name) {
      const renamed = await store.renameFlow(flowId, name).finally(clearFlows);
      return renamed;
    },
    async setFlowStatus(flowId, status) {
      const flow = await store.setFlowStatus(flowId, status).finally(clearFlows);
      return flow;
    },
    async deleteFlow(flowId) {
      const deleted = await store.deleteFlow(flowId).finally(clearFlows);
      invalidateValues(flowId);
      return deleted;
    },
    async createCustomRole(role) {
      const created = await store.createCustomRole(role);
      clearAll();
      return created;
    },
    async deleteCustomRole(name) {
      const deleted = await store.deleteCustomRole(name);
      clearAll();
      return deleted;
    },
    async setUserRoles(userId, roles) {
      const user = await store.setUserRoles(userId, roles).finally(() => users.invalidate(userId));
      return user;
    },
    async deleteSession(tokenHash) {
      await store.deleteSession(tokenHash).finally(() => sessions.invalidate(tokenHash));
    },
  };

  const known: KnownState = {
    values: (flowId) => (feed.live ? values.get(flowId) : undefined),
    appWideValues: () => (feed.live ? appWide.get('') : undefined),
    flowByName: (name) => (feed.live ? flowsByName.get(name) : undefined),
    user: (userId) => (feed.live ? users.get(userId) : undefined),
    session: (tokenHash) => (feed.live ? sessions.get(tokenHash) : undefined),
  };

  return {
    store: cached,
    known,
    /** The same store with fresh reads: for the console, whose reads carry versions and must not lag. */
    consoleStore: {
      ...cached,
      getValues: (flowId, principals) => store.getValues(flowId, principals),
      getAppWideValues: () => store.getAppWideValues(),
      getRowState: (flowId, principals, versioned) => store.getRowState(flowId, principals, versioned),
      getFlow: (flowId) => store.getFlow(flowId),
      findFlowByName: (name) => store.findFlowByName(name),
      listCustomRoles: () => store.listCustomRoles(),
      getUser: (userId) => store.getUser(userId),
    } satisfies S as S,
    stats: (): DecisionCacheStats => ({
      flows: flowsById.size + flowsByName.size,
      values: valueCount,
      users: users.size,
      sessions: sessions.size,
    }),
  };
}

export type DecisionCache<S extends Store = Store> = ReturnType<typeof createDecisionCache<S>>;
