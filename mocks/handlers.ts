import { http, HttpResponse, passthrough } from 'msw';
import * as z from 'zod/mini';
import { DEMO_APP_KEYS } from '../server/runtime/api-keys';
import type { DemoBackend } from './demo-backend';
import { applyScenario, breakContract, NO_SCENARIO, rowEditedFirst, type Scenario } from './scenario';

const rowRefSchema = z.object({
  flowId: z.string().check(z.minLength(1)),
  kind: z.enum(['user', 'role']),
  id: z.string().check(z.minLength(1)),
});

async function targetOf(request: Request): Promise<'grant' | 'deny' | null | undefined> {
  const body = (await request
    .clone()
    .json()
    .catch(() => null)) as { value?: 'grant' | 'deny' | null } | null;
  return body?.value;
}

/**
 * The catch-all patterns below also match source modules such as `/src/api/manage.ts`, which the dev
 * server serves through the service worker: only paths that start with the API's own prefixes are
 * the backend's; the rest go on to the network.
 */
const API_PREFIXES = ['/api/', `/${DEMO_APP_KEYS.appId}/`];
const isApiCall = (request: Request) => API_PREFIXES.some((prefix) => new URL(request.url).pathname.startsWith(prefix));

/**
 * The handlers do not re-implement the API: after the scenario layer (latency, failures, offline,
 * another administrator's edit) has had its say, they hand each request to the real backend app.
 * `/api/demo/*` are the demo's own controls, answered here.
 */
export function createHandlers(backend: DemoBackend, scenario: () => Scenario = () => NO_SCENARIO) {
  return [
    http.post('*/api/demo/reset', () => {
      backend.reset();
      return new HttpResponse(null, { status: 204 });
    }),
    // "Another administrator edits this row": a real write through the API as the second administrator.
    http.post('*/api/demo/another-admin-edit', async ({ request }) => {
      const row = rowRefSchema.safeParse(await request.json().catch(() => null));
      if (!row.success) {
        return HttpResponse.json({ code: 1000, message: 'Send { "flowId", "kind": "user" | "role", "id" }' }, { status: 400 });
      }
      return backend.anotherAdminEdits(row.data);
    }),
    ...[`*/api/*`, `*/${DEMO_APP_KEYS.appId}/*`].map((path) =>
      http.all(path, async ({ request }) => {
        if (!isApiCall(request)) return passthrough();
        // The live stream is not a request the scenario's latency or failures are about.
        if (new URL(request.url).pathname.endsWith('/api/console/events')) return backend.fetch(request);
        const now = scenario();
        const instead = await applyScenario(request, now);
        if (instead) return instead;
        const edited = rowEditedFirst(request, now);
        if (edited) await backend.anotherAdminEdits(edited, await targetOf(request));
        const response = await backend.fetch(request);
        return now.malformed ? breakContract(request, response) : response;
      }),
    ),
  ];
}
