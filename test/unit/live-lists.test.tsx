import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Flow } from '../../contract/console';
import { applyLiveEvent } from '../../src/api/live';
import { renderApp } from '../render';

/**
 * The Flow Manager and the Access overview while another administrator changes what they show: the
 * change appears with a brief highlight and "Changed by <who>", as in the Permissions dialog.
 */

const OTHER = 'second-admin@example.com';
const api = (path: string) => new URL(`/api/console${path}`, window.location.origin).toString();

/** Another administrator's request, straight to the backend: this page knows nothing of it. */
async function elsewhere<T>(path: string, method: string, body: unknown): Promise<T> {
  const response = await fetch(api(path), {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return (await response.json()) as T;
}

async function flowNamed(name: string): Promise<Flow> {
  const response = await fetch(api(`/flows?search=${encodeURIComponent(name)}&offset=0&limit=1`));
  return ((await response.json()) as { items: Flow[] }).items[0] as Flow;
}

describe('the Flow Manager hearing of another administrator', () => {
  it('shows a renamed flow highlighted, saying who renamed it', async () => {
    const { queryClient } = renderApp();
    await screen.findByRole('listitem', { name: 'Approve Expense Report' });
    const flow = await flowNamed('Approve Expense Report');
    await elsewhere(`/flows/${flow.id}`, 'PATCH', { name: 'Approve Expenses' });

    await applyLiveEvent(queryClient, { seq: 1, kind: 'flow', flowId: flow.id, by: OTHER });

    const item = await screen.findByRole('listitem', { name: 'Approve Expenses' });
    const title = within(item).getByRole('heading', { name: 'Approve Expenses' });
    expect(title).toHaveAttribute('title', `Approve Expenses\nChanged by ${OTHER}`);
    expect(item.querySelector('.flow__bar')).toHaveClass('live-flash-a');
    // Another flow is left alone.
    const untouched = screen.getByRole('listitem', { name: 'Send Welcome Email' });
    expect(untouched.querySelector('.live-flash-a, .live-flash-b')).toBeNull();
  });

  it("does not point out the page's own rename", async () => {
    const { user, queryClient } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Rename Approve Expense Report' }));
    const dialog = screen.getByRole('dialog', { name: /Rename Approve Expense Report/ });
    const field = within(dialog).getByRole('textbox', { name: 'Flow name' });
    await user.clear(field);
    await user.type(field, 'Approve Expenses');
    await user.click(within(dialog).getByRole('button', { name: 'Rename' }));
    const item = await screen.findByRole('listitem', { name: 'Approve Expenses' });
    const flow = await flowNamed('Approve Expenses');

    await applyLiveEvent(queryClient, { seq: 1, kind: 'flow', flowId: flow.id, by: 'demo-admin@example.com' });

    expect(within(item).getByRole('heading', { name: 'Approve Expenses' })).toHaveAttribute('title', 'Approve Expenses');
    expect(item.querySelector('.live-flash-a, .live-flash-b')).toBeNull();
  });

  it("highlights the who-can-start line that another administrator's value changed", async () => {
    const { queryClient } = renderApp();
    const welcome = await screen.findByRole('listitem', { name: 'Send Welcome Email' });
    await within(welcome).findByText(/^Anyone · \d+ of 300 users$/);
    const flow = await flowNamed('Send Welcome Email');
    const saved = await elsewhere<{ version: number }>(`/flows/${flow.id}/permissions/roles/NonAuthenticatedUser`, 'PUT', {
      value: 'deny',
    });

    await applyLiveEvent(queryClient, {
      seq: 1,
      kind: 'value',
      flowId: flow.id,
      principal: 'role:NonAuthenticatedUser',
      value: 'deny',
      version: saved.version,
      by: OTHER,
    });

    const line = await within(welcome).findByText(/^Logged-in users only · \d+ of 300 users$/);
    await waitFor(() => expect(line).toHaveAttribute('title', `Changed by ${OTHER}`));
    expect(line).toHaveClass('live-flash-a');
  });
});

describe('an Access overview cell hearing of another administrator', () => {
  it('takes the new value, highlighted, saying who changed it', async () => {
    const { user, queryClient } = renderApp();
    await user.click(await screen.findByRole('link', { name: 'Access overview' }));
    const cell = await screen.findByRole('button', { name: 'NonAuthenticatedUser on Send Welcome Email: inherited (granted)' });
    expect(cell.title).not.toContain('Changed by');
    const flow = await flowNamed('Send Welcome Email');
    const saved = await elsewhere<{ version: number }>(`/flows/${flow.id}/permissions/roles/NonAuthenticatedUser`, 'PUT', {
      value: 'deny',
    });

    await applyLiveEvent(queryClient, {
      seq: 1,
      kind: 'value',
      flowId: flow.id,
      principal: 'role:NonAuthenticatedUser',
      value: 'deny',
      version: saved.version,
      by: OTHER,
    });

    const changed = await screen.findByRole('button', { name: 'NonAuthenticatedUser on Send Welcome Email: denied' });
    expect(changed).toHaveAttribute('title', `Denied for this flow.\nChanged by ${OTHER}`);
    expect(changed).toHaveClass('toggle--live-a');

    // The refreshed version is the next write's base: a click saves without a conflict.
    await user.click(changed);
    expect(
      await screen.findByRole('button', { name: 'NonAuthenticatedUser on Send Welcome Email: inherited (granted)' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.queryByText(/changed it meanwhile|conflict/i)).not.toBeInTheDocument();
  });
});
