import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../mocks/node';
import { permissionQueries } from '../../src/api/permissions';
import { renderApp } from '../render';

const openPermissions = async (flow = 'Send Welcome Email') => {
  const rendered = renderApp();
  await rendered.user.click(await screen.findByRole('button', { name: `Permissions for ${flow}` }));
  const dialog = await screen.findByRole('dialog', { name: `Permissions for ${flow}` });
  return { ...rendered, dialog };
};

describe('Permissions modal', () => {
  it('opens from the lock, named for the flow, with both tabs and a legend, and puts itself in the URL', async () => {
    const { dialog } = await openPermissions();
    expect(within(dialog).getByRole('tab', { name: 'USER PERMISSIONS' })).toHaveAttribute('aria-selected', 'true');
    expect(within(dialog).getByRole('tab', { name: 'ROLES PERMISSIONS' })).toBeInTheDocument();
    expect(within(dialog).getByRole('list', { name: 'Legend' })).toHaveTextContent('Denied for this flow');
    // The history entry is pushed once the open is painted (url-state.ts): waited for, not assumed.
    await waitFor(() => expect(window.location.search).toBe('?permissions=fl_0001&tab=users'));
  });

  it('cycles a role through granted, denied and inherited, and saves where it ends', async () => {
    const { user, dialog } = await openPermissions('Sync CRM Contacts');
    await user.click(within(dialog).getByRole('tab', { name: 'ROLES PERMISSIONS' }));
    expect(window.location.search).toContain('tab=roles');
    const roles = await within(dialog).findByRole('region', { name: 'System roles' });
    await user.click(within(roles).getByRole('button', { name: 'NonAuthenticatedUser: inherited (granted)' }));
    expect(await within(roles).findByRole('button', { name: 'NonAuthenticatedUser: granted' })).toBeInTheDocument();
    await user.click(within(roles).getByRole('button', { name: 'NonAuthenticatedUser: granted' }));
    await user.click(await within(roles).findByRole('button', { name: 'NonAuthenticatedUser: denied' }));
    expect(await within(roles).findByRole('button', { name: 'NonAuthenticatedUser: inherited (granted)' })).toBeInTheDocument();
    expect(within(dialog).getByRole('status', { hidden: false, name: '' })).toBeDefined();

    // What the server holds once the clicks are saved (quick ones as one write), seen by a fresh fetch.
    const saved = async () => {
      const answer = await fetch('http://localhost/api/console/flows/fl_0003/permissions/roles');
      const { items } = (await answer.json()) as { items: { name: string; value: unknown }[] };
      return items.find((role) => role.name === 'NonAuthenticatedUser')?.value;
    };
    await waitFor(async () => expect(await saved()).toBeNull());
    await waitFor(() => expect(dialog.querySelector('.save-state')).toBeNull());
    expect(await saved()).toBeNull();
  });

  it('says "saving" in the toast until the row is saved, then the state the row has', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // Holds the save back, then lets the demo's backend answer it.
    server.use(http.put('*/api/console/flows/:flowId/permissions/roles/:role', () => held.then(() => undefined), { once: true }));
    const { user, dialog } = await openPermissions('Sync CRM Contacts');
    await user.click(within(dialog).getByRole('tab', { name: 'ROLES PERMISSIONS' }));
    const roles = await within(dialog).findByRole('region', { name: 'System roles' });
    await user.click(within(roles).getByRole('button', { name: 'NonAuthenticatedUser: inherited (granted)' }));
    const toast = () => dialog.querySelector('.toast__message');
    await waitFor(() => expect(toast()).toHaveTextContent(/^NonAuthenticatedUser: granted \(saving…\)$/));
    release();
    await waitFor(() => expect(toast()).toHaveTextContent(/^NonAuthenticatedUser: granted$/));
  });

  it('marks system roles and lists custom roles', async () => {
    const { user, dialog } = await openPermissions();
    await user.click(within(dialog).getByRole('tab', { name: 'ROLES PERMISSIONS' }));
    const system = await within(dialog).findByRole('region', { name: 'System roles' });
    for (const role of [
      'NonAuthenticatedUser',
      'AuthenticatedUser',
      'SocialUser',
      'GuestUser',
      'RestUser',
      'JSUser',
      'ServerCodeUser',
    ]) {
      expect(within(system).getByRole('button', { name: new RegExp(`^${role}: `) })).toBeInTheDocument();
    }
    expect(within(system).getAllByText('system').length).toBe(14);
    const custom = within(dialog).getByRole('region', { name: 'Custom roles' });
    expect(within(custom).getByRole('button', { name: 'Contractor: denied' })).toBeInTheDocument();
    expect(within(custom).getByRole('button', { name: 'Manager: granted' })).toBeInTheDocument();
  });

  it('shows users with their explicit and inherited states, a denied role giving a gray X', async () => {
    const { dialog } = await openPermissions();
    const users = await within(dialog).findByRole('list', { name: 'Users' });
    expect(within(dialog).getByText('300 users')).toBeInTheDocument();
    expect(within(users).getByRole('button', { name: /: granted$/ })).toBeInTheDocument();
    expect(within(users).getByRole('button', { name: /: denied$/ })).toBeInTheDocument();
    expect(within(users).getByRole('button', { name: 'Tariq Nguyen: inherited (denied)' })).toBeInTheDocument();
  });

  it('holds only the pages it asked for', async () => {
    const { dialog, queryClient } = await openPermissions();
    await within(dialog).findByRole('list', { name: 'Users' });
    const lists = queryClient.getQueryCache().findAll({ queryKey: permissionQueries.userLists('fl_0001') });
    expect(lists).toHaveLength(1);
    const data = lists[0]?.state.data as { pages: { ids: string[]; total: number }[] };
    expect(data.pages).toHaveLength(1);
    expect(data.pages[0]?.ids).toHaveLength(100);
    expect(data.pages[0]?.total).toBe(300);
  });

  it('searches users on the server and cycles a user', async () => {
    const { user, dialog } = await openPermissions();
    await within(dialog).findByRole('list', { name: 'Users' });
    await user.type(within(dialog).getByRole('searchbox', { name: 'Search users' }), 'yara.moreau');
    await waitFor(() => expect(within(dialog).getByText(/^\d+ users?$/)).not.toHaveTextContent('300'));
    const rows = within(within(dialog).getByRole('list', { name: 'Users' })).getAllByRole('listitem');
    expect(rows.every((row) => /yara\.moreau/.test(row.textContent ?? ''))).toBe(true);
    const toggle = within(rows[0] as HTMLElement).getByRole('button', { name: /^Yara Moreau: / });
    await user.click(toggle);
    expect(await within(dialog).findAllByRole('button', { name: 'Yara Moreau: granted' })).not.toHaveLength(0);
  });

  it('returns the icon and says what failed when a save fails', async () => {
    server.use(
      http.put('*/api/console/flows/:flowId/permissions/roles/:role', () =>
        HttpResponse.json({ code: 5000, message: 'Storage unavailable' }, { status: 503 }),
      ),
    );
    const { user, dialog } = await openPermissions('Sync CRM Contacts');
    await user.click(within(dialog).getByRole('tab', { name: 'ROLES PERMISSIONS' }));
    await user.click(await within(dialog).findByRole('button', { name: 'GuestUser: inherited (granted)' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Could not save GuestUser: Storage unavailable');
    expect(await within(dialog).findByRole('button', { name: 'GuestUser: inherited (granted)' })).toBeInTheDocument();
  });

  it('shows "Flow not found" for an unknown flow id in the URL', async () => {
    renderApp({ url: '/?permissions=nope&tab=roles' });
    const dialog = await screen.findByRole('dialog', { name: 'Flow not found' });
    expect(within(dialog).getByText(/does not exist/)).toBeInTheDocument();
  });

  it('shows an error state, not a white screen, when an answer breaks the contract', async () => {
    server.use(http.get('*/api/console/flows/:flowId/permissions/roles', () => HttpResponse.json({ items: [{ name: 7 }] })));
    renderApp({ url: '/?permissions=fl_0001&tab=roles' });
    const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
    expect(await within(dialog).findByText('Could not load roles')).toBeInTheDocument();
    expect(within(dialog).getByText(/unexpected shape/)).toBeInTheDocument();
  });

  it('closes on Esc and gives focus back to the lock', async () => {
    const { user } = await openPermissions();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Permissions for Send Welcome Email' })).toHaveFocus();
  });
});
