import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { UserPermission } from '../../contract/console';
import type { LiveEvent } from '../../contract/live';
import { applyLiveEvent, connectLive, type LiveSource } from '../../src/api/live';
import { flowQueries } from '../../src/api/flows';
import { liveChanges, liveRowKey } from '../../src/api/live-changes';
import { permissionQueries } from '../../src/api/permissions';

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
    let announce: (event: LiveEvent) => void = () => undefined;
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
        announce({ ...change(2), seq: index, principal: `user:u_${index}` });
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
