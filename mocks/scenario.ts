import { delay, HttpResponse } from 'msw';

/**
 * How the demo's network misbehaves, for designers and tests. Read from the page's URL at every
 * request, so a scenario applies exactly while it is in the URL:
 *   latency=300 or latency=50-300 (ms, a random value in the range per request)
 *   failRate=0.2 (share of writes answered 503)
 *   offline=1 (every API request fails as a network error)
 */
export interface Scenario {
  latency: [number, number];
  failRate: number;
  offline: boolean;
}

export const NO_SCENARIO: Scenario = { latency: [0, 0], failRate: 0, offline: false };

export function parseScenario(search: string): Scenario {
  const params = new URLSearchParams(search);
  const [low = 0, high = low] = (params.get('latency') ?? '')
    .split('-')
    .map(Number)
    .filter((value) => Number.isFinite(value) && value >= 0);
  const failRate = Math.min(1, Math.max(0, Number(params.get('failRate')) || 0));
  return { latency: [low, Math.max(low, high)], failRate, offline: params.get('offline') === '1' };
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
