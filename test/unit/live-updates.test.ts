import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { UserPermission } from '../../contract/console';
import { applyLiveEvent } from '../../src/api/live';
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
