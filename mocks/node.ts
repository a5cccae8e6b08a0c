import { setupServer } from 'msw/node';
import { createDemoBackend, type DemoBackend } from './demo-backend';
import { createHandlers } from './handlers';

/** The same backend for Vitest: a fresh seed per `resetBackend()`, nothing persisted. */
let backend = createDemoBackend();
const current: DemoBackend = {
  fetch: (request) => backend.fetch(request),
  reset: () => backend.reset(),
  anotherAdminEdits: (row, notTo) => backend.anotherAdminEdits(row, notTo),
};
export const server = setupServer(...createHandlers(current));

export function resetBackend(): void {
  backend = createDemoBackend();
}
