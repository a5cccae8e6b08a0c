import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render';

/** The audit log page, the impact dialog before an app-wide change, and its Undo. */

const rename = (flowId: string, name: string) =>
  fetch(`http://localhost/api/console/flows/${flowId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });

describe('App-wide change with its impact and Undo', () => {
  it('previews denying NonAuthenticatedUser, applies it, lists it in the audit log, and Undo restores it', async () => {
    const { user } = renderApp({ url: '/?view=app-permissions' });
    await user.click(await screen.findByRole('switch', { name: 'NonAuthenticatedUser may start flows' }));
    const preview = await screen.findByRole('alertdialog', { name: 'Deny NonAuthenticatedUser app-wide?' });
    const facts = await within(preview).findByRole('list', { name: 'Impact' });
    expect(facts).toHaveTextContent(/Callers with nobody logged in lose \d+ flows/);
    expect(facts).toHaveTextContent(/\d+ of the [\d,]+ activation attempts of the last 7 days would have been refused/);
    await user.click(within(preview).getByRole('button', { name: 'Deny app-wide' }));
    await waitFor(() => expect(screen.getByRole('switch', { name: 'NonAuthenticatedUser may start flows' })).not.toBeChecked());
    expect(await screen.findByRole('status')).toHaveTextContent('NonAuthenticatedUser: denied app-wide.');

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(screen.getByRole('switch', { name: 'NonAuthenticatedUser may start flows' })).toBeChecked());

    await user.click(screen.getByRole('link', { name: 'Audit log' }));
    expect(await screen.findByRole('heading', { name: 'Audit log', level: 1 })).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Audit log entries' });
    // The console's app id badge reads the API keys, which is recorded too: only the app-wide rows here.
    const rows = within(table)
      .getAllByRole('row')
      .filter((row) => row.textContent?.includes('App-wide permission'));
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringMatching(/demo-admin@example\.comApp-wide permissionNonAuthenticatedUserdenygrantUndo$/),
      expect.stringMatching(/demo-admin@example\.comApp-wide permissionNonAuthenticatedUsergrantdenyUndo$/),
    ]);
  });

  it('cancels: nothing changes and nothing is recorded', async () => {
    const { user } = renderApp({ url: '/?view=app-permissions' });
    await user.click(await screen.findByRole('switch', { name: 'AuthenticatedUser may start flows' }));
    const preview = await screen.findByRole('alertdialog', { name: 'Deny AuthenticatedUser app-wide?' });
    await within(preview).findByRole('list', { name: 'Impact' });
    await user.click(within(preview).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('switch', { name: 'AuthenticatedUser may start flows' })).toBeChecked();
    const log = (await (await fetch('http://localhost/api/console/audit?kind=app-wide.value')).json()) as { total: number };
    expect(log.total).toBe(0);
  });
});

describe('the audit log page', () => {
  it('undoes an undoable change from its row; the server refuses it once the thing changed again', async () => {
    const setAppWide = (value: 'grant' | 'deny') =>
      fetch('http://localhost/api/console/app-permissions/GuestUser', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value }),
      });
    const appWide = async () =>
      (
        (await (await fetch('http://localhost/api/console/app-permissions')).json()) as {
          items: { name: string; value: string }[];
        }
      ).items.find((row) => row.name === 'GuestUser')?.value;
    expect((await setAppWide('deny')).ok).toBe(true);
    const { user } = renderApp({ url: '/?view=audit' });
    const table = await screen.findByRole('table', { name: 'Audit log entries' });
    await user.click(await within(table).findByRole('button', { name: 'Undo: App-wide permission, GuestUser' }));
    expect(await screen.findByText('Undone: App-wide permission.')).toBeInTheDocument();
    expect(await appWide()).toBe('grant');
    // The undo is an entry of its own: its own id, made now.
    const log = (await (await fetch('http://localhost/api/console/audit?kind=app-wide.value')).json()) as {
      items: { id: string; at: string; after: string }[];
    };
    expect(log.items.map((entry) => entry.after)).toEqual(['grant', 'deny']);
    expect(log.items[0]?.id).not.toBe(log.items[1]?.id);
    expect(log.items[0]?.at).not.toBe(log.items[1]?.at);
    // The undo is the newest change of GuestUser now: the first entry's Undo is refused.
    await waitFor(() =>
      expect(within(table).getAllByRole('button', { name: 'Undo: App-wide permission, GuestUser' })).toHaveLength(2),
    );
    const rows = within(table).getAllByRole('button', { name: 'Undo: App-wide permission, GuestUser' });
    await user.click(rows[1] as HTMLElement);
    expect(await screen.findByText(/^Could not undo: /)).toBeInTheDocument();
    expect(await appWide()).toBe('grant');
  });

  it('filters by kind and by flow, and a rename shows in that flow’s HISTORY tab', async () => {
    expect((await rename('fl_0002', 'Approve Claims')).ok).toBe(true);
    await fetch('http://localhost/api/console/app-keys');
    const { user } = renderApp({ url: '/?view=audit' });
    const table = await screen.findByRole('table', { name: 'Audit log entries' });
    await waitFor(() => expect(within(table).getAllByText('API keys shown').length).toBeGreaterThan(0));
    expect(within(table).getByText('Flow renamed')).toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Kind of change' }), 'Flow renamed');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent(
      /Flow renamedApprove ClaimsApprove Expense ReportApprove ClaimsUndo$/,
    );

    renderApp({ url: '/?permissions=fl_0002&tab=history' });
    const changes = await screen.findByRole('list', { name: 'Changes, newest first' });
    expect(within(changes).getByRole('listitem')).toHaveTextContent(/^Flow renamedFlow · by demo-admin@example\.com/);
  });

  it('filters by a flow or a principal picked from a row, shown as a filter that can be removed', async () => {
    expect((await rename('fl_0002', 'Approve Claims')).ok).toBe(true);
    expect((await rename('fl_0003', 'Sync Contacts')).ok).toBe(true);
    const { user } = renderApp({ url: '/?view=audit' });
    const table = await screen.findByRole('table', { name: 'Audit log entries' });
    await within(table).findByRole('button', { name: 'Only flow Sync Contacts' });
    await user.click(within(table).getByRole('button', { name: 'Only flow Approve Claims' }));
    const active = await screen.findByRole('list', { name: 'Active filters' });
    expect(active).toHaveTextContent('Flow: Approve Claims');
    await waitFor(() => expect(within(table).queryByRole('button', { name: 'Only flow Sync Contacts' })).not.toBeInTheDocument());
    expect(within(table).getAllByRole('row')).toHaveLength(2);

    await user.click(within(active).getByRole('button', { name: 'Remove filter Flow: Approve Claims' }));
    expect(await within(table).findByRole('button', { name: 'Only flow Sync Contacts' })).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Active filters' })).not.toBeInTheDocument();
  });
});
