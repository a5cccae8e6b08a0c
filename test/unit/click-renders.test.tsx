import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { accessQueries } from '../../src/api/access';
import { accessTestQueries } from '../../src/api/access-tests';
import { outboxOf } from '../../src/api/outbox';
import { countCommits, renderApp } from '../render';

/** The open dialog's users list, its first user who inherits a grant, and that user's name. */
async function firstInheritedUser() {
  const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
  const users = await within(dialog).findByRole('list', { name: 'Users' });
  const icon = (await within(users).findAllByRole('button', { name: /: inherited \(granted\)$/ }))[0];
  if (!icon) throw new Error('No inherited row');
  const name = icon.getAttribute('aria-label')?.replace(/: .*$/, '') ?? '';
  return { dialog, users, icon, name };
}

/** What the clicked row renders: the row, its icon and the icon's tooltip wrapper. */
const ROW_COMPONENTS = new Set(['UserRow', 'PermissionToggle', 'Tooltip', 'StateIcon']);

describe('a click on a permission icon', () => {
  it('renders the clicked row alone before its new state shows', async () => {
    const { user, queryClient } = renderApp({ url: '/?permissions=fl_0001&tab=users' });
    const { dialog, users, icon, name } = await firstInheritedUser();
    // Whatever the open left to settle has settled: the next commits are the click's.
    await waitFor(() => expect(within(dialog).queryByRole('status', { busy: true })).not.toBeInTheDocument());
    // And what waited for its first frame (AfterFirstFrame) is in: on a loaded machine it can come late.
    await waitFor(() =>
      expect(
        [accessQueries.exposure('fl_0001').queryKey, accessTestQueries.flow('fl_0001').queryKey].map(
          (key) => queryClient.getQueryState(key)?.status,
        ),
      ).toEqual(['success', 'success']),
    );
    const counted = countCommits();
    // The row's query observer (it fetches a row no list has written) has nothing to change.
    const observerUpdates = vi.spyOn(QueryObserver.prototype, 'setOptions');
    // Each row on screen listens for reports of its restored writes; the click's write is none of them.
    const reportReads = vi.spyOn(outboxOf(queryClient), 'takeReports');
    await user.click(icon);
    await within(users).findByRole('button', { name: `${name}: granted` });
    counted.stop();
    expect(observerUpdates).not.toHaveBeenCalled();
    observerUpdates.mockRestore();
    expect(reportReads).not.toHaveBeenCalled();
    reportReads.mockRestore();
    // The first commit with the row's new state: the click's own, made before the frame.
    const clickCommit = counted.commits().find((commit) => 'UserRow' in commit.rendered);
    expect(clickCommit).toBeDefined();
    expect(Object.keys(clickCommit?.rendered ?? {}).filter((component) => !ROW_COMPONENTS.has(component))).toEqual([]);
    expect(clickCommit?.rendered.UserRow).toBe(1);
    await waitFor(() => expect(within(users).queryByText('Saving…')).not.toBeInTheDocument());
  });

  it("queues the write once the click's frame is painted, the row's new state alone before it", async () => {
    const { queryClient } = renderApp({ url: '/?permissions=fl_0001&tab=users' });
    const { users, icon, name } = await firstInheritedUser();
    const queued = vi.spyOn(outboxOf(queryClient), 'add');
    const writes = queryClient.getMutationCache();
    // The click's event, its render and its commit, and nothing after them (no frame, no timer).
    fireEvent.click(icon);
    expect(icon).toHaveAccessibleName(`${name}: granted`);
    expect(queued).not.toHaveBeenCalled();
    expect(writes.getAll()).toHaveLength(0);
    expect(within(users).queryByText('Saving…')).not.toBeInTheDocument();
    // Then the write is queued, said and offered to undo, and saved.
    await waitFor(() => expect(queued).toHaveBeenCalledTimes(1));
    expect(queued.mock.calls[0]?.[0]).toMatchObject({ value: 'grant', principal: expect.any(String) });
    await screen.findByText(`${name}: granted (saving…)`);
    await waitFor(() => expect(within(users).queryByText('Saving…')).not.toBeInTheDocument());
    expect(writes.getAll().map((write) => write.state.status)).toEqual(['success']);
    queued.mockRestore();
  });

  it('makes two clicks in one frame one write of the second', async () => {
    const { user, queryClient } = renderApp({ url: '/?permissions=fl_0001&tab=users' });
    const { users, icon, name } = await firstInheritedUser();
    const retargeted = vi.spyOn(outboxOf(queryClient), 'retarget');
    // Both before either write is queued: the second cycles on from what the first shows.
    fireEvent.click(icon);
    fireEvent.click(icon);
    expect(icon).toHaveAccessibleName(`${name}: denied`);
    await waitFor(() => expect(retargeted).toHaveBeenCalledWith(expect.any(String), 'deny', 'denied'));
    await waitFor(() => expect(within(users).queryByText('Saving…')).not.toBeInTheDocument());
    expect(queryClient.getMutationCache().getAll()).toHaveLength(1);
    expect(icon).toHaveAccessibleName(`${name}: denied`);
    // Undo goes back to the value before the first click.
    await user.click(await screen.findByRole('button', { name: 'Undo' }));
    await within(users).findByRole('button', { name: `${name}: inherited (granted)` });
    retargeted.mockRestore();
  });
});
