import { setupWorker } from 'msw/browser';
import { broadcastChanges } from './change-broadcast';
import { createDemoBackend } from './demo-backend';
import { createHandlers } from './handlers';
import { localStorageDelta } from './local-storage';
import { parseScenario } from './scenario';

/** Starts the demo: the service worker hands API requests to the backend app in this page. */
export async function startDemo(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  // The dataset's size (`?users=100000&flows=1000`); changes are kept per size.
  const users = sizeFrom(params.get('users'), 300, 1_000_000);
  const flows = sizeFrom(params.get('flows'), 12, 10_000);
  const hostile = params.get('hostile') === '1';
  // More custom roles (`?roles=24`): the Access overview at 30 roles; the default keeps the six.
  const roles = sizeFrom(params.get('roles'), 6, 200);
  const start = performance.now();
  const dataset = `flow-permissions-demo:v1:${users}x${flows}${roles === 6 ? '' : `x${roles}r`}${hostile ? ':hostile' : ''}`;
  const backend = createDemoBackend(
    // The seeded week of activation attempts ends now, so ACTIVITY reads like last week's traffic.
    { users, flows, roles, hostile, activityUntil: new Date() },
    localStorageDelta(dataset),
    broadcastChanges(dataset),
  );
  // Users are made on demand; the search index is built later in slices ('user-index:slice').
  performance.measure('demo-data:setup', { start, end: performance.now() });
  const worker = setupWorker(...createHandlers(backend, () => parseScenario(window.location.search)));
  await worker.start({
    onUnhandledRequest: 'bypass',
    quiet: true,
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
  });
}

function sizeFrom(value: string | null, fallback: number, max: number): number {
  const size = Math.floor(Number(value));
  return Number.isFinite(size) && size >= 1 ? Math.min(size, max) : fallback;
}
