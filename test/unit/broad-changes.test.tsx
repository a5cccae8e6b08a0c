import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../render';

/**
 * Broad changes are previewed (the impact, computed by the server) and confirmed with a button that names
 * the action; Cancel changes nothing. Renames, status and role membership changes get a toast with Undo.
 */

const api = 'http://localhost/api/console';
const getJson = async <T,>(path: string) => (await (await fetch(`${api}${path}`)).json()) as T;
const auditTotal = async (kind: string) => (await getJson<{ total: number }>(`/audit?kind=${kind}`)).total;
const flowName = async (flowId: string) => (await getJson<{ name: string }>(`/flows/${flowId}`)).name;
const customRoles = async () => (await getJson<{ items: { name: string }[] }>('/roles')).items.map((role) => role.name);
const userValues = async (flowId: string, search: string) =>
  (
    await getJson<{ items: { id: string; value: string | null }[] }>(
      `/flows/${flowId}/permissions/users-matching?search=${encodeURIComponent(search)}`,
    )
  ).items.map((row) => [row.id, row.value]);
const explicitCount = async (flowId: string) => {
  const users = await getJson<{ total: number }>(`/flows/${flowId}/permissions/users-matching?only=explicit`);
  const roles = await getJson<{ items: { value: string | null }[] }>(`/flows/${flowId}/permissions/roles`);
  return users.total + roles.items.filter((role) => role.value !== null).length;
};

/** Starts a flow by its name, as an app with nobody logged in does. */
const activateByName = (name: string) =>
  fetch('http://localhost/api/automation/flow/activate-by-name', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });

/** The impact's numbers, as the dialog or panel shows them. */
const expectNumbers = async (container: HTMLElement) => {
  const facts = await within(container).findByRole('list', { name: 'Impact' });
  expect(facts).toHaveTextContent(/[\d,]+ of [\d,]+ users lose access to at least one flow; [\d,]+ gain access\./);
  expect(facts).toHaveTextContent(/[\d,]+ of the [\d,]+ activation attempts of the last 7 days would have been refused/);
  return facts;
};

