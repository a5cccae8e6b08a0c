/**
 * The decision cache's memory for a large app: 100,000 users (each with a session), 1,000 flows and
 * 50,000 explicit values, loaded through the cache from a store that makes them up, measured as the
 * heap it holds (after a full GC when `--expose-gc` is on).
 */
import { createLocalFeed } from '../server/live/change-feed';
import { createDecisionCache } from '../server/runtime/decision-cache';
import type { Store } from '../server/store/store';
import { principalKey, type Principal } from '../server/store/types';

const USERS = 100_000;
const FLOWS = 1_000;
const VALUES = 50_000;

const flowId = (n: number) => `fl_${String(n).padStart(4, '0')}`;
const userId = (n: number) => `u_${String(n).padStart(6, '0')}`;

const gc = () => (globalThis as { gc?: () => void }).gc?.();

export async function measureCacheMemory(): Promise<{ bytes: number; entries: string }> {
  const made = {
    async getFlow(id: string) {
      return { id, name: `Flow ${id}`, description: 'A flow of the benchmark', color: '#6366f1', status: 'LIVE' as const };
    },
    async findFlowByName(name: string) {
      return { id: name.slice(5), name, description: 'A flow of the benchmark', color: '#6366f1', status: 'LIVE' as const };
    },
    async getUser(id: string) {
      return { id, name: `User ${id}`, email: `${id}@example.com`, roles: ['Manager'] };
    },
    async getSession(tokenHash: string) {
      return {
        tokenHash,
        userId: tokenHash.slice(0, 8),
        login: 'password' as const,
        createdAt: '2026-12-02T10:00:00.000Z',
        expiresAt: '2027-01-01T10:00:00.000Z',
      };
    },
    async getValues(_flowId: string, principals: readonly Principal[]) {
      return new Map(principals.map((principal) => [principalKey(principal), 'deny' as const]));
    },
    async getAppWideValues() {
      return new Map();
    },
  } as unknown as Store;
  gc();
  const before = process.memoryUsage().heapUsed;
  const cache = createDecisionCache(made, createLocalFeed(), { maxValues: 1_000_000, maxEntries: 1_000_000 });
  const { store } = cache;
  for (let n = 0; n < FLOWS; n++) {
    await store.getFlow(flowId(n));
    await store.findFlowByName(`Flow ${flowId(n)}`);
  }
  for (let n = 0; n < USERS; n++) {
    await store.getUser(userId(n));
    await store.getSession(`${userId(n)}${'0'.repeat(56)}`);
  }
  // 50 values on each flow: 50,000 in all.
  for (let n = 0; n < VALUES; n++) {
    await store.getValues(flowId(n % FLOWS), [{ kind: 'user', id: userId(n) }]);
  }
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  const { flows, values, users, sessions } = cache.stats();
  return { bytes, entries: `${users} users, ${sessions} sessions, ${flows / 2} flows, ${values} values` };
}
