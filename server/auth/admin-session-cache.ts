import type { ChangeFeed } from '../live/change-feed';
import { KeyedCache } from '../runtime/keyed-cache';
import type { AuthStore } from './types';

type FoundSession = NonNullable<Awaited<ReturnType<AuthStore['findAdminSession']>>>;

/**
 * Console sessions from memory: a console request reads its session from the database once, then
 * not again until it ends. Exact like the decision cache: this instance's own sign-outs and password
 * changes forget what they touch before they resolve; every other instance's arrive on `feed`
 * (migration 016's trigger); while the feed is not live, every lookup reads the database, and when it
 * is back everything is dropped. An expiry is checked against the clock on each request. Only found
 * sessions are kept (a new session is not announced).
 */
export function cachedAdminSessions<S extends AuthStore>(store: S, feed: ChangeFeed, { maxEntries = 10_000 } = {}): S {
  const sessions = new KeyedCache<FoundSession>();
  feed.subscribe((event) => {
    if (event.type === 'reset') sessions.clear();
    else if (event.change.kind === 'adminSession') sessions.invalidate(event.change.tokenHash);
  });
  return {
    ...store,
    async findAdminSession(tokenHash, now) {
      if (!feed.live) return store.findAdminSession(tokenHash, now);
      const known = sessions.get(tokenHash);
      if (known) return Date.parse(known.expiresAt) > now.getTime() ? known : undefined;
      if (sessions.size >= maxEntries) sessions.clear();
      return sessions.load(
        tokenHash,
        () => store.findAdminSession(tokenHash, now),
        (found) => found,
      );
    },
    async deleteAdminSession(tokenHash) {
      await store.deleteAdminSession(tokenHash).finally(() => sessions.invalidate(tokenHash));
    },
    async saveAdmin(account) {
      // A new password ends the account's sessions.
      return store.saveAdmin(account).finally(() => sessions.clear());
    },
  };
}
