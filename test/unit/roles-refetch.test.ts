import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { permissionQueries } from '../../src/api/permissions';

const FLOW = 'fl_0001';
const rolesOf = (client: QueryClient) => client.fetchQuery({ ...permissionQueries.roles(FLOW), staleTime: 0 });

describe('a refetch of the roles list', () => {
  it('keeps a row the page knows at a newer version than the list, over the older row in the list', async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const listed = await rolesOf(client);
    const manager = listed.items.find((row) => row.name === 'Manager');
    if (!manager) throw new Error('the seed has a Manager role');
    // A write of Manager settled after the list request left: the page knows a newer version than the list.
    const newer = {
      ...manager,
      value: manager.value === 'deny' ? ('grant' as const) : ('deny' as const),
      version: manager.version + 1,
    };
    client.setQueryData(permissionQueries.roles(FLOW).queryKey, {
      items: listed.items.map((row) => (row.name === 'Manager' ? newer : row)),
    });
    expect((await rolesOf(client)).items.find((row) => row.name === 'Manager')).toEqual(newer);
  });
});
