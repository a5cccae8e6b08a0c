import type { Store } from '../store/store';
import type { PermissionValue } from '../../domain/permission';
import { principalKey, type Principal } from '../store/types';
import type { Change } from './change-feed';

/**
 * A store of one process (the memory store) announcing its committed changes on `feed`, as the
 * PostgreSQL triggers do for a database: after each write that changed something, before the write's
 * promise resolves, so an answer is never sent before its change is announced. Flows are announced
 * by the flow service instead, which knows who made the change (the store does not).
 */
export function publishingStore<S extends Store>(store: S, feed: { publish: (change: Change) => void }): S {
  const published = async (flowId: string, principal: Principal, value: PermissionValue | null, by: string) => {
    const key = principalKey(principal);
    const version = (await store.getVersions(flowId, [principal])).get(key)?.version ?? 0;
    feed.publish({ kind: 'value', flowId, principal: key, value, version, by });
  };
  return {
    ...store,
    async setValue(flowId, principal, value, write) {
      const outcome = await store.setValue(flowId, principal, value, write);
      if (outcome === 'written') await published(flowId, principal, value, write.by);
      return outcome;
    },
    async setValueAudited(flowId, principal, value, write, entry) {
      const written = await store.setValueAudited(flowId, principal, value, write, entry);
      if (written.outcome === 'written') await published(flowId, principal, value, write.by);
      return written;
    },
    async setUserValues(writes) {
      const results = await store.setUserValues(writes);
      writes.forEach(({ flowId, userId, value, by }, index) => {
        const result = results[index];
        if (result?.outcome !== 'written') return;
        const principal = principalKey({ kind: 'user', id: userId });
        // The version comes with the write's own answer: no read for it.
        const version = result.state.versions.get(principal)?.version ?? 0;
        feed.publish({ kind: 'value', flowId, principal, value, version, by });
      });
      return results;
    },
    async applyBatch(changes, write, appWide = []) {
      const outcome = await store.applyBatch(changes, write, appWide);
      if (outcome.outcome === 'applied') {
        for (const row of outcome.rows) {
          const { flowId, value, version } = row;
          feed.publish({
            kind: 'value',
            flowId,
            principal: principalKey(row.principal),
            value,
            version,
            by: row.changed?.by ?? write.by,
          });
        }
        for (const { role, value } of appWide) feed.publish({ kind: 'appWide', role, value });
      }
      return outcome;
    },
    async setAppWideValue(role, value) {
      await store.setAppWideValue(role, value);
      feed.publish({ kind: 'appWide', role, value });
    },
    async createCustomRole(role) {
      const created = await store.createCustomRole(role);
      feed.publish({ kind: 'role', name: created.name });
      return created;
    },
    async deleteCustomRole(name) {
      const deleted = await store.deleteCustomRole(name);
      if (deleted) feed.publish({ kind: 'role', name });
      return deleted;
    },
    async setUserRoles(userId, roles) {
      const user = await store.setUserRoles(userId, roles);
      if (user) feed.publish({ kind: 'user', userId });
      return user;
    },
    async deleteSession(tokenHash) {
      await store.deleteSession(tokenHash);
      feed.publish({ kind: 'session', tokenHash });
    },
  };
}
