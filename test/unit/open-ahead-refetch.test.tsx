import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { server } from '../../mocks/node';
import { applyLiveEvent } from '../../src/api/live';
import { frames, usersListAhead } from '../open-ahead';
import { renderApp } from '../render';

/**
 * Renders the app, rests the pointer on Send Welcome Email's title until its Permissions dialog is
 * rendered ahead, then moves it away: no longer about to open, the dialog goes, and with it its queries'
 * observers.
 */
async function prepareThenLeave() {
  const rendered = renderApp();
  const item = await screen.findByRole('listitem', { name: 'Send Welcome Email' });
  const title = within(item).getByRole('heading', { name: 'Send Welcome Email' });
  await rendered.user.hover(title);
  await usersListAhead();
  await rendered.user.unhover(title);
  await waitFor(() => expect(document.querySelector('.modal')).toBeNull());
  await frames(3);
  return rendered;
}

describe('The Permissions dialog, rendered ahead and never opened', () => {
  it('asks the server for none of its flow when a live change arrives after the pointer has left', async () => {
    const { queryClient } = await prepareThenLeave();

    const asked: string[] = [];
    const onStart = ({ request }: { request: Request }) => void asked.push(new URL(request.url).pathname);
    server.events.on('request:start', onStart);
    try {
      // Another administrator renames another flow: the lists refetch, as they should.
      await act(() => applyLiveEvent(queryClient, { seq: 1, kind: 'flow', flowId: 'fl_0002', by: 'someone@example.com' }));
      await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    } finally {
      server.events.removeListener('request:start', onStart);
    }
    // No dialog is open: nothing of Send Welcome Email's permissions is on screen, nothing of it is asked for.
    expect(
      asked.filter((path) => path === '/api/console/flows/fl_0001' || path.startsWith('/api/console/flows/fl_0001/permissions')),
    ).toEqual([]);
  });

  it('asks for none of its rows when the demo data is reset after the pointer has left', async () => {
    const { queryClient } = await prepareThenLeave();

    const asked: string[] = [];
    const onStart = ({ request }: { request: Request }) => void asked.push(new URL(request.url).pathname);
    server.events.on('request:start', onStart);
    try {
      // What the demo bar's "Reset demo data" does once the backend is reset (demo-bar.tsx).
      await act(() => queryClient.resetQueries());
      await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    } finally {
      server.events.removeListener('request:start', onStart);
    }
    expect(asked.filter((path) => path.startsWith('/api/console/flows/fl_0001/permissions/users/'))).toEqual([]);
  });
});
