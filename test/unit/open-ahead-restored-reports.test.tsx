import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createOutbox, outboxOf } from '../../src/api/outbox';
import { App } from '../../src/app/app';
import { writeLeftBeforeAnotherEdit } from '../restored-write';

const preparedTitle = () => document.querySelector('.modal .modal__title')?.textContent ?? null;

describe('a write left by the page before a reload, on a flow only hovered', () => {
  it('keeps its conflict notice for the dialog that is opened, not for one rendered ahead and dropped', async () => {
    // Another administrator changed the first user of Send Welcome Email after this browser's write was queued.
    const { store } = await writeLeftBeforeAnotherEdit('user', 'u_000001');
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
    outboxOf(queryClient, createOutbox(store));
    const user = userEvent.setup();
    render(<App queryClient={queryClient} demo={false} />);
    // The restored write was sent again, and met the other administrator's change.
    await waitFor(() => expect(store.entries.size).toBe(0));

    // The pointer passes over Send Welcome Email, then rests on another flow; nothing is opened yet.
    const welcome = await screen.findByRole('listitem', { name: 'Send Welcome Email' });
    await user.hover(within(welcome).getByRole('heading', { name: 'Send Welcome Email' }));
    await waitFor(() => expect(preparedTitle()).toBe('Permissions for Send Welcome Email'));
    await waitFor(() => expect(document.querySelector('.modal [aria-label="Users"] [role="listitem"]')).not.toBeNull());
    const other = screen.getByRole('listitem', { name: 'Approve Expense Report' });
    await user.hover(within(other).getByRole('heading', { name: 'Approve Expense Report' }));
    await waitFor(() => expect(preparedTitle()).toBe('Permissions for Approve Expense Report'));

    // Now Send Welcome Email's permissions are opened: the conflict is said there.
    await user.click(within(welcome).getByRole('button', { name: 'Permissions for Send Welcome Email' }));
    const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
    const notice = await within(dialog).findByRole('alert', {}, { timeout: 3000 });
    expect(notice).toHaveTextContent('was changed by second-admin@example.com');
  });
});
