import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '../render';

describe('a click on a permission icon', () => {
  it('does not scan the query cache before its new state shows', async () => {
    const { user, queryClient } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Permissions for Send Welcome Email' }));
    const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
    const users = await within(dialog).findByRole('list', { name: 'Users' });
    const icon = (await within(users).findAllByRole('button', { name: /: inherited \(granted\)$/ }))[0];
    if (!icon) throw new Error('No inherited row');
    const name = icon.getAttribute('aria-label')?.replace(/: .*$/, '') ?? '';
    // Every entry of the cache (a row each, thousands once a long list was scrolled) would be looked at.
    const scans = vi.spyOn(queryClient.getQueryCache(), 'findAll');
    await user.click(icon);
    await within(users).findByRole('button', { name: `${name}: granted` });
    expect(scans).not.toHaveBeenCalled();
    scans.mockRestore();
    await waitFor(() => expect(within(users).queryByText('Saving…')).not.toBeInTheDocument());
  });
});
