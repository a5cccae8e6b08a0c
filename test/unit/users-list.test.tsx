import { screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../mocks/node';
import { renderApp } from '../render';

const openUsers = async () => {
  const rendered = renderApp({ url: '/?permissions=fl_0001&tab=users' });
  const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
  await within(dialog).findByText('300 users');
  return { ...rendered, dialog, search: within(dialog).getByRole('searchbox', { name: 'Search users' }) };
};

const names = (dialog: HTMLElement) =>
  within(within(dialog).getByRole('list', { name: 'Users' }))
    .getAllByRole('listitem')
    .map((row) => row.querySelector('.row__name')?.textContent);

describe('USER PERMISSIONS list', () => {
  it('never shows the answer to a superseded search, and cancels its request', async () => {
    let slowSearchAborted = false;
    server.use(
      http.get('*/api/console/flows/:flowId/permissions/users', async ({ request }) => {
        if (new URL(request.url).searchParams.get('search') !== 'ana') return undefined;
        // The answer to "ana" comes only once its request is cancelled: the administrator has typed on.
        await new Promise<void>((resolve) => request.signal.addEventListener('abort', () => resolve(), { once: true }));
        slowSearchAborted = true;
        return undefined;
      }),
    );
    const { user, dialog, search } = await openUsers();
    await user.type(search, 'ana');
    // The list says it is busy while the search for "ana" is out.
    await waitFor(() =>
      expect(within(dialog).getByRole('list', { name: 'Users' }).parentElement).toHaveAttribute('aria-busy', 'true'),
    );
    await user.type(search, ' rossi');
    await within(dialog).findByText(/^\d users?$/);
    expect(new Set(names(dialog))).toEqual(new Set(['Ana Rossi']));
    await waitFor(() => expect(slowSearchAborted).toBe(true));
    // The slow answer has been given: the list still shows the newer search.
    expect(await within(dialog).findByText(/^\d users?$/)).toBeInTheDocument();
    expect(new Set(names(dialog))).toEqual(new Set(['Ana Rossi']));
  });

  it('filters to the users with an explicit value on the flow', async () => {
    const { user, dialog } = await openUsers();
    await user.click(within(dialog).getByRole('checkbox', { name: 'Only explicit values' }));
    expect(await within(dialog).findByText('2 users with explicit values')).toBeInTheDocument();
    const list = within(dialog).getByRole('list', { name: 'Users' });
    expect(within(list).getByRole('button', { name: 'Ana Rossi: granted' })).toBeInTheDocument();
    expect(within(list).getByRole('button', { name: 'Farid Patel: denied' })).toBeInTheDocument();
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);

    await user.type(within(dialog).getByRole('searchbox', { name: 'Search users' }), 'zzz');
    expect(await within(dialog).findByText('No user with an explicit value matches "zzz"')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('checkbox', { name: 'Only explicit values' }));
    expect(await within(dialog).findByText('No user matches "zzz"')).toBeInTheDocument();
  });

  it('renders only the rows in view, and says how many users there are in all', async () => {
    const { dialog } = await openUsers();
    const rows = within(within(dialog).getByRole('list', { name: 'Users' })).getAllByRole('listitem');
    // jsdom has no layout: the test setup gives scroll boxes a height of 600 px, about 11 rows of 56 px.
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(30);
    expect(rows[0]).toHaveAttribute('aria-setsize', '300');
    expect(rows[0]).toHaveAttribute('aria-posinset', '1');
  });
});