describe('deleting a custom role', () => {
  it('previews the impact; Cancel keeps the role, "Delete role" deletes it', async () => {
    expect(await customRoles()).toContain('Manager');
    const { user } = renderApp({ url: '/?view=manage' });
    await user.click(await screen.findByRole('button', { name: 'Delete Manager' }));
    let dialog = await screen.findByRole('alertdialog', { name: 'Delete the role Manager?' });
    await expectNumbers(dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(await customRoles()).toContain('Manager');

    await user.click(screen.getByRole('button', { name: 'Delete Manager' }));
    dialog = await screen.findByRole('alertdialog', { name: 'Delete the role Manager?' });
    await expectNumbers(dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Delete role' }));
    await waitFor(async () => expect(await customRoles()).not.toContain('Manager'));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Delete Manager' })).not.toBeInTheDocument());
  });
});

describe('renaming and deleting flows', () => {
  it('renaming a LIVE flow warns first with the callers that start it by name; Cancel renames nothing', async () => {
    for (let n = 0; n < 2; n++) expect((await activateByName('Send Welcome Email')).ok).toBe(true);
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Rename Send Welcome Email' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rename Send Welcome Email' });
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      /^Renaming breaks apps that start it by name: 2 attempts by anonymous callers in the last 7 days\.$/,
    );
    await expectNumbers(dialog);
    expect(within(dialog).getByRole('region', { name: 'Callers by name' })).toBeInTheDocument();
    await user.clear(within(dialog).getByRole('textbox', { name: 'Flow name' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Flow name' }), 'Send Hello Email');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await flowName('fl_0001')).toBe('Send Welcome Email');
    expect(await auditTotal('flow.rename')).toBe(0);
  });

  it('"Rename flow" renames the LIVE flow; the toast’s Undo gives the old name back', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Rename Send Welcome Email' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rename Send Welcome Email' });
    await expectNumbers(dialog);
    const rename = within(dialog).getByRole('button', { name: 'Rename flow' });
    await user.clear(within(dialog).getByRole('textbox', { name: 'Flow name' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Flow name' }), 'Send Hello Email');
    await user.click(rename);
    expect(await screen.findByRole('listitem', { name: 'Send Hello Email' })).toBeInTheDocument();
    expect(await screen.findByText('Renamed Send Welcome Email to Send Hello Email.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await screen.findByRole('listitem', { name: 'Send Welcome Email' })).toBeInTheDocument();
    expect(await flowName('fl_0001')).toBe('Send Welcome Email');
    expect(await screen.findByText('Renamed Send Hello Email back to Send Welcome Email (undone).')).toBeInTheDocument();
  });

  it('deleting a flow states its impact first; Cancel keeps it', async () => {
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Delete Approve Expense Report' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete Approve Expense Report?' });
    await expectNumbers(dialog);
    expect(within(dialog).getByRole('button', { name: 'Delete flow' })).toBeEnabled();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(screen.getByRole('listitem', { name: 'Approve Expense Report' })).toBeInTheDocument();
  });
});

describe('batches in the Permissions modal', () => {
  const open = async (flowId = 'fl_0001') => {
    const rendered = renderApp({ url: `/?permissions=${flowId}&tab=users` });
    const dialog = await screen.findByRole('dialog', { name: /^Permissions for / });
    await within(dialog).findByRole('list', { name: 'Users' });
    return { ...rendered, dialog };
  };

  it('Deny selected previews the batch; Cancel changes nothing, "Deny N users" denies them', async () => {
    const before = await userValues('fl_0001', 'Costa');
    const { user, dialog } = await open();
    await user.type(within(dialog).getByRole('searchbox', { name: 'Search users' }), 'Costa');
    await waitFor(() => expect(within(dialog).getByText(`${before.length} users`)).toBeInTheDocument());
    await user.click(within(dialog).getByRole('checkbox', { name: 'Select all matching' }));
    const toolbar = within(dialog).getByRole('toolbar', { name: 'Bulk changes' });
    await within(toolbar).findByText(`${before.length} users selected`);
    const toDeny = before.filter(([, value]) => value !== 'deny').length;

    await user.click(within(toolbar).getByRole('button', { name: `Deny selected · ${toDeny} to change` }));
    let preview = await screen.findByRole('alertdialog', { name: `Deny ${toDeny} users on this flow?` });
    await expectNumbers(preview);
    await user.click(within(preview).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(await userValues('fl_0001', 'Costa')).toEqual(before);

    await user.click(within(toolbar).getByRole('button', { name: `Deny selected · ${toDeny} to change` }));
    preview = await screen.findByRole('alertdialog', { name: `Deny ${toDeny} users on this flow?` });
    await expectNumbers(preview);
    await user.click(within(preview).getByRole('button', { name: `Deny ${toDeny} users` }));
    await waitFor(async () => expect((await userValues('fl_0001', 'Costa')).every(([, value]) => value === 'deny')).toBe(true));
  });

  it('Reset all to inherited shows the impact in its confirmation, and Cancel resets nothing', async () => {
    const count = await explicitCount('fl_0001');
    const { user, dialog } = await open();
    await user.click(within(dialog).getByRole('button', { name: 'Reset all to inherited' }));
    const confirm = await within(dialog).findByRole('group', { name: 'Reset all to inherited' });
    await expectNumbers(confirm);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(await explicitCount('fl_0001')).toBe(count);
  });

  it('Copy from another flow shows the impact of the copy before Apply', async () => {
    const { user, dialog } = await open();
    await user.click(within(dialog).getByRole('button', { name: 'Copy from another flow' }));
    const panel = await within(dialog).findByRole('group', { name: 'Copy from another flow' });
    await user.selectOptions(await within(panel).findByRole('combobox', { name: 'Copy from' }), 'Sync CRM Contacts');
    await expectNumbers(panel);
    expect(within(panel).getByRole('button', { name: /^Apply \d+ changes?$/ })).toBeEnabled();
  });
});

describe('Undo after management changes', () => {
  it('a flow status change and a role membership change each get a toast whose Undo restores them', async () => {
    const { user } = renderApp({ url: '/?view=manage' });
    const status = await screen.findByRole('combobox', { name: 'Status of Approve Expense Report' });
    const was = (status as HTMLSelectElement).value;
    const other = was === 'READY' ? 'NOT READY' : 'READY';
    await user.selectOptions(status, other);
    expect(await screen.findByText(`Approve Expense Report is ${other}.`)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText(`Approve Expense Report is ${was} again (undone).`)).toBeInTheDocument();
    expect((await getJson<{ status: string }>('/flows/fl_0002')).status).toBe(was);
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Status of Approve Expense Report' })).toHaveValue(was));

    await user.type(screen.getByRole('searchbox', { name: 'Search user accounts' }), 'demo@example.com');
    const box = await screen.findByRole('checkbox', { name: /^Manager for / });
    const held = (box as HTMLInputElement).checked;
    await user.click(box);
    await waitFor(() => expect(screen.getByRole('checkbox', { name: /^Manager for / })).toHaveProperty('checked', !held));
    await screen.findByText(held ? /no longer holds Manager\.$/ : /holds Manager\.$/);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await screen.findByText(/\(undone\)\.$/);
    await waitFor(() => expect(screen.getByRole('checkbox', { name: /^Manager for / })).toHaveProperty('checked', held));
  });
});
