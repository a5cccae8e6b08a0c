import { http, HttpResponse } from 'msw';
import type { DemoBackend } from './demo-backend';

/**
 * The handlers do not re-implement the API: they hand each request to the real backend app.
 * `/api/demo/reset` is the demo's own control, answered here.
 */
export function createHandlers(backend: DemoBackend) {
  return [
    http.post('*/api/demo/reset', () => {
      backend.reset();
      return new HttpResponse(null, { status: 204 });
    }),
    http.all('*/api/*', ({ request }) => backend.fetch(request)),
  ];
}
