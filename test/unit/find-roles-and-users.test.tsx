import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render';

const open = async (tab: 'users' | 'roles') => {
  const rendered = renderApp({ url: `/?permissions=fl_0001&tab=${tab}` });
  const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
  return { ...rendered, dialog };
};

const rowsOf = (dialog: HTMLElement) => within(within(dialog).getByRole('list', { name: 'Users' })).getAllByRole('listitem');

describe('roles and users tabs that find things', () => {
  it('lists custom roles first, then system roles, and searches roles', async () => {
    const { user, dialog } = await open('roles');
    const custom = await within(dialog).findByRole('region', { name: 'Custom roles' });
    const system = within(dialog).getByRole('region', { name: 'System roles' });
    expect(custom.compareDocumentPosition(system) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    await user.type(within(dialog).getByRole('searchbox', { name: 'Search roles' }), 'user');
    expect(within(dialog).queryByRole('region', { name: 'Custom roles' })).not.toBeInTheDocument();
    expect(within(system).getByRole('button', { name: /^NonAuthenticatedUser: / })).toBeInTheDocument();
    await user.clear(within(dialog).getByRole('searchbox', { name: 'Search roles' }));
    await user.type(within(dialog).getByRole('searchbox', { name: 'Search roles' }), 'sales');
    const found = within(dialog).getByRole('region', { name: 'Custom roles' });
    expect(
      within(found)
        .getAllByRole('button', { name: /: / })
        .map((button) => button.getAttribute('aria-label')),
    ).toEqual([expect.stringMatching(/^Sales: /)]);
    expect(within(dialog).queryByRole('region', { name: 'System roles' })).not.toBeInTheDocument();
  });

  it('turns a search for a role name into "users in <role>", filtered by the server', async () => {
    const { user, dialog } = await open('users');
    await within(dialog).findByRole('list', { name: 'Users' });
    await user.type(within(dialog).getByRole('searchbox', { name: 'Search users' }), 'Sales');
    await user.click(await within(dialog).findByRole('button', { name: 'Show users in Sales' }));
    expect(within(dialog).getByRole('combobox', { name: 'Role' })).toHaveValue('Sales');
    expect(within(dialog).getByRole('searchbox', { name: 'Search users' })).toHaveValue('');
    await within(dialog).findByRole('list', { name: 'Users' });
    await waitFor(() => expect(within(dialog).getByText(/^[1-9][\d,]* users? in Sales$/)).toBeInTheDocument());
    const rows = rowsOf(dialog);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => within(row).queryByText('Sales', { exact: true }) !== null)).toBe(true);
  });

  it('sorts users by name and by state, explicit values first', async () => {
    const { user, dialog } = await open('users');
    await within(dialog).findByRole('list', { name: 'Users' });
    const sort = within(dialog).getByRole('combobox', { name: 'Sort by' });
    await user.selectOptions(sort, 'Name');
    await waitFor(() => {
      const names = rowsOf(dialog).map((row) => row.querySelector('.row__name')?.textContent?.toLowerCase() ?? '');
      expect(names.slice(0, 10)).toEqual([...names.slice(0, 10)].sort());
      expect(names[0]?.startsWith('a')).toBe(true);
    });
    await user.selectOptions(sort, 'State, explicit first');
    await waitFor(() => {
      const states = rowsOf(dialog).map((row) => within(row).getByRole('button', { name: /: / }).getAttribute('aria-label'));
      expect(states[0]).toMatch(/: denied$/);
    });
    const states = rowsOf(dialog).map(
      (row) => /: (\w+)/.exec(within(row).getByRole('button', { name: /: / }).getAttribute('aria-label') ?? '')?.[1],
    );
    const firstInherited = states.indexOf('inherited');
    expect(firstInherited).toBeGreaterThan(0);
    expect(states.slice(firstInherited).every((state) => state === 'inherited')).toBe(true);
    expect(states.lastIndexOf('denied')).toBeLessThan(states.indexOf('granted'));
  });
});
