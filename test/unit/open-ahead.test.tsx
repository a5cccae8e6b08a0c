import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render';

describe('The Permissions dialog, rendered ahead', () => {
  it('renders while the pointer rests on a flow, hidden, and the click only reveals it', async () => {
    const { user } = renderApp();
    const item = await screen.findByRole('listitem', { name: 'Send Welcome Email' });
    await user.hover(within(item).getByRole('heading', { name: 'Send Welcome Email' }));

    // Rendered during the hover, with its rows, and hidden: no dialog for assistive technology yet.
    const users = await screen.findByRole('list', { name: 'Users', hidden: true });
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
});
