import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdTheClock } from '../held-code';
import { renderApp } from '../render';

/**
 * A top-bar link waiting for its page's code (page-navigation.test.tsx), at the edges: the address
 * changes meanwhile, the console goes away meanwhile, the code fails to load.
 */

const held = await vi.hoisted(async () => {
  const { heldCode } = await import('../held-code');
  return { manage: heldCode(), appWide: heldCode(), auditTries: 0 };
});
vi.mock('../../src/features/manage/manage-page', (importOriginal) => held.manage.hold(importOriginal));
vi.mock('../../src/features/app-permissions/app-permissions-page', (importOriginal) => held.appWide.hold(importOriginal));
// The audit log's code fails to load twice (the click's try and the page's), then loads (Retry).
vi.mock('../../src/features/audit/audit-page', async (importOriginal) => {
  held.auditTries++;
  if (held.auditTries <= 2) throw new Error('Failed to fetch dynamically imported module');
  return importOriginal();
});

afterEach(() => void vi.useRealTimers());

/** The page's code is in, and what it settled has run. */
async function codeIn(load: () => Promise<unknown>) {
  await load();
  await act(async () => {});
}

describe('a top-bar link waiting for its page’s code', () => {
  it('goes nowhere when the address changed meanwhile (Back, a dialog opened)', async () => {
    renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Flow Manager' });
    const manage = screen.getByRole('link', { name: 'Manage' });

    holdTheClock();
    fireEvent.click(manage);
    expect(manage).toHaveAttribute('aria-busy', 'true');
    act(() => {
      window.history.pushState(null, '', '/?permissions=fl_0001');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    held.manage.open();
    await codeIn(() => import('../../src/features/manage/manage-page'));

    expect(window.location.search).toBe('?permissions=fl_0001');
    expect(manage).not.toHaveAttribute('aria-busy');
    expect(screen.queryByRole('heading', { level: 1, name: 'Manage', hidden: true })).toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: 'Flow Manager', hidden: true })).toBeInTheDocument();
  });

  it('goes nowhere once the console is gone', async () => {
    const { unmount } = renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Flow Manager' });

    holdTheClock();
    fireEvent.click(screen.getByRole('link', { name: 'App-wide permissions' }));
    unmount();
    held.appWide.open();
    await codeIn(() => import('../../src/features/app-permissions/app-permissions-page'));

    expect(window.location.search).toBe('');
  });

  it('says so when the code fails to load, keeps the top bar, and Retry loads it again', async () => {
    const { user } = renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Flow Manager' });
    const audit = screen.getByRole('link', { name: 'Audit log' });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});

    // A click alone (no hover first): the click's try, then the page's.
    fireEvent.click(audit);

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Could not show this page')).toBeVisible();
    // Said for an administrator, not as the browser's error with the chunk's address.
    expect(alert).toHaveTextContent('The page’s code did not load');
    expect(alert).not.toHaveTextContent('dynamically imported module');
    expect(audit).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('navigation', { name: 'Console' })).toBeVisible();
    await user.click(within(alert).getByRole('button', { name: /retry|try again/i }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
    expect(held.auditTries).toBe(3);
    errors.mockRestore();
  });
});
