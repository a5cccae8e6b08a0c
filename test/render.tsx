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
