import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { batchConflictsOf, unknownTargetsOf, useBatchWrite, useUndoBatch } from '../../src/api/batch';
import { permissionQueries } from '../../src/api/permissions';

const FLOW = 'fl_0001';

function setUp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  const hooks = renderHook(() => ({ write: useBatchWrite(), undo: useUndoBatch() }), { wrapper });
  return { client, hooks };
}

const managerOf = (client: QueryClient) =>
  client.getQueryData(permissionQueries.roles(FLOW).queryKey)?.items.find((row) => row.name === 'Manager');

describe('useBatchWrite', () => {
  it('shows the saved rows in the cached roles list, and useUndoBatch puts them back', async () => {
    const { client, hooks } = setUp();
    await client.fetchQuery(permissionQueries.roles(FLOW));
    const before = managerOf(client);
    if (!before) throw new Error('the demo has a Manager role');
    const target = before.value === 'deny' ? 'grant' : 'deny';

    const answer = await act(() =>
      hooks.result.current.write.mutateAsync([
        { flowId: FLOW, principal: { kind: 'role', name: 'Manager' }, value: target, ifVersion: before.version },
      ]),
    );
    expect(managerOf(client)).toMatchObject({ value: target, version: before.version + 1 });

    await act(() => hooks.result.current.undo.mutateAsync(answer.changeSetId));
    expect(managerOf(client)).toMatchObject({ value: before.value, version: before.version + 2 });
  });

  it('gives a refused batch its conflicts (412) and unknown names (422), and changes nothing', async () => {
    const { client, hooks } = setUp();
    await client.fetchQuery(permissionQueries.roles(FLOW));
    const before = managerOf(client);
    const stale = { flowId: FLOW, principal: { kind: 'role', name: 'Manager' }, value: 'deny', ifVersion: 99 } as const;
    act(() => hooks.result.current.write.mutate([stale]));
    await waitFor(() => expect(hooks.result.current.write.isError).toBe(true));
    const conflicts = hooks.result.current.write.error && batchConflictsOf(hooks.result.current.write.error);
    expect(conflicts).toEqual([
      expect.objectContaining({ principal: { kind: 'role', name: 'Manager' }, version: before?.version }),
    ]);

    act(() =>
      hooks.result.current.write.mutate([{ flowId: 'fl_nope', principal: { kind: 'role', name: 'Manager' }, value: 'deny' }]),
    );
    await waitFor(() => expect(hooks.result.current.write.error?.status).toBe(422));
    const error = hooks.result.current.write.error;
    expect(error && unknownTargetsOf(error)).toEqual({ flows: ['fl_nope'], users: [], roles: [] });
    await waitFor(() => expect(managerOf(client)).toMatchObject({ value: before?.value, version: before?.version }));
  });
});
