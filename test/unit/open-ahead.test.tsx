import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { accessQueries } from '../../src/api/access';
import { accessTestQueries } from '../../src/api/access-tests';
import { frames, renderPrepared, usersListAhead } from '../open-ahead';
import { renderApp } from '../render';

/** Whether a key pressed on the page was taken (its default prevented) by something listening on the document. */
const taken = (init: KeyboardEventInit) => {
  const event = new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true });
  document.body.dispatchEvent(event);
  return event.defaultPrevented;
};

describe('The Permissions dialog, rendered ahead', () => {
  it('renders while the pointer rests on a flow, hidden, and the click only reveals it', async () => {
    const { user } = renderApp();
    const item = await screen.findByRole('listitem', { name: 'Send Welcome Email' });
    await user.hover(within(item).getByRole('heading', { name: 'Send Welcome Email' }));

    // Rendered during the hover, with its rows, and hidden: no dialog for assistive technology yet.
    const users = await usersListAhead();
    const [ahead] = await within(users).findAllByRole('listitem', { hidden: true });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(ahead).not.toBeVisible();

    await user.click(within(item).getByRole('button', { name: 'Permissions for Send Welcome Email' }));
    const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
    const rows = within(within(dialog).getByRole('list', { name: 'Users' })).getAllByRole('listitem');
    // The same element: revealed, not rendered again.
    expect(rows[0]).toBe(ahead);
    expect(ahead).toBeVisible();
  });

  it('starts afresh when opened again: what was typed in it is gone', async () => {
    const { user } = renderApp();
    const item = await screen.findByRole('listitem', { name: 'Send Welcome Email' });
    const lock = within(item).getByRole('button', { name: 'Permissions for Send Welcome Email' });
    await user.click(lock);
    let dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
    await user.type(within(dialog).getByRole('searchbox', { name: 'Search users' }), 'nobody at all');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    // Focus is back on the lock, which prepares the dialog again.
    expect(lock).toHaveFocus();

    await user.keyboard('{Enter}');
    dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
    expect(within(dialog).getByRole('searchbox', { name: 'Search users' })).toHaveValue('');
  });

  it('waits for its open: takes no keys, hides nothing from assistive technology, asks for nothing more', async () => {
    const { user, queryClient, item } = await renderPrepared();
    const lock = within(item).getByRole('button', { name: 'Permissions for Send Welcome Email' });
    // The frames after it are where an open dialog would start what its first frame does not need.
    await frames(2);

    // Asked for: being fetched, or fetched.
    const later = [accessQueries.exposure('fl_0001').queryKey, accessTestQueries.flow('fl_0001').queryKey];
    const asked = () =>
      later.map((key) => {
        const state = queryClient.getQueryState(key);
        return state !== undefined && (state.fetchStatus !== 'idle' || state.dataUpdatedAt > 0);
      });
    expect(asked()).toEqual([false, false]);
    expect(taken({ key: 'Escape' })).toBe(false);
    expect(taken({ key: 'z', ctrlKey: true })).toBe(false);
    // (The page: what is not the prepared dialog's own boxes.)
    expect(item.closest('[aria-hidden="true"]')).toBeNull();
    expect(document.body.style.overflow).toBe('');

    await user.click(lock);
    await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
    await waitFor(() => expect(asked()).toEqual([true, true]));
    expect(taken({ key: 'Escape' })).toBe(true);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('shown, takes focus and presses once its first frame is painted: a press before that closes nothing', async () => {
    const { item } = await renderPrepared();
    // In one task, as a person cannot: the click, then a press before the next frame.
    act(() => void fireEvent.click(within(item).getByRole('button', { name: 'Permissions for Send Welcome Email' })));
    const dialog = screen.getByRole('dialog', { name: 'Permissions for Send Welcome Email' });
    const overlay = document.querySelector('.modal-overlay');
    if (!overlay) throw new Error('No overlay');
    // Its first frame: still inert, so a press on it reaches the overlay, which lets it be.
    expect(dialog.inert).toBe(true);
    fireEvent.pointerDown(overlay, { button: 0 });
    expect(screen.getByRole('dialog')).toBe(dialog);

    await waitFor(() => expect(dialog.inert).toBe(false));
    await waitFor(() => expect(dialog).toContainElement(document.activeElement as HTMLElement));
    fireEvent.pointerDown(overlay, { button: 0 });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('shown, hides the page from assistive technology after its first frame, with the focus going in', async () => {
    const { user, item } = await renderPrepared();
    // (The live regions stay readable: the page is hidden around them, below the body.)
    const pageHidden = () => item.closest('[aria-hidden="true"]') !== null;
    // The click's task: the dialog is shown, the page behind not marked yet.
    act(() => void fireEvent.click(within(item).getByRole('button', { name: 'Permissions for Send Welcome Email' })));
    const dialog = screen.getByRole('dialog', { name: 'Permissions for Send Welcome Email' });
    expect(pageHidden()).toBe(false);

    await waitFor(() => expect(dialog).toContainElement(document.activeElement as HTMLElement));
    expect(pageHidden()).toBe(true);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(pageHidden()).toBe(false);
  });

  it('closed in its first frame, leaves nothing hidden afterwards', async () => {
    const { item } = await renderPrepared();
    // In one task, as a person cannot: the click, then Esc before the first frame.
    act(() => void fireEvent.click(within(item).getByRole('button', { name: 'Permissions for Send Welcome Email' })));
    act(() => void fireEvent.keyDown(document.body, { key: 'Escape' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await frames(2);
    expect(item.closest('[aria-hidden="true"]')).toBeNull();
  });
});
