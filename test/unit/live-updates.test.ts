import { InfiniteQueryObserver, QueryClient, QueryObserver, type QueryKey } from '@tanstack/react-query';
import { waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { UserPermission } from '../../contract/console';
import { accessQueries } from '../../src/api/access';
import { historyQueries } from '../../src/api/history';
import { applyLiveEvent, connectLive, eventSourceLive, type LiveSource } from '../../src/api/live';
import { flowQueries } from '../../src/api/flows';
import { liveChanges, liveRowKey } from '../../src/api/live-changes';
import { permissionQueries } from '../../src/api/permissions';
import { whoCanStartQueries } from '../../src/api/who-can-start';

/** What an announced change does to a page's cache: the row takes the new version, or is left alone. */

const FLOW = 'fl_0001';
const row = (version: number): UserPermission => ({
  id: 'u_1',
  name: 'Ana Silva',
  email: 'ana@example.com',
  roles: [],
  value: null,
  inherited: { value: 'grant', level: 'default' } as UserPermission['inherited'],
  version,
  changed: null,
});
const change = (version: number) =>
  ({ seq: 7, kind: 'value', flowId: FLOW, principal: 'user:u_1', value: 'deny', version, by: 'other@example.com' }) as const;

describe('a live change of a value', () => {
  it('gives the row the new value and version (the next If-Match) and marks who changed it', () => {
    const queryClient = new QueryClient();
    const key = permissionQueries.user(FLOW, 'u_1').queryKey;
    queryClient.setQueryData(key, row(1));
    void applyLiveEvent(queryClient, change(2));
    expect(queryClient.getQueryData(key)).toMatchObject({ value: 'deny', version: 2, changed: { by: 'other@example.com' } });
    expect(liveChanges(queryClient).get(liveRowKey(FLOW, 'user:u_1'))).toMatchObject({ by: 'other@example.com', count: 1 });
  });

  it("leaves a row that already has that version (the page's own write) unmarked", () => {
    const queryClient = new QueryClient();
    const key = permissionQueries.user(FLOW, 'u_1').queryKey;
    queryClient.setQueryData(key, row(2));
    void applyLiveEvent(queryClient, change(2));
    expect(queryClient.getQueryData(key)).toMatchObject({ value: null, version: 2 });
    expect(liveChanges(queryClient).get(liveRowKey(FLOW, 'user:u_1'))).toBeUndefined();
  });
});

describe('a burst of live changes (a bulk write of many users)', () => {
  it('refetches nothing for this page’s own write echoed back through the stream', async () => {
    const queryClient = new QueryClient();
    // The row already holds the version the stream announces: this page wrote it.
    queryClient.setQueryData(permissionQueries.user(FLOW, 'u_1').queryKey, { ...row(2), value: 'deny' });
    let listFetches = 0;
    const list = new QueryObserver(queryClient, {
      queryKey: [...flowQueries.detail(FLOW).queryKey, 'permissions', 'users', 'list'],
      queryFn: async () => ++listFetches,
    });
    const unsubscribe = list.subscribe(() => undefined);
    await vi.waitFor(() => expect(listFetches).toBe(1));
    let announce: (text: string) => void = () => undefined;
    const disconnect = connectLive(queryClient, {
      connect(on) {
        announce = on.change;
        return () => undefined;
      },
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      announce(JSON.stringify(change(2)));
      await vi.advanceTimersByTimeAsync(1_000);
    } finally {
      vi.useRealTimers();
    }
    expect(listFetches).toBe(1);
    disconnect();
    unsubscribe();
  });

  it('writes every row, and refetches what the flow shows once, not once per change', async () => {
    const queryClient = new QueryClient();
    const USERS = 1_000;
    for (let index = 0; index < USERS; index++)
      queryClient.setQueryData(permissionQueries.user(FLOW, `u_${index}`).queryKey, { ...row(1), id: `u_${index}` });
    let listFetches = 0;
    const list = new QueryObserver(queryClient, {
      queryKey: [...flowQueries.detail(FLOW).queryKey, 'permissions', 'users', 'list'],
      queryFn: async () => ++listFetches,
    });
    const unsubscribe = list.subscribe(() => undefined);
    await vi.waitFor(() => expect(listFetches).toBe(1));
    let announce: (text: string) => void = () => undefined;
    const source: LiveSource = {
      connect(on) {
        announce = on.change;
        return () => undefined;
      },
    };
    const disconnect = connectLive(queryClient, source);
    // As a stream delivers them: ten at a time, a millisecond apart (on a clock the test moves).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      for (let index = 0; index < USERS; index++) {
        announce(JSON.stringify({ ...change(2), seq: index, principal: `user:u_${index}` }));
        if (index % 10 === 9) await vi.advanceTimersByTimeAsync(1);
      }
      await vi.advanceTimersByTimeAsync(1_000);
    } finally {
      vi.useRealTimers();
    }
    await vi.waitFor(() =>
      expect(queryClient.getQueryData(permissionQueries.user(FLOW, `u_${USERS - 1}`).queryKey)).toMatchObject({ version: 2 }),
    );
    await vi.waitFor(() => expect(list.getCurrentResult().isFetching).toBe(false));
    // Once per gathering of changes (100 ms of changes gathered 50 ms at a time), never once per change.
    expect(listFetches - 1).toBeGreaterThanOrEqual(1);
    expect(listFetches - 1).toBeLessThanOrEqual(3);
    disconnect();
    unsubscribe();
  });
});

