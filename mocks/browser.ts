import { setupWorker } from 'msw/browser';
import { createDemoBackend } from './demo-backend';
import { createHandlers } from './handlers';
import { localStorageDelta } from './local-storage';
import { parseScenario } from './scenario';

/** Starts the demo: the service worker hands API requests to the backend app in this page. */
export async function startDemo(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  const users = Number(params.get('users')) || 300;
  const flows = Number(params.get('flows')) || 12;
  const hostile = params.get('hostile') === '1';
  const backend = createDemoBackend(
    { users, flows, hostile },
    localStorageDelta(`flow-permissions-demo:v1:${users}x${flows}${hostile ? ':hostile' : ''}`),
  );
  const worker = setupWorker(...createHandlers(backend, () => parseScenario(window.location.search)));
  await worker.start({
    onUnhandledRequest: 'bypass',
    quiet: true,
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
  });
}
