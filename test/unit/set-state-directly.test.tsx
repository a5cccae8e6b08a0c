import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render';

const FLOW = 'fl_0003';

const openRoles = async () => {
  const rendered = renderApp({ url: `/?permissions=${FLOW}&tab=roles` });
  const dialog = await screen.findByRole('dialog', { name: 'Permissions for Sync CRM Contacts' });
  const system = await within(dialog).findByRole('region', { name: 'System roles' });
  return { ...rendered, dialog, system };
};

interface Change {
  principal: { id: string };
  from: string | null;
  to: string | null;
}

const historyOf = async (principal: string) => {
  const answer = await fetch(`http://localhost/api/console/flows/${FLOW}/history?limit=100`);
  const { items } = (await answer.json()) as { items: Change[] };
  return items.filter((change) => change.principal.id === principal).map(({ from, to }) => ({ from, to }));
};

const serverValue = async (role: string) => {
  const answer = await fetch(`http://localhost/api/console/flows/${FLOW}/permissions/roles/${role}`);
  return ((await answer.json()) as { value: string | null }).value;
};

describe('setting a state directly', () => {
  it('right-click opens Inherit, Grant, Deny with the current one checked; Deny stores denied alone', async () => {
    const { user, system } = await openRoles();
    const icon = within(system).getByRole('button', { name: 'NonAuthenticatedUser: inherited (granted)' });
    await user.pointer({ keys: '[MouseRight]', target: icon });
    const menu = await screen.findByRole('menu', { name: 'Set NonAuthenticatedUser' });
    const items = ['Inherit', 'Grant', 'Deny'].map((name) => within(menu).getByRole('menuitemradio', { name }));
    expect(within(menu).getAllByRole('menuitemradio')).toEqual(items);
    expect(items.map((item) => item.getAttribute('aria-checked'))).toEqual(['true', 'false', 'false']);

    await user.click(within(menu).getByRole('menuitemradio', { name: 'Deny' }));
    expect(await within(system).findByRole('button', { name: 'NonAuthenticatedUser: denied' })).toHaveFocus();
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    await waitFor(async () => expect(await serverValue('NonAuthenticatedUser')).toBe('deny'));
    expect(await historyOf('NonAuthenticatedUser')).toEqual([{ from: null, to: 'deny' }]);
  });

  it('opens from the keyboard (Shift+F10) on the current state, moves with arrows, and Esc gives focus back', async () => {
    const { user, system, dialog } = await openRoles();
    const icon = within(system).getByRole('button', { name: 'GuestUser: inherited (granted)' });
    icon.focus();
    await user.keyboard('{Shift>}{F10}{/Shift}');
    const menu = await screen.findByRole('menu', { name: 'Set GuestUser' });
    await waitFor(() => expect(within(menu).getByRole('menuitemradio', { name: 'Inherit' })).toHaveFocus());
    await user.keyboard('{ArrowDown}');
    expect(within(menu).getByRole('menuitemradio', { name: 'Grant' })).toHaveFocus();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('menu')).not.toBeInTheDocument());
    // Esc closed the menu alone, not the dialog, and nothing was saved.
    expect(dialog).toBeInTheDocument();
    expect(within(system).getByRole('button', { name: 'GuestUser: inherited (granted)' })).toHaveFocus();

    await user.keyboard('{ContextMenu}');
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    expect(await within(system).findByRole('button', { name: 'GuestUser: denied' })).toHaveFocus();
    await waitFor(async () => expect(await serverValue('GuestUser')).toBe('deny'));
  });

  it('sets a state with the keys i, g and d on a focused icon', async () => {
    const { user, system } = await openRoles();
    within(system).getByRole('button', { name: 'SocialUser: inherited (granted)' }).focus();
    await user.keyboard('d');
    expect(within(system).getByRole('button', { name: 'SocialUser: denied' })).toHaveFocus();
    await waitFor(async () => expect(await serverValue('SocialUser')).toBe('deny'));
    await user.keyboard('g');
    await waitFor(async () => expect(await serverValue('SocialUser')).toBe('grant'));
    await user.keyboard('i');
    expect(within(system).getByRole('button', { name: 'SocialUser: inherited (granted)' })).toBeInTheDocument();
    await waitFor(async () => expect(await serverValue('SocialUser')).toBeNull());
    expect(await historyOf('SocialUser')).toEqual([
      { from: 'grant', to: null },
      { from: 'deny', to: 'grant' },
      { from: null, to: 'deny' },
    ]);
  });

  it('sends quick clicks on one row as one write of the last target; Undo goes back to before them', async () => {
    const { user, system, dialog } = await openRoles();
    await user.click(within(system).getByRole('button', { name: 'RestUser: inherited (granted)' }));
    // The icon changes on every click.
    await user.click(within(system).getByRole('button', { name: 'RestUser: granted' }));
    expect(within(system).getByRole('button', { name: 'RestUser: denied' })).toBeInTheDocument();
    await waitFor(async () => expect(await serverValue('RestUser')).toBe('deny'));
    expect(await historyOf('RestUser')).toEqual([{ from: null, to: 'deny' }]);

    await waitFor(() => expect(dialog.querySelector('.toast__message')).toHaveTextContent(/^RestUser: denied$/));
    await user.click(within(dialog).getByRole('button', { name: 'Undo' }));
    expect(await within(system).findByRole('button', { name: 'RestUser: inherited (granted)' })).toBeInTheDocument();
    await waitFor(async () => expect(await serverValue('RestUser')).toBeNull());
    expect(await historyOf('RestUser')).toEqual([
      { from: 'deny', to: null },
      { from: null, to: 'deny' },
    ]);
  });
});
