import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../mocks/node';
import { renderApp } from '../render';

describe('Flow Manager', () => {
  it('lists the flows with status and description', async () => {
    renderApp();
    expect(screen.getByRole('heading', { name: 'Flow Manager' })).toBeInTheDocument();
    const item = await screen.findByRole('listitem', { name: 'Send Welcome Email' });
    expect(within(item).getByText('LIVE')).toBeInTheDocument();
    expect(within(item).getByText(/Greets new sign-ups/)).toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(12);
  });

  it('says who can start each flow, and says it again after a change', async () => {
    const { user } = renderApp();
    const welcome = await screen.findByRole('listitem', { name: 'Send Welcome Email' });
    const expense = screen.getByRole('listitem', { name: 'Approve Expense Report' });
    // NonAuthenticatedUser is denied on Approve Expense Report; Contractor on Send Welcome Email.
    expect(await within(expense).findByText('Logged-in users only · 300 of 300 users')).toBeInTheDocument();
    expect(await within(welcome).findByText(/^Anyone · \d+ of 300 users$/)).toBeInTheDocument();

    await user.click(within(welcome).getByRole('button', { name: 'Permissions for Send Welcome Email' }));
    const dialog = await screen.findByRole('dialog', { name: /Send Welcome Email/ });
    await user.click(within(dialog).getByRole('tab', { name: 'ROLES PERMISSIONS' }));
    const anonymous = await within(dialog).findByRole('button', { name: 'NonAuthenticatedUser: inherited (granted)' });
    await user.click(anonymous);
    await user.click(within(dialog).getByRole('button', { name: 'NonAuthenticatedUser: granted' }));
    await within(dialog).findByRole('button', { name: 'NonAuthenticatedUser: denied' });
    await user.keyboard('{Escape}');
    expect(await within(welcome).findByText(/^Logged-in users only · \d+ of 300 users$/)).toBeInTheDocument();
  });

  it('searches flows', async () => {
    const { user } = renderApp();
    await screen.findByRole('listitem', { name: 'Send Welcome Email' });
    await user.type(screen.getByRole('searchbox', { name: 'Search flows' }), 'invoice');
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    expect(screen.getByRole('listitem', { name: 'Generate Monthly Invoices' })).toBeInTheDocument();
    await user.clear(screen.getByRole('searchbox', { name: 'Search flows' }));
    await user.type(screen.getByRole('searchbox', { name: 'Search flows' }), 'zzz');
    expect(await screen.findByText('No flow matches "zzz"')).toBeInTheDocument();
  });

  it('renames a flow, showing a duplicate name as a field error', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Rename Approve Expense Report' }));
    const dialog = screen.getByRole('dialog', { name: /Rename Approve Expense Report/ });
    const field = within(dialog).getByRole('textbox', { name: 'Flow name' });
    await user.clear(field);
    await user.type(field, 'Send Welcome Email');
    await user.click(within(dialog).getByRole('button', { name: 'Rename' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('A flow named "Send Welcome Email" already exists');
    expect(field).toHaveAttribute('aria-invalid', 'true');

    await user.clear(field);
    await user.type(field, 'Approve Expenses');
    await user.click(within(dialog).getByRole('button', { name: 'Rename' }));
    expect(await screen.findByRole('listitem', { name: 'Approve Expenses' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('deletes a flow after confirmation, and refuses a LIVE one', async () => {
    const { user } = renderApp();
    const live = await screen.findByRole('button', { name: 'Delete Send Welcome Email' });
    expect(live).toHaveAttribute('aria-disabled', 'true');
    await user.click(live);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Delete Approve Expense Report' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Delete Approve Expense Report?' });
    await within(confirm).findByRole('list', { name: 'Impact' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete flow' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Approve Expense Report' })).not.toBeInTheDocument());
    expect(screen.getAllByRole('listitem')).toHaveLength(11);
  });

  it('shows an error with a retry when the list fails, then recovers', async () => {
    server.use(
      http.get('*/api/console/flows', () => HttpResponse.json({ code: 5000, message: 'Database is down' }, { status: 500 }), {
        once: true,
      }),
    );
    const { user } = renderApp();
    expect(await screen.findByText('Database is down')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('listitem', { name: 'Send Welcome Email' })).toBeInTheDocument();
  });

  it('gives focus back to Rename on Esc, and to the search field after a delete', async () => {
    const { user } = renderApp();
    const rename = await screen.findByRole('button', { name: 'Rename Approve Expense Report' });
    await user.click(rename);
    await screen.findByRole('dialog', { name: /Rename/ });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole('button', { name: 'Rename Approve Expense Report' })).toHaveFocus());

    await user.click(screen.getByRole('button', { name: 'Delete Approve Expense Report' }));
    await within(screen.getByRole('alertdialog')).findByRole('list', { name: 'Impact' });
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete flow' }));
    await waitFor(() => expect(screen.getByRole('searchbox', { name: 'Search flows' })).toHaveFocus());
  });
});
