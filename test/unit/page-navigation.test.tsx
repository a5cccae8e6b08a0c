import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CODE_WAIT_MS } from '../../src/app/use-page-navigation';
import { holdTheClock } from '../held-code';
import { renderApp } from '../render';

/**
 * Going to a page whose code is not loaded yet. React holds a Suspense fallback it has shown for at
 * least 300 ms before it reveals what replaces it, so a page that showed its "Loading page" skeleton
 * for the 40 ms its code took still appeared 300 ms after the click. A click on a top-bar link keeps
 * the page being left, its link busy, while the code loads, and the skeleton only shows when the code
 * takes longer than that.
 */

const held = await vi.hoisted(async () => {
  const { heldCode } = await import('../held-code');
  return { manage: heldCode(), appWide: heldCode(), audit: heldCode(), overview: heldCode() };
});
vi.mock('../../src/features/manage/manage-page', (importOriginal) => held.manage.hold(importOriginal));
vi.mock('../../src/features/audit/audit-page', (importOriginal) => held.audit.hold(importOriginal));
vi.mock('../../src/features/permissions/overview/access-overview-page', (importOriginal) => held.overview.hold(importOriginal));
vi.mock('../../src/features/app-permissions/app-permissions-page', (importOriginal) => held.appWide.hold(importOriginal));

/** Whether the page-level skeleton was ever in the document, from now on. */
function watchPageSkeleton() {
  let seen = false;
  const look = () => void (seen ||= screen.queryByRole('status', { name: 'Loading page' }) !== null);
  const observer = new MutationObserver(look);
  observer.observe(document.body, { childList: true, subtree: true });
  return {
    seen: () => seen,
    stop: () => observer.disconnect(),
  };
}

afterEach(() => void vi.useRealTimers());

describe('a top-bar link to a page whose code is still loading', () => {
  it('keeps the page being left, its link busy, and never flashes the page skeleton', async () => {
    renderApp();
    const manage = await screen.findByRole('link', { name: 'Manage' });
    await screen.findByRole('heading', { level: 1, name: 'Flow Manager' });
    const skeleton = watchPageSkeleton();

    holdTheClock();
    fireEvent.click(manage);

    expect(screen.queryByRole('status', { name: 'Loading page' })).toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: 'Flow Manager' })).toBeVisible();
    expect(manage).toHaveAttribute('aria-busy', 'true');
    expect(window.location.search).not.toContain('view=manage');
    held.manage.open();
    vi.useRealTimers();
    expect(await screen.findByRole('heading', { level: 1, name: 'Manage' })).toBeVisible();
    expect(manage).toHaveAttribute('aria-current', 'page');
    expect(manage).not.toHaveAttribute('aria-busy');
    expect(window.location.search).toContain('view=manage');
    skeleton.stop();
    expect(skeleton.seen()).toBe(false);
  });

  it('shows the page skeleton when the code takes longer than a moment, then the page', async () => {
    renderApp();
    const appWide = await screen.findByRole('link', { name: 'App-wide permissions' });
    await screen.findByRole('heading', { level: 1, name: 'Flow Manager' });

    holdTheClock();
    fireEvent.click(appWide);
    expect(appWide).toHaveAttribute('aria-busy', 'true');
    expect(screen.queryByRole('status', { name: 'Loading page' })).toBeNull();
    vi.advanceTimersByTime(CODE_WAIT_MS);
    vi.useRealTimers();

    expect(await screen.findByRole('status', { name: 'Loading page' })).toBeVisible();
    expect(window.location.search).toContain('view=app-permissions');
    expect(appWide).toHaveAttribute('aria-current', 'page');
    held.appWide.open();
    expect(await screen.findByRole('heading', { level: 1, name: 'App-wide permissions' })).toBeVisible();
    expect(appWide).not.toHaveAttribute('aria-busy');
  });

  it('goes where the last click asked, whichever code arrives first', async () => {
    renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Flow Manager' });
    const audit = screen.getByRole('link', { name: 'Audit log' });
    const overview = screen.getByRole('link', { name: 'Access overview' });

    holdTheClock();
    fireEvent.click(audit);
    expect(audit).toHaveAttribute('aria-busy', 'true');
    fireEvent.click(overview);
    expect(audit).not.toHaveAttribute('aria-busy');
    expect(overview).toHaveAttribute('aria-busy', 'true');
    // The audit log's code comes in first, the address unchanged: the console stays, waiting for the overview's.
    held.audit.open();
    await import('../../src/features/audit/audit-page');
    await act(async () => {});
    expect(screen.getByRole('heading', { level: 1, name: 'Flow Manager' })).toBeVisible();
    expect(window.location.search).toBe('');
    held.overview.open();
    vi.useRealTimers();

    expect(await screen.findByRole('heading', { level: 1, name: 'Access overview' })).toBeVisible();
    expect(overview).not.toHaveAttribute('aria-busy');
    expect(window.location.search).toContain('view=overview');
  });
});
