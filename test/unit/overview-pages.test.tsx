import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NO_FILTERS, OVERVIEW_PAGE_SIZE, overviewQueries } from '../../src/api/overview';
import { countCommits, renderApp } from '../render';

/**
 * A page of the Access overview's matrix arriving while the administrator scrolls. Query results reach
 * components through `useSyncExternalStore`, which React renders at once, in the task that brought
 * them: the grid's cells rendered there made one long task of 30–55 ms in the bench's scroll. The grid
 * takes the matrix's flows as a deferred value: it renders them in a render React can slice and put
 * off, like the grid's own changes of view.
 */
/** More flows than the seed's 12, so that the matrix has a second page. */
async function addFlows(count: number) {
  for (let index = 0; index < count; index++) {
    const response = await fetch(new URL('/api/console/flows', window.location.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Added flow ${index + 1}` }),
    });
    expect(response.status).toBe(201);
  }
}

describe('a page of the matrix arriving', () => {
  it('leaves the grid out of the render the query update makes; the grid takes it in a later, deferred one', async () => {
    await addFlows(OVERVIEW_PAGE_SIZE);
    const { queryClient } = renderApp({ url: '/?view=overview' });
    const grid = await screen.findByRole('grid', { name: 'Roles by flow' });
    await within(grid).findAllByRole('button', { name: / on Send Welcome Email: / });
    const matrix = overviewQueries.matrix(NO_FILTERS);
    await waitFor(() => expect(queryClient.getQueryState(matrix.queryKey)?.fetchStatus).toBe('idle'));
    const loaded = queryClient.getQueryData(matrix.queryKey)?.pages.length ?? 0;
    expect(loaded).toBe(1);
    // What the first page left to render (the act queue holds React's deferred work in tests) is done.
    await act(async () => {});
    const counted = countCommits();

    await queryClient.fetchInfiniteQuery({ ...matrix, pages: loaded + 1, staleTime: 0 });
    expect(queryClient.getQueryData(matrix.queryKey)?.pages.length).toBe(2);
    await waitFor(() => expect(counted.commits().some((commit) => 'RoleGrid' in commit.rendered)).toBe(true));
    counted.stop();

    const fromTheQuery = counted.commits().filter((commit) => 'Matrix' in commit.rendered);
    expect(fromTheQuery.length).toBeGreaterThan(1);
    // The commits the query's own updates made (the fetch starting, the page in) leave the grid alone;
    // the last one, the deferred render, takes the new flows.
    expect(fromTheQuery.slice(0, -1).filter((commit) => 'RoleGrid' in commit.rendered)).toEqual([]);
    expect(fromTheQuery.at(-1)?.rendered.RoleGrid).toBe(1);
  });
});
