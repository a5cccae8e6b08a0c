import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render';

const activate = (name: string) =>
  fetch('http://localhost/api/automation/flow/activate-by-name', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });

const setRole = (flowId: string, role: string, value: 'grant' | 'deny' | null) =>
  fetch(`http://localhost/api/console/flows/${flowId}/permissions/roles/${role}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ value }),
  });

describe('Check access', () => {
  it('explains why an anonymous caller is refused, level by level', async () => {
    const { user } = renderApp({ url: '/?permissions=fl_0002&tab=access' });
    const dialog = await screen.findByRole('dialog', { name: 'Permissions for Approve Expense Report' });
    expect(await within(dialog).findByText('Cannot start this flow')).toBeInTheDocument();
    expect(within(dialog).getByText(/Denied by role NonAuthenticatedUser on this flow/)).toBeInTheDocument();
    const trace = within(dialog).getByRole('list', { name: 'How it was decided' });
    expect(within(trace).getByText('System roles on this flow').parentElement).toHaveTextContent('decided');
    expect(within(trace).getByText('App-wide values of custom roles').parentElement).toHaveTextContent('not reached');
    expect(within(trace).getByText('App-wide values of system roles').parentElement).toHaveTextContent('not reached');

    // A user in the granted Finance role can.
    await user.click(within(dialog).getByRole('radio', { name: 'A user' }));
    expect(within(dialog).getByText(/Choose a user/)).toBeInTheDocument();
    const finance = (await (await fetch('http://localhost/api/console/flows/fl_0002/permissions/users?limit=100')).json()) as {
      items: { id: string; name: string | null; email: string; roles: string[]; value: unknown }[];
    };
    const member = finance.items.find(
      (row) => row.roles.includes('Finance') && !row.roles.includes('Contractor') && row.value === null,
    );
    if (!member) throw new Error('the seed has a Finance user on the first page');
    await user.type(within(dialog).getByRole('searchbox', { name: 'Find a user' }), member.email);
    await user.click(await within(dialog).findByRole('button', { name: new RegExp(member.email.replace(/\./g, '\\.')) }));
    // Approve Expense Report is NOT READY: allowed, and the runtime would say it is not LIVE.
    expect(await within(dialog).findByText('Allowed, but the flow is not LIVE')).toBeInTheDocument();
    expect(within(dialog).getByText(/Granted by role Finance on this flow/)).toBeInTheDocument();
  });

  it('does not refuse a Call Flow with session source None because of a NonAuthenticatedUser deny', async () => {
    const { user } = renderApp({ url: '/?permissions=fl_0002&tab=access' });
    const dialog = await screen.findByRole('dialog', { name: /Approve Expense Report/ });
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Way in' }), 'Call Flow from another flow');
    expect(within(dialog).getByRole('combobox', { name: 'User Session Source' })).toHaveValue('none');
    expect(await within(dialog).findByText('Allowed, but the flow is not LIVE')).toBeInTheDocument();
    expect(within(dialog).getByText(/Roles held: ServerCodeUser\./)).toBeInTheDocument();
  });
});

describe('Recent activations', () => {
  it('lists attempts newest first with their decision', async () => {
    expect((await activate('Approve Expense Report')).status).toBe(403);
    expect((await activate('Approve Expense Report')).status).toBe(403);
    renderApp({ url: '/?permissions=fl_0002&tab=activity' });
    const dialog = await screen.findByRole('dialog', { name: /Approve Expense Report/ });
    const list = await within(dialog).findByRole('list', { name: 'Recent activations' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Denied');
    expect(items[0]).toHaveTextContent('Not logged in via REST API');
    expect(items[0]).toHaveTextContent('denied by role NonAuthenticatedUser on this flow');
  });

  it('says so when nobody has tried yet', async () => {
    renderApp({ url: '/?permissions=fl_0004&tab=activity' });
    expect(await screen.findByText('No one has tried to start this flow yet')).toBeInTheDocument();
  });
});

describe('Role rows and guard rails', () => {
  it('shows how many users hold each custom role', async () => {
    renderApp({ url: '/?permissions=fl_0001&tab=roles' });
    const custom = await screen.findByRole('region', { name: 'Custom roles' });
    expect(within(custom).getByText(/Team leads who approve requests/).parentElement).toHaveTextContent(/· \d+ users/);
  });

  it('warns with Undo when a change leaves the flow startable by nobody, and Undo restores it', async () => {
    // Every other way in is closed already (the click-by-click walk is domain/exposure.test.ts's);
    // here the administrator closes the last one.
    for (const role of [
      'Manager',
      'Sales',
      'Support',
      'Finance',
      'Contractor',
      'Auditor',
      'NonAuthenticatedUser',
      'ServerCodeUser',
    ]) {
      expect((await setRole('fl_0004', role, 'deny')).status).toBe(200);
    }
    const { user } = renderApp({ url: '/?permissions=fl_0004&tab=roles' });
    const system = await screen.findByRole('region', { name: 'System roles' });
    await user.click(within(system).getByRole('button', { name: 'AuthenticatedUser: inherited (granted)' }));
    await user.click(await within(system).findByRole('button', { name: 'AuthenticatedUser: granted' }));
    await within(system).findByRole('button', { name: 'AuthenticatedUser: denied' });
    expect(await screen.findByText(/Nobody can start this flow now/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await within(system).findByRole('button', { name: 'AuthenticatedUser: granted' })).toBeInTheDocument();
  });

  it('warns when a restricted flow opens to every anonymous caller', async () => {
    const { user } = renderApp({ url: '/?permissions=fl_0002&tab=roles' });
    const system = await screen.findByRole('region', { name: 'System roles' });
    await user.click(within(system).getByRole('button', { name: 'NonAuthenticatedUser: denied' }));
    expect(await screen.findByText(/Anyone, even without logging in, can start this flow now/)).toBeInTheDocument();
  });
});

describe('App-wide permissions', () => {
  it('denies a role app-wide, and flows that set nothing show it inherited (denied)', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('link', { name: 'App-wide permissions' }));
    expect(await screen.findByRole('heading', { name: 'App-wide permissions' })).toBeInTheDocument();
    const guest = await screen.findByRole('switch', { name: 'GuestUser may start flows' });
    expect(guest).toBeChecked();
    await user.click(guest);
    // A broad change is previewed first, and confirmed with a button naming it.
    const preview = await screen.findByRole('alertdialog', { name: 'Deny GuestUser app-wide?' });
    expect(
      await within(preview).findByText(/activation attempts of the last 7 days would have been refused/),
    ).toBeInTheDocument();
    await user.click(within(preview).getByRole('button', { name: 'Deny app-wide' }));
    await waitFor(() => expect(screen.getByRole('switch', { name: 'GuestUser may start flows' })).not.toBeChecked());

    await user.click(screen.getByRole('link', { name: 'Flows' }));
    await user.click(await screen.findByRole('button', { name: 'Permissions for Send Welcome Email' }));
    const dialog = await screen.findByRole('dialog', { name: /Send Welcome Email/ });
    await user.click(within(dialog).getByRole('tab', { name: 'ROLES PERMISSIONS' }));
    expect(await within(dialog).findByRole('button', { name: 'GuestUser: inherited (denied)' })).toBeInTheDocument();
  });
});
