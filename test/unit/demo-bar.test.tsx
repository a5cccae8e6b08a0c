import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DemoBar } from '../../src/app/demo-bar';

const MANAGER = 'http://localhost/api/console/flows/fl_0004/permissions/roles/Manager';
const managerValue = async () => ((await (await fetch(MANAGER)).json()) as { value: string | null }).value;

function renderDemoBar() {
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <DemoBar />
    </QueryClientProvider>,
  );
  return { user };
}

describe('Reset demo data', () => {
  it('asks first; Cancel keeps the changes, the button that names the action resets them', async () => {
    await fetch(MANAGER, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'deny' }),
    });
    const { user } = renderDemoBar();

    await user.click(screen.getByRole('button', { name: 'Reset demo data…' }));
    const ask = await screen.findByRole('alertdialog', { name: 'Reset demo data?' });
    expect(within(ask).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(await managerValue()).toBe('deny');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Reset demo data…' })).toHaveFocus());

    await user.click(screen.getByRole('button', { name: 'Reset demo data…' }));
    const again = await screen.findByRole('alertdialog', { name: 'Reset demo data?' });
    await user.click(within(again).getByRole('button', { name: 'Reset demo data' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(await managerValue()).toBeNull();
  });

  it('closes on Esc without resetting', async () => {
    await fetch(MANAGER, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: 'grant' }),
    });
    const { user } = renderDemoBar();
    await user.click(screen.getByRole('button', { name: 'Reset demo data…' }));
    await screen.findByRole('alertdialog', { name: 'Reset demo data?' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(await managerValue()).toBe('grant');
  });
});
