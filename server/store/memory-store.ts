import type { PermissionValue } from '../../src/domain/permission';
import type { SeedData } from '../seed/demo';
import {
  principalKey,
  StoreConflictError,
  type Flow,
  type Page,
  type PageRequest,
  type Store,
  type User,
} from './types';

/**
 * What changed since the seed. The demo persists only this, because the seed regenerates the rest.
 * A `null` value removes a preset value.
 */
export interface StoreDelta {
  flowNames: Record<string, string>;
  deletedFlows: string[];
  values: Record<string, Record<string, PermissionValue | null>>;
}

export const emptyDelta = (): StoreDelta => ({ flowNames: {}, deletedFlows: [], values: {} });

export interface MemoryStoreOptions {
  delta?: StoreDelta;
  onChange?: (delta: StoreDelta) => void;
}

const matches = (search: string, ...fields: (string | null)[]) => {
  const needle = search.toLowerCase();
  return fields.some((field) => field !== null && field.toLowerCase().includes(needle));
};

function pageOf<T>(items: readonly T[], { offset, limit }: PageRequest): Page<T> {
  return { items: items.slice(offset, offset + limit), total: items.length, offset };
}

export function createMemoryStore(seed: SeedData, options: MemoryStoreOptions = {}): Store {
  const delta: StoreDelta = structuredClone(options.delta ?? emptyDelta());
  const deleted = new Set(delta.deletedFlows);
  const flows = new Map<string, Flow>();
  for (const flow of seed.flows) {
    if (!deleted.has(flow.id)) flows.set(flow.id, { ...flow, name: delta.flowNames[flow.id] ?? flow.name });
  }
  const users = new Map(seed.users.map((user) => [user.id, user]));
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
  const changed = () => options.onChange?.(delta);

  return {
    async listFlows(page) {
      const all = [...flows.values()].filter((flow) => matches(page.search, flow.name, flow.description));
      return pageOf(all, page);
    },
    async getFlow(flowId) {
      return flows.get(flowId);
    },
    async renameFlow(flowId, name) {
      const flow = flows.get(flowId);
      if (!flow) return undefined;
      const taken = [...flows.values()].some(
        (other) => other.id !== flowId && other.name.toLowerCase() === name.toLowerCase(),
      );
      if (taken) throw new StoreConflictError(`A flow named "${name}" already exists`);
      const renamed = { ...flow, name };
      flows.set(flowId, renamed);
      delta.flowNames[flowId] = name;
      changed();
      return renamed;
    },
    async deleteFlow(flowId) {
      if (!flows.delete(flowId)) return false;
      values.delete(flowId);
      Reflect.deleteProperty(delta.values, flowId);
      Reflect.deleteProperty(delta.flowNames, flowId);
      delta.deletedFlows.push(flowId);
      changed();
      return true;
    },
    async listUsers(page) {
      if (page.search === '') return pageOf([...users.values()], page);
      const found: User[] = [];
      for (const user of users.values()) if (matches(page.search, user.name, user.email)) found.push(user);
      return pageOf(found, page);
    },
    async getUser(userId) {
      return users.get(userId);
    },
    async listCustomRoles() {
      return seed.customRoles;
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
    async setValue(flowId, principal, value) {
      const key = principalKey(principal);
      const map = values.get(flowId) ?? new Map<string, PermissionValue>();
      if (value === null) map.delete(key);
      else map.set(key, value);
      values.set(flowId, map);
      (delta.values[flowId] ??= {})[key] = value;
      changed();
    },
    async getAppWideValues() {
      return new Map(seed.appWide);
    },
  };
}
