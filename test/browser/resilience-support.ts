import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { WAIT } from './helpers';

/** Where the cycle inherited → granted → denied → inherited stands after `clicks` clicks from inherited. */
export const afterClicks = (clicks: number) => (['inherited (granted)', 'granted', 'denied'] as const)[clicks % 3] as string;

/** The state control of a principal's row, whatever its state. */
export const toggleOf = (scope: Page | Locator, principal: string) =>
  scope.getByRole('button', {
    name: new RegExp(`^${escapeRegExp(principal)}: (granted|denied|inherited \\((granted|denied)\\))$`),
  });

export function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Waits until the principal's control is named exactly `<principal>: <state>`. */
export const expectState = (scope: Page | Locator, principal: string, state: string) =>
  scope.getByRole('button', { name: `${principal}: ${state}`, exact: true }).waitFor({ timeout: WAIT });

/** The label a row's control shows for a server value (the roles here inherit a grant). */
export const labelOf = (value: 'grant' | 'deny' | null) =>
  value === 'grant' ? 'granted' : value === 'deny' ? 'denied' : 'inherited (granted)';

interface Row {
  value: 'grant' | 'deny' | null;
  version: number;
}

/** What the server holds for a role on a flow, asked through the page (so through the demo's backend). */
export const serverRole = (page: Page, flowId: string, role: string): Promise<Row> =>
  page.evaluate(
    async ([flow, name]) => {
      const response = await fetch(`/api/console/flows/${flow}/permissions/roles/${encodeURIComponent(name)}`);
      if (!response.ok) throw new Error(`GET role ${name}: ${response.status}`);
      return (await response.json()) as Row;
    },
    [flowId, role] as const,
  );

export const serverHistory = (page: Page, flowId: string) =>
  page.evaluate(async (flow) => {
    const response = await fetch(`/api/console/flows/${flow}/history?limit=100`);
    return (await response.json()) as {
      total: number;
      items: { by: string; principal: { name: string }; from: unknown; to: unknown }[];
    };
  }, flowId);

export interface WriteAttempt {
  writeId: string;
  value: unknown;
  /** 0 when the request failed without an answer. */
  status: number;
}

/** Every permission write of the page (each retry is an attempt), in the order the answers came. */
export function trackWrites(page: Page): WriteAttempt[] {
  const attempts: WriteAttempt[] = [];
  const record = (request: import('playwright-core').Request, status: number) => {
    if (request.method() !== 'PUT' || !request.url().includes('/permissions/')) return;
    const body = JSON.parse(request.postData() ?? '{}') as { value?: unknown };
    attempts.push({ writeId: request.headers()['idempotency-key'] ?? '', value: body.value, status });
  };
  page.on('requestfinished', (request) => {
    void request.response().then((response) => record(request, response?.status() ?? 0));
  });
  page.on('requestfailed', (request) => record(request, 0));
  return attempts;
}

/** Write ids in the order of their first attempt, with whether any attempt succeeded. */
export function writesOf(attempts: WriteAttempt[]) {
  const writes = new Map<string, { value: unknown; saved: boolean }>();
  for (const attempt of attempts) {
    const write = writes.get(attempt.writeId) ?? { value: attempt.value, saved: false };
    write.saved ||= attempt.status === 200;
    writes.set(attempt.writeId, write);
  }
  return writes;
}

/** Waits until the writes of the clicks made are queued and no row of the dialog says it is saving, retrying or waiting for the network. */
export async function waitUntilSaved(dialog: Locator) {
  // A click's write is queued once the click's frame is painted and the page is idle: after this.
  await dialog
    .page()
    .evaluate(
      () => new Promise<void>((done) => requestAnimationFrame(() => requestIdleCallback(() => done(), { timeout: 100 }))),
    );
  await expect
    .poll(() => dialog.getByText(/^(Saving…|Retrying…|Offline: saves when the network is back)$/).count(), {
      timeout: 45_000,
      interval: 100,
      message: 'rows still saving',
    })
    .toBe(0);
}

/** Sets or removes a demo scenario parameter in the page's URL, as the Network panel does. */
export const setScenario = (page: Page, param: string, value: string | null) =>
  page.evaluate(
    ([name, next]) => {
      const url = new URL(window.location.href);
      if (next === null) url.searchParams.delete(name);
      else url.searchParams.set(name, next);
      window.history.replaceState(window.history.state, '', url);
    },
    [param, value] as const,
  );
