import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { QueryClient } from '@tanstack/react-query';
import { delay, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { accessQueries } from '../../src/api/access';
import { accessTestQueries } from '../../src/api/access-tests';
import { flowQueries } from '../../src/api/flows';
import { permissionQueries } from '../../src/api/permissions';
import { server } from '../../mocks/node';
import { renderApp } from '../render';

const FLOW = { id: 'fl_0001', name: 'Send Welcome Email' };

/** The dialog's first screen is in the cache: the flow, the first page of users and the roles. */
async function prefetched(queryClient: QueryClient) {
  await waitFor(() => {
    for (const { queryKey } of [
      flowQueries.detail(FLOW.id),
      permissionQueries.users(FLOW.id, ''),
      permissionQueries.roles(FLOW.id),
    ]) {
      expect(queryClient.getQueryState(queryKey)?.status).toBe('success');
    }
  });
}

/** From now on the console API never answers reads: what shows must come from what was loaded before. */
const hangReads = () => server.use(http.get(/\/api\/console\//, () => delay('infinite')));

describe('opening the Permissions dialog without waiting', () => {
  it('loads the first users and the roles when the pointer enters the flow’s title bar', async () => {
    const { user, queryClient } = renderApp();
    const item = await screen.findByRole('listitem', { name: FLOW.name });
    await user.hover(within(item).getByRole('heading', { name: FLOW.name }));
    await prefetched(queryClient);
    hangReads();

    await user.click(within(item).getByRole('button', { name: `Permissions for ${FLOW.name}` }));
    const dialog = await screen.findByRole('dialog', { name: `Permissions for ${FLOW.name}` });
    expect(within(dialog).getAllByRole('button', { name: /: (granted|denied)/ }).length).toBeGreaterThan(0);
    await user.click(within(dialog).getByRole('tab', { name: 'ROLES PERMISSIONS' }));
    expect(within(dialog).getByRole('button', { name: /^AuthenticatedUser: / })).toBeInTheDocument();
  });

  it('loads them when the lock gets keyboard focus', async () => {
    const { queryClient } = renderApp();
    const item = await screen.findByRole('listitem', { name: FLOW.name });
    act(() =>
      within(item)
        .getByRole('button', { name: `Permissions for ${FLOW.name}` })
        .focus(),
    );
    await prefetched(queryClient);
  });

  it('renders the first rows in the click’s own render, and asks for nothing else until that is painted', async () => {
    const { user, queryClient } = renderApp();
    const item = await screen.findByRole('listitem', { name: FLOW.name });
    await user.hover(within(item).getByRole('heading', { name: FLOW.name }));
    await prefetched(queryClient);

    // One synchronous render of the click: no waiting for code, data or a later task.
    act(() => {
      fireEvent.click(within(item).getByRole('button', { name: `Permissions for ${FLOW.name}` }));
    });
    const dialog = screen.getByRole('dialog', { name: `Permissions for ${FLOW.name}` });
    expect(within(dialog).getAllByRole('button', { name: /: (inherited \()?(granted|denied)/ }).length).toBeGreaterThan(0);
    // Who can start the flow (for the guard-rail warnings) and its access tests load after the paint.
    for (const { queryKey } of [accessQueries.exposure(FLOW.id), accessTestQueries.flow(FLOW.id)]) {
      const state = queryClient.getQueryState(queryKey);
      expect([state?.status ?? 'pending', state?.fetchStatus ?? 'idle']).toEqual(['pending', 'idle']);
    }
    await waitFor(() => {
      expect(queryClient.getQueryState(accessQueries.exposure(FLOW.id).queryKey)?.status).toBe('success');
      expect(queryClient.getQueryState(accessTestQueries.flow(FLOW.id).queryKey)?.status).toBe('success');
    });
  });
});
