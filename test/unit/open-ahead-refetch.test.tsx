import type { QueryClient } from '@tanstack/react-query';
import { act, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { server } from '../../mocks/node';
import { applyLiveEvent } from '../../src/api/live';
import { frames, renderPrepared } from '../open-ahead';

/**
 * Renders the app, rests the pointer on Send Welcome Email's title until its Permissions dialog is
 * rendered ahead, then moves it away: no longer about to open, the dialog goes, and with it its queries'
 * observers.
 */
async function prepareThenLeave() {
  const prepared = await renderPrepared();
  await prepared.user.unhover(prepared.title);
  await waitFor(() => expect(document.querySelector('.modal')).toBeNull());
  await frames(3);
  return prepared;
}

/** The paths the app asks the server for while `action` runs, until no query is fetching any more. */
async function pathsAskedDuring(queryClient: QueryClient, action: () => unknown): Promise<string[]> {
  const asked: string[] = [];
  const onStart = ({ request }: { request: Request }) => void asked.push(new URL(request.url).pathname);
  server.events.on('request:start', onStart);
  try {
    await act(async () => void (await action()));
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
  } finally {
    server.events.removeListener('request:start', onStart);
  }
  return asked;
}

describe('The Permissions dialog, rendered ahead and never opened', () => {
  it('asks the server for none of its flow when a live change arrives after the pointer has left', async () => {
    const { queryClient } = await prepareThenLeave();

    // Another administrator renames another flow: the lists refetch, as they should.
    const asked = await pathsAskedDuring(queryClient, () =>
      applyLiveEvent(queryClient, { seq: 1, kind: 'flow', flowId: 'fl_0002', by: 'someone@example.com' }),
    );
    // No dialog is open: nothing of Send Welcome Email's permissions is on screen, nothing of it is asked for.
    expect(
      asked.filter((path) => path === '/api/console/flows/fl_0001' || path.startsWith('/api/console/flows/fl_0001/permissions')),
    ).toEqual([]);
  });

  it('asks for none of its rows when the demo data is reset after the pointer has left', async () => {
    const { queryClient } = await prepareThenLeave();

    // What the demo bar's "Reset demo data" does once the backend is reset (demo-bar.tsx).
    const asked = await pathsAskedDuring(queryClient, () => queryClient.resetQueries());
    expect(asked.filter((path) => path.startsWith('/api/console/flows/fl_0001/permissions/users/'))).toEqual([]);
  });
});
