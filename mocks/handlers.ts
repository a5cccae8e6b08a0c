import { http, HttpResponse } from 'msw';
import { DEMO_APP_KEYS } from '../server/runtime/api-keys';
import type { DemoBackend } from './demo-backend';
import { applyScenario, NO_SCENARIO, type Scenario } from './scenario';

/**
 * The handlers do not re-implement the API: after the scenario layer (latency, failures, offline)
 * has had its say, they hand each request to the real backend app.
 * `/api/demo/reset` is the demo's own control, answered here.
 */
export function createHandlers(backend: DemoBackend, scenario: () => Scenario = () => NO_SCENARIO) {
  return [
    http.post('*/api/demo/reset', () => {
      backend.reset();
      return new HttpResponse(null, { status: 204 });
    }),
    ...[`*/api/*`, `*/${DEMO_APP_KEYS.appId}/*`].map((path) =>
      http.all(path, async ({ request }) => (await applyScenario(request, scenario())) ?? backend.fetch(request)),
    ),
  ];
}