/**
 * What an echoed change refetches, seen through observers on screen (as the Permissions dialog has
 * them): each fetch of a page or an entry is recorded by its key's last part.
 */
function flowOnScreen(queryClient: QueryClient) {
  const fetched: string[] = [];
  const watch = (queryKey: QueryKey, name: string) =>
    new QueryObserver(queryClient, {
      queryKey,
      queryFn: () => {
        fetched.push(name);
        return {};
      },
      staleTime: Infinity,
    }).subscribe(() => undefined);
  const users = new InfiniteQueryObserver(queryClient, {
    queryKey: permissionQueries.users(FLOW, '').queryKey,
    queryFn: ({ pageParam }: { pageParam: number }) => {
      fetched.push(`users@${pageParam}`);
      return { ids: [], total: 200, offset: pageParam };
    },
    initialPageParam: 0,
    getNextPageParam: (last: { offset: number }) => (last.offset === 0 ? 100 : undefined),
    staleTime: Infinity,
  });
  users.subscribe(() => undefined);
  watch(historyQueries.all(FLOW), 'history');
  watch(whoCanStartQueries.flow(FLOW).queryKey, 'who-can-start');
  watch(accessQueries.exposure(FLOW).queryKey, 'exposure');
  watch(permissionQueries.roles(FLOW).queryKey, 'roles');
  return {
    fetched,
    /** Every entry loaded, the users list with two pages. */
    loaded: async () => {
      await waitFor(() => expect(fetched).toHaveLength(5));
      await users.fetchNextPage();
      expect(fetched).toContain('users@100');
      fetched.length = 0;
    },
  };
}

const roleRows = (version: number) => ({
  items: [
    { name: 'Manager', kind: 'custom', value: null, inherited: { value: 'grant', level: 'default' }, version, changed: null },
  ],
});
const roleChange = (version: number) =>
  ({ seq: 8, kind: 'value', flowId: FLOW, principal: 'role:Manager', value: 'deny', version, by: 'me@example.com' }) as const;

