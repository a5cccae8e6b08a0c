import './count-commits';
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { resetBackend, server } from '../mocks/node';
import { preloadPermissionsDialog } from '../src/features/permissions/lazy-permissions-dialog';

// findBy* and waitFor wait for a condition; Testing Library gives up after 1 s by default, which a busy
// machine can take for one render. A passing test returns as soon as its condition holds.
configure({ asyncUtilTimeout: 10_000 });

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
