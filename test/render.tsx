import type { Commit } from '../scripts/react-commits';
import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../src/app/app';

/** Renders the whole console with a fresh QueryClient (no retries) and a fresh user-event. */
export function renderApp({ url = '/' }: { url?: string } = {}) {
  window.history.replaceState(null, '', url);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false }, mutations: { retry: false } },
  });
  const user = userEvent.setup();
  return { user, queryClient, ...render(<App queryClient={queryClient} demo={false} />) };
}

/**
 * Counts what React renders from now on (the DevTools hook test/count-commits.ts installs): each
 * commit's components by name. `stop` pauses the counting again.
 */
export function countCommits() {
  const page = window as unknown as { __commits: Commit[]; __commitsPaused: boolean };
  const from = page.__commits.length;
  page.__commitsPaused = false;
  return {
    commits: () => page.__commits.slice(from),
    stop: () => void (page.__commitsPaused = true),
  };
}
