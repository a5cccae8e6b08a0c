import { render, screen, within } from '@testing-library/react';

import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../mocks/node';
import { SearchField } from '../../src/ui/search-field';
import { renderApp } from '../render';

const setRole = (flowId: string, role: string, value: 'grant' | 'deny' | null) =>
  fetch(`http://localhost/api/console/flows/${flowId}/permissions/roles/${role}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ value }),
  });

describe('an answer that breaks the contract', () => {
  it('says so in a sentence, with the developer text behind Details', async () => {
    server.use(http.get('*/api/console/flows/:flowId/permissions/roles', () => HttpResponse.json({ items: [{ name: 7 }] })));
    const { user } = renderApp({ url: '/?permissions=fl_0001&tab=roles' });
    const dialog = await screen.findByRole('dialog', { name: 'Permissions for Send Welcome Email' });
    const alert = await within(dialog).findByRole('alert');
    expect(within(alert).getByText('Could not load roles')).toBeInTheDocument();
    expect(within(alert).getByText('The server sent data this console does not understand.')).toBeInTheDocument();
    const details = within(alert).getByRole('group');
    expect(details).not.toHaveAttribute('open');
    await user.click(within(details).getByText('Details'));
    expect(details).toHaveAttribute('open');
    expect(within(details).getByText(/at "items\.0\./)).toBeInTheDocument();
  });
});

describe('History paging', () => {
  it('shows Newer and Older only when there is more than one page', async () => {
    expect((await setRole('fl_0004', 'Manager', 'grant')).ok).toBe(true);
    const { unmount } = renderApp({ url: '/?permissions=fl_0004&tab=history' });
    const list = await screen.findByRole('list', { name: 'Changes, newest first' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByRole('navigation', { name: 'History pages' })).toHaveTextContent('1–1 of 1');
    expect(screen.queryByRole('button', { name: 'Newer' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Older' })).not.toBeInTheDocument();
    unmount();

    for (let change = 0; change < 25; change++) await setRole('fl_0004', 'Manager', change % 2 === 0 ? 'deny' : 'grant');
    renderApp({ url: '/?permissions=fl_0004&tab=history' });
    const pages = await screen.findByRole('navigation', { name: 'History pages' });
    expect(within(pages).getByRole('button', { name: 'Newer' })).toBeDisabled();
    expect(within(pages).getByRole('button', { name: 'Older' })).toBeEnabled();
    expect(pages).toHaveTextContent('1–25 of 26');
  });
});

describe('the search field', () => {
  it('keeps its width when a sibling in the toolbar changes: a wide field has a fixed basis and never grows', () => {
    render(
      <div style={{ display: 'flex' }}>
        <SearchField label="Search users" value="" onChange={() => {}} wide />
        <span>1,234 users</span>
      </div>,
    );
    const field = screen.getByRole('searchbox', { name: 'Search users' }).parentElement;
    if (!field) throw new Error('the field has a wrapper');
    const style = getComputedStyle(field);
    expect(style.flexGrow).toBe('0');
    expect(style.flexBasis).toBe('360px');
  });

  it('is a plain field when not wide', () => {
    render(<SearchField label="Search flows" value="" onChange={() => {}} />);
    expect(screen.getByRole('searchbox', { name: 'Search flows' }).parentElement).not.toHaveAttribute('style');
  });
});
