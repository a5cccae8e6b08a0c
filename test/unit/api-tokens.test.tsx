import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render';

describe('Manage page: API tokens', () => {
  it('creates a named token shown once, lists it, and revokes it', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('link', { name: 'Manage' }));
    const section = within(await screen.findByRole('region', { name: 'API tokens' }));
    await user.type(section.getByRole('textbox', { name: 'Token name' }), 'ci-check');
    await user.selectOptions(section.getByRole('combobox', { name: 'Access' }), 'Read-only');
    await user.type(section.getByRole('textbox', { name: 'Expires in days (optional)' }), '30');
    await user.click(section.getByRole('button', { name: 'Create token' }));

    expect(await section.findByText('Copy the token ci-check now: it is shown only once.')).toBeInTheDocument();
    expect((section.getByRole('textbox', { name: 'New token ci-check' }) as HTMLInputElement).value).toMatch(/^flt_.{40,}$/);
    const list = within(await section.findByRole('list', { name: 'API tokens' }));
    expect(list.getByText(/read-only · created .* · expires /)).toBeInTheDocument();

    await user.click(list.getByRole('button', { name: 'Revoke ci-check' }));
    expect(await list.findByText(/· revoked /)).toBeInTheDocument();
    expect(list.queryByRole('button', { name: 'Revoke ci-check' })).not.toBeInTheDocument();
  });

  it('refuses a token without a name', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('link', { name: 'Manage' }));
    const section = within(await screen.findByRole('region', { name: 'API tokens' }));
    await user.click(section.getByRole('button', { name: 'Create token' }));
    expect(await section.findByRole('alert')).toHaveTextContent('Name the token');
  });
});
