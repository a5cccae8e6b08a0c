import { delay, HttpResponse } from 'msw';

/**
 * How the demo's network misbehaves, for designers and tests. Read from the page's URL at every
 * request, so a scenario applies exactly while it is in the URL:
 *   latency=300 or latency=50-300 (ms, a random value in the range per request)
 *   failRate=0.2 (share of writes answered 503)
 *   offline=1 (every API request fails as a network error)
 *   anotherAdmin=1 (share of permission writes, 0–1, that another administrator's edit of the same row
 *     beats: the write then meets a real 412)
 *   malformed=1 (answers to permission reads break the contract)
 */
export interface Scenario {
  latency: [number, number];
  failRate: number;
  offline: boolean;
  anotherAdmin: number;
  malformed: boolean;
}

export const NO_SCENARIO: Scenario = { latency: [0, 0], failRate: 0, offline: false, anotherAdmin: 0, malformed: false };

const share = (text: string | null) => Math.min(1, Math.max(0, Number(text) || 0));

export function parseScenario(search: string): Scenario {
  const params = new URLSearchParams(search);
  const [low = 0, high = low] = (params.get('latency') ?? '')
    .split('-')
    .map(Number)
    .filter((value) => Number.isFinite(value) && value >= 0);
  return {
    latency: [low, Math.max(low, high)],
    failRate: share(params.get('failRate')),
    offline: params.get('offline') === '1',
    anotherAdmin: share(params.get('anotherAdmin')),
    malformed: params.get('malformed') === '1',
  };
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Applies the scenario to one request: a response to answer with instead, or nothing to go on. */
export async function applyScenario(request: Request, scenario: Scenario): Promise<Response | undefined> {
  const [low, high] = scenario.latency;
  if (high > 0) await delay(low + Math.random() * (high - low));
  if (scenario.offline) return HttpResponse.error();
  if (WRITES.has(request.method) && Math.random() < scenario.failRate) {
    return HttpResponse.json({ code: 5030, message: 'Service temporarily unavailable (demo failure)' }, { status: 503 });
  }
  return undefined;
}

const PERMISSION_ROW = /\/api\/console\/flows\/([^/]+)\/permissions\/(users|roles)\/([^/]+)$/;

/** The row a permission write goes to, when the scenario has another administrator edit it first. */
export function rowEditedFirst(
  request: Request,
  scenario: Scenario,
): { flowId: string; kind: 'user' | 'role'; id: string } | null {
  if (request.method !== 'PUT' || scenario.anotherAdmin === 0) return null;
  const match = PERMISSION_ROW.exec(new URL(request.url).pathname);
  if (!match?.[1] || !match[2] || !match[3] || Math.random() >= scenario.anotherAdmin) return null;
  return { flowId: decodeURIComponent(match[1]), kind: match[2] === 'users' ? 'user' : 'role', id: decodeURIComponent(match[3]) };
}

/** Breaks a successful answer to a permission read: its (first) value is no value the contract knows. */
export async function breakContract(request: Request, response: Response): Promise<Response> {
  if (request.method !== 'GET' || !response.ok || !new URL(request.url).pathname.includes('/permissions/')) return response;
  const body = (await response.json()) as { items?: Record<string, unknown>[]; value?: unknown };
  const target = body.items?.[0] ?? body;
  target.value = 'maybe';
  return HttpResponse.json(body, { status: response.status });
}
