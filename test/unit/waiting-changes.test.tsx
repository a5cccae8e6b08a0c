import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../mocks/node';
import { createOutbox, outboxOf } from '../../src/api/outbox';
import { App } from '../../src/app/app';
import { renderApp } from '../render';
import { writeLeftBeforeAnotherEdit } from '../restored-write';

const ROW = '*/api/console/flows/:flowId/permissions/roles/:role';

const serverRow = async (role: string) =>
  (await (await fetch(`http://localhost/api/console/flows/fl_0001/permissions/roles/${role}`)).json()) as {
    value: unknown;
    version: number;
  };

async function openRoles() {
  const rendered = renderApp({ url: '/?permissions=fl_0001&tab=roles' });
  const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
  await within(dialog).findByRole('region', { name: 'Custom roles' });
  return { ...rendered, dialog };
}

describe('changes waiting, and undo by keyboard', () => {
  it('the top bar says how many writes wait, lists them by flow after the modal closed, and discards one', async () => {
    server.use(http.put(ROW, () => HttpResponse.error()));
    const { user, dialog } = await openRoles();
    expect(screen.queryByRole('button', { name: /waiting/ })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Sales: inherited (granted)' }));
    await within(dialog).findByText('Offline: saves when the network is back');
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    const waiting = await screen.findByRole('button', { name: '1 change waiting' });
    await user.click(waiting);
    const list = screen.getByRole('group', { name: 'Changes waiting to be saved' });
    const flow = within(list).getByRole('region', { name: 'Send Welcome Email' });
    expect(within(flow).getByText('Sales: granted')).toBeInTheDocument();

    await user.click(within(flow).getByRole('button', { name: 'Discard Sales: granted' }));
    expect(screen.queryByRole('button', { name: /waiting/ })).toBeNull();
    server.resetHandlers();
    expect(await serverRow('Sales')).toMatchObject({ value: null, version: 0 });
  });

  it('Ctrl+Z in the modal undoes the last change, on the server too', async () => {
    const { user, dialog } = await openRoles();
    await user.click(within(dialog).getByRole('button', { name: 'Auditor: inherited (granted)' }));
    await waitFor(async () => expect(await serverRow('Auditor')).toMatchObject({ value: 'grant', version: 1 }));
    await user.keyboard('{Control>}z{/Control}');
    expect(within(dialog).getByRole('button', { name: 'Auditor: inherited (granted)' })).toBeInTheDocument();
    await waitFor(async () => expect(await serverRow('Auditor')).toMatchObject({ value: null, version: 2 }));
    // One change, one undo: a second Ctrl+Z does nothing.
    await user.keyboard('{Control>}z{/Control}');
    expect(within(dialog).getByRole('button', { name: 'Auditor: inherited (granted)' })).toBeInTheDocument();
  });
});

describe('a write left by the page before a reload', () => {
  it('meets a value someone else changed meanwhile: a conflict notice on its row, not an overwrite', async () => {
    const { store, theirs, mine } = await writeLeftBeforeAnotherEdit('role', 'Finance');
    window.history.replaceState(null, '', '/?permissions=fl_0001&tab=roles');
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    outboxOf(queryClient, createOutbox(store));
    render(<App queryClient={queryClient} demo={false} />);

    const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
    const notice = await within(dialog).findByRole('alert');
    expect(notice).toHaveTextContent('Finance was changed by second-admin@example.com');
    expect(
      within(notice).getByRole('button', { name: `Apply mine: ${mine === 'grant' ? 'granted' : 'denied'}` }),
    ).toBeInTheDocument();
    expect(await serverRow('Finance')).toMatchObject({ value: theirs.value, version: theirs.version });
    await waitFor(() => expect(store.entries.size).toBe(0));
  });
});
