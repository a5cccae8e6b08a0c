import { setupServer } from 'msw/node';
import { createDemoBackend } from './demo-backend';
import { createHandlers } from './handlers';

/** The same backend for Vitest: a fresh seed per `resetBackend()`, nothing persisted. */
let backend = createDemoBackend();
export const server = setupServer(...createHandlers({ fetch: (request) => backend.fetch(request), reset: () => backend.reset() }));

export function resetBackend(): void {
  backend = createDemoBackend();
}