describe("the live echo of the page's own value change", () => {
  it('refetches nothing: its write refreshes what the value reaches (a user row)', async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(permissionQueries.user(FLOW, 'u_1').queryKey, row(2));
    const screen = flowOnScreen(queryClient);
    await screen.loaded();
    await applyLiveEvent(queryClient, change(2));
    expect(screen.fetched).toEqual([]);
    expect(queryClient.getQueryState(permissionQueries.users(FLOW, '').queryKey)?.isInvalidated).toBe(false);
  });

  it('refetches nothing for a role row either (its write refetches the users lists)', async () => {
    const queryClient = new QueryClient();
    const screen = flowOnScreen(queryClient);
    await screen.loaded();
    queryClient.setQueryData(permissionQueries.roles(FLOW).queryKey, roleRows(3) as never);
    await applyLiveEvent(queryClient, roleChange(3));
    expect(screen.fetched).toEqual([]);
  });

  it("refetches what another administrator's change reaches, the users list with every page loaded", async () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(permissionQueries.user(FLOW, 'u_1').queryKey, row(1));
    const screen = flowOnScreen(queryClient);
    await screen.loaded();
    await applyLiveEvent(queryClient, change(2));
    expect([...screen.fetched].sort()).toEqual(['exposure', 'history', 'roles', 'users@0', 'users@100', 'who-can-start']);
  });
});

/**
 * An EventSource stand-in: `deliver` dispatches messages one after the other in one task, as Chromium
 * does for a chunk of the stream (a bulk write's thousands of announcements arrive in a few chunks).
 */
class ChunkedEventSource extends EventTarget {
  static readonly CLOSED = 2;
  static last: ChunkedEventSource | undefined;
  readyState = 1;
  constructor(readonly url: string) {
    super();
    ChunkedEventSource.last = this;
  }
  deliver(texts: readonly string[], event = 'change') {
    for (const data of texts) this.dispatchEvent(new MessageEvent(event, { data }));
  }
  close() {
    this.readyState = ChunkedEventSource.CLOSED;
  }
}

describe('announcements from the stream', () => {
  it('are taken from a chunk without parsing (a chunk of 2,000 parsed at once was a long task) and all applied after', async () => {
    vi.stubGlobal('EventSource', ChunkedEventSource);
    const queryClient = new QueryClient();
    const USERS = 2_000;
    for (let index = 0; index < USERS; index++)
      queryClient.setQueryData(permissionQueries.user(FLOW, `u_${index}`).queryKey, { ...row(1), id: `u_${index}` });
    const disconnect = connectLive(queryClient, eventSourceLive('/events'));
    try {
      const texts = Array.from({ length: USERS }, (_, index) =>
        JSON.stringify({ ...change(2), seq: index, principal: `user:u_${index}` }),
      );
      const parse = vi.spyOn(JSON, 'parse');
      ChunkedEventSource.last?.deliver(texts);
      // The chunk's task only queued them: validating each (JSON, then the schema) happens in slices.
      expect(parse).not.toHaveBeenCalled();
      parse.mockRestore();
      await vi.waitFor(() =>
        expect(queryClient.getQueryData(permissionQueries.user(FLOW, `u_${USERS - 1}`).queryKey)).toMatchObject({
          value: 'deny',
          version: 2,
        }),
      );
      expect(queryClient.getQueryData(permissionQueries.user(FLOW, 'u_0').queryKey)).toMatchObject({ version: 2 });
    } finally {
      disconnect();
      vi.unstubAllGlobals();
    }
  });

  it('applies changes sent together (an array per event), every one', async () => {
    vi.stubGlobal('EventSource', ChunkedEventSource);
    const queryClient = new QueryClient();
    const USERS = 600;
    for (let index = 0; index < USERS; index++)
      queryClient.setQueryData(permissionQueries.user(FLOW, `u_${index}`).queryKey, { ...row(1), id: `u_${index}` });
    const disconnect = connectLive(queryClient, eventSourceLive('/events'));
    try {
      const announced = Array.from({ length: USERS }, (_, index) => ({ ...change(2), seq: index, principal: `user:u_${index}` }));
      ChunkedEventSource.last?.deliver(
        [JSON.stringify(announced.slice(0, 250)), JSON.stringify(announced.slice(250))],
        'changes',
      );
      await vi.waitFor(() => {
        for (let index = 0; index < USERS; index++)
          expect(queryClient.getQueryData(permissionQueries.user(FLOW, `u_${index}`).queryKey)).toMatchObject({
            value: 'deny',
            version: 2,
          });
      });
    } finally {
      disconnect();
      vi.unstubAllGlobals();
    }
  });
});
