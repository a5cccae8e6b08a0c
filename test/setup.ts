import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { resetBackend, server } from '../mocks/node';
import { preloadPermissionsDialog } from '../src/features/permissions/lazy-permissions-dialog';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
// The Permissions dialog's code loads apart from the page's; have it in before a test opens the dialog.
beforeAll(async () => void (await preloadPermissionsDialog()), 30_000);
afterEach(() => {
  cleanup();
  server.resetHandlers();
  resetBackend();
  window.history.replaceState(null, '', '/');
});
afterAll(() => server.close());

// jsdom has no layout: give scroll containers a size so the virtualized list renders rows.
Object.defineProperties(HTMLElement.prototype, {
  clientHeight: { configurable: true, get: () => 600 },
  clientWidth: { configurable: true, get: () => 800 },
});
Element.prototype.scrollTo = function scrollTo() {};
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
