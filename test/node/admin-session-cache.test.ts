import { describe, expect, it } from 'vitest';
import { cachedAdminSessions } from '../../server/auth/admin-session-cache';
import { createMemoryAuthStore } from '../../server/auth/memory-auth-store';
import type { AuthStore } from '../../server/auth/types';
import type { ChangeFeed, FeedEvent } from '../../server/live/change-feed';

/** A feed the test drives: `live` as set, and changes "from another instance" when it emits. */
function testFeed() {
  const listeners = new Set<(event: FeedEvent) => void>();
  let seq = 0;
  const feed: ChangeFeed & { live: boolean; emit(event: FeedEvent | { tokenHash: string }): void } = {
    live: true,
    floor: 0,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit: (event) =>
      listeners.forEach((listener) =>
        listener('type' in event ? event : { type: 'change', seq: ++seq, change: { kind: 'adminSession', ...event } }),
      ),
  };
  return feed;
}

/** The memory auth store, counting its session reads. */
async function countedStore() {
  const store = createMemoryAuthStore();
  const admin = await store.saveAdmin({ id: 'ad1', email: 'admin@example.com', passwordHash: 'x' });
  await store.createAdminSession({
    tokenHash: 'h1',
    adminId: admin.id,
    createdAt: '2025-01-01T00:00:00.000Z',
    expiresAt: '2025-01-01T12:00:00.000Z',
  });
  const reads = { count: 0 };
  const counted: AuthStore = {
    ...store,
    findAdminSession: (tokenHash, now) => {
      reads.count++;
      return store.findAdminSession(tokenHash, now);
    },
  };
  return { store: counted, reads, admin };
}

const at = (time: string) => new Date(`2025-01-01T${time}Z`);

describe('console sessions from memory', () => {
  it('reads a session once while nothing changes, and checks its expiry against the clock each time', async () => {
    const { store, reads, admin } = await countedStore();
    const sessions = cachedAdminSessions(store, testFeed());
    for (let index = 0; index < 5; index++) {
      expect(await sessions.findAdminSession('h1', at('01:00:00'))).toEqual({ admin, expiresAt: '2025-01-01T12:00:00.000Z' });
    }
    expect(reads.count).toBe(1);
    expect(await sessions.findAdminSession('h1', at('12:00:00'))).toBeUndefined();
  });

  it("forgets a session at once when this instance ends it, and when another instance's end is announced", async () => {
    const { store, reads } = await countedStore();
    const feed = testFeed();
    const sessions = cachedAdminSessions(store, feed);
    expect(await sessions.findAdminSession('h1', at('01:00:00'))).toBeDefined();
    await sessions.deleteAdminSession('h1');
    expect(await sessions.findAdminSession('h1', at('01:00:00'))).toBeUndefined();

    // Ended elsewhere: the database row is gone, and the feed says so.
    const { store: other } = await countedStore();
    const elsewhere = cachedAdminSessions(other, feed);
    expect(await elsewhere.findAdminSession('h1', at('01:00:00'))).toBeDefined();
    await other.deleteAdminSession('h1');
    feed.emit({ tokenHash: 'h1' });
    expect(await elsewhere.findAdminSession('h1', at('01:00:00'))).toBeUndefined();
    expect(reads.count).toBeGreaterThan(0);
  });

  it('reads the database on every call while the feed is not live, and drops everything when it is back', async () => {
    const { store, reads } = await countedStore();
    const feed = testFeed();
    const sessions = cachedAdminSessions(store, feed);
    await sessions.findAdminSession('h1', at('01:00:00'));
    feed.live = false;
    await store.deleteAdminSession('h1'); // missed: the feed was down
    expect(await sessions.findAdminSession('h1', at('01:00:00'))).toBeUndefined();
    feed.emit({ type: 'reset' });
    feed.live = true;
    expect(await sessions.findAdminSession('h1', at('01:00:00'))).toBeUndefined();
    expect(reads.count).toBe(3);
  });

  it('a new password ends the cached sessions of this instance', async () => {
    const { store } = await countedStore();
    const sessions = cachedAdminSessions(store, testFeed());
    expect(await sessions.findAdminSession('h1', at('01:00:00'))).toBeDefined();
    await sessions.saveAdmin({ id: 'ad1', email: 'admin@example.com', passwordHash: 'y' });
    expect(await sessions.findAdminSession('h1', at('01:00:00'))).toBeUndefined();
  });
});
