import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../mocks/node';
import { renderApp } from '../render';

const ROW = '*/api/console/flows/:flowId/permissions/roles/:role';

async function openRoles() {
  const rendered = renderApp({ url: '/?permissions=fl_0001&tab=roles' });
  const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
  await within(dialog).findByRole('region', { name: 'Custom roles' });
  return { ...rendered, dialog };
}

const serverRow = async (role: string) =>
  (await (await fetch(`http://localhost/api/console/flows/fl_0001/permissions/roles/${role}`)).json()) as {
    value: unknown;
    version: number;
  };

const history = async () =>
  (await (await fetch('http://localhost/api/console/flows/fl_0001/history')).json()) as { total: number };

describe('writes that meet failures and other administrators', () => {
  it('retries a write whose answer was lost; the server applies it once, and it is no conflict', async () => {
    let lose = 1;
    server.use(
      http.put(ROW, async ({ request }) => {
        if (lose === 0 || request.headers.has('x-test-inner')) return undefined;
        lose -= 1;
        // The server applies the write, then the answer is lost on the way back.
        const headers = new Headers(request.headers);
        headers.set('x-test-inner', '1');
        await fetch(request.url, { method: 'PUT', headers, body: await request.clone().text() });
        return HttpResponse.json({ code: 5000, message: 'Gateway timeout' }, { status: 504 });
      }),
    );
    const { user, dialog } = await openRoles();
    await user.click(within(dialog).getByRole('button', { name: 'Auditor: inherited (granted)' }));
    await waitFor(async () => expect(await serverRow('Auditor')).toMatchObject({ value: 'grant', version: 1 }));
    await waitFor(() => expect(within(dialog).queryByText(/Saving|Retrying/)).toBeNull());
    expect(within(dialog).getByRole('button', { name: 'Auditor: granted' })).toBeInTheDocument();
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect((await history()).total).toBe(1);
  });

  it('shows a row waiting for the network, then saves it when the network is back', async () => {
    // The network stays down until the row has been seen waiting: a busy machine may take longer to
    // render than the app waits before its next try.
    let networkDown = true;
    server.use(http.put(ROW, () => (networkDown ? HttpResponse.error() : undefined)));
    const { user, dialog } = await openRoles();
    await user.click(within(dialog).getByRole('button', { name: 'Sales: inherited (granted)' }));
    expect(await within(dialog).findByText('Offline: saves when the network is back')).toBeInTheDocument();
    networkDown = false;
    await waitFor(() => expect(within(dialog).queryByText(/Offline|Saving/)).toBeNull());
    expect(await serverRow('Sales')).toMatchObject({ value: 'grant' });
  });

  it('turns a 412 into a conflict notice naming who and when; "apply mine" writes on top of theirs', async () => {
    const { user, dialog } = await openRoles();
    await fetch('http://localhost/api/demo/another-admin-edit', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ flowId: 'fl_0001', kind: 'role', id: 'Finance' }),
    });
    await user.click(within(dialog).getByRole('button', { name: 'Finance: inherited (granted)' }));
    const notice = await within(dialog).findByRole('alert');
    expect(notice).toHaveTextContent(/^Finance was changed by second-admin@example\.com at .+: it is now denied\./);
    expect(await within(dialog).findByRole('button', { name: 'Finance: denied' })).toBeInTheDocument();
    await user.click(within(notice).getByRole('button', { name: 'Apply mine: granted' }));
    expect(await within(dialog).findByRole('button', { name: 'Finance: granted' })).toBeInTheDocument();
    await waitFor(async () => expect(await serverRow('Finance')).toMatchObject({ value: 'grant', version: 2 }));
    expect(within(dialog).queryByRole('alert')).toBeNull();
  });

  it('shows the History: who changed what from what to what, newest first', async () => {
    const { user, dialog } = await openRoles();
    await user.click(within(dialog).getByRole('button', { name: 'Manager: granted' }));
    await waitFor(async () => expect(await serverRow('Manager')).toMatchObject({ value: 'deny' }));
    await user.click(within(dialog).getByRole('tab', { name: 'HISTORY' }));
    const changes = await within(dialog).findByRole('list', { name: 'Changes, newest first' });
    const [first] = within(changes).getAllByRole('listitem');
    expect(first).toHaveTextContent(/^ManagerRole · by demo-admin@example\.comchanged from granted→ to denied/);
    expect(within(dialog).getByRole('navigation', { name: 'History pages' })).toHaveTextContent('1–1 of 1');
  });

  it('pages the History, 25 changes at a time', async () => {
    for (let change = 0; change < 30; change += 1) {
      await fetch('http://localhost/api/console/flows/fl_0001/permissions/roles/Sales', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: change % 2 ? null : 'deny' }),
      });
    }
    const { user } = renderApp({ url: '/?permissions=fl_0001&tab=history' });
    const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
    const pages = await within(dialog).findByRole('navigation', { name: 'History pages' });
    expect(pages).toHaveTextContent('1–25 of 30');
    expect(within(pages).getByRole('button', { name: 'Newer' })).toBeDisabled();
    await user.click(within(pages).getByRole('button', { name: 'Older' }));
    await waitFor(() => expect(pages).toHaveTextContent('26–30 of 30'));
    expect(within(within(dialog).getByRole('list', { name: 'Changes, newest first' })).getAllByRole('listitem')).toHaveLength(5);
    expect(within(pages).getByRole('button', { name: 'Older' })).toBeDisabled();
  });
});
