import { describe, expect, it } from 'vitest';
import { activationPageSchema, type Activation } from '../../contract/access';
import { createApp } from '../../server/app';
import { demoConsoleAuth } from '../../server/auth/console-auth';
import { openPglite } from '../../server/node/db/pglite';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import { DEMO_LOGIN, flowId, generateSeed } from '../../server/seed/demo';
import { createMemoryStore } from '../../server/store/memory/memory-store';
import { createPgStore } from '../../server/store/postgres/pg-store';
import { initDatabase } from '../../server/store/postgres/pg-seed';

const UNTIL = new Date('2026-03-09T12:00:00.000Z');
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

const weekOf = (options: Parameters<typeof generateSeed>[0] = {}) => {
  const seed = generateSeed({ activityUntil: UNTIL, ...options });
  return seed.flows.map((flow) => seed.activity?.(flow.id) ?? []);
};

describe('the seeded week of activation attempts', () => {
  it('is the same for the same seed and end, and absent without an end', () => {
    expect(weekOf()).toEqual(weekOf());
    expect(generateSeed().activity).toBeUndefined();
  });

  it('spreads a few dozen attempts per flow over the week before its end, oldest first', () => {
    for (const attempts of weekOf()) {
      expect(attempts.length).toBeGreaterThan(0);
      expect(attempts.length).toBeLessThanOrEqual(300);
      const times = attempts.map((attempt) => Date.parse(attempt.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const time of times) {
        expect(time).toBeLessThan(UNTIL.getTime());
        expect(time).toBeGreaterThanOrEqual(UNTIL.getTime() - WEEK_MS);
      }
    }
  });

  it('has several callers and channels, some refused, each decided by the rule over the seed', () => {
    const all: Activation[] = weekOf().flat();
    expect(new Set(all.map((attempt) => attempt.channel)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(all.map((attempt) => attempt.user?.id ?? 'anonymous')).size).toBeGreaterThanOrEqual(5);
    expect(all.some((attempt) => attempt.user?.email === DEMO_LOGIN.email)).toBe(true);
    expect(all.some((attempt) => attempt.outcome === 'notLive')).toBe(true);
    // Approve Expense Report denies NonAuthenticatedUser: every anonymous REST/JS/… attempt is refused by it.
    const approve = weekOf()[1] ?? [];
    const anonymous = approve.filter((attempt) => attempt.user === null && attempt.channel !== 'ServerCode');
    expect(anonymous.length).toBeGreaterThan(0);
    for (const attempt of anonymous) {
      expect(attempt).toMatchObject({
        outcome: 'denied',
        decision: { value: 'deny', level: 'systemRole', role: 'NonAuthenticatedUser' },
      });
    }
    expect(all.filter((attempt) => attempt.outcome === 'denied').length).toBeGreaterThan(0);
  });

  it('costs one flow at a time, even at 100,000 users and 1,000 flows', () => {
    const seed = generateSeed({ users: 100_000, flows: 1000, activityUntil: UNTIL });
    const attempts = seed.activity?.(flowId(999)) ?? [];
    expect(attempts.length).toBeGreaterThan(0);
    expect(seed.activity?.(flowId(999))).toBe(attempts);
    expect(seed.activity?.('fl_unknown')).toEqual([]);
  });

  it('is what ACTIVITY lists in the demo, behind the attempts recorded since', async () => {
    const app = createApp({
      store: createMemoryStore(generateSeed({ activityUntil: UNTIL })),
      keys: DEMO_APP_KEYS,
      consoleAuth: demoConsoleAuth(),
    });
    const anonymous = await app.fetch(
      new Request('http://demo.test/api/automation/flow/activate-by-name', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Approve Expense Report' }),
      }),
    );
    expect(anonymous.status).toBe(403);
    const page = activationPageSchema.parse(
      await (await app.fetch(new Request(`http://demo.test/api/console/flows/${flowId(1)}/activations?limit=5`))).json(),
    );
    expect(page.total).toBe((weekOf()[1] ?? []).length + 1);
    expect(page.items[0]).toMatchObject({ user: null, outcome: 'denied' });
    expect(page.items[1]?.id).toBe((weekOf()[1] ?? []).at(-1)?.id);
  });

  it('is loaded into a new database by npm run serve with SEED=demo', async () => {
    const sql = await openPglite();
    try {
      await initDatabase(sql, generateSeed({ activityUntil: UNTIL }));
      const store = createPgStore(sql);
      const listed = await store.listActivations(flowId(0), { offset: 0, limit: 1000 });
      expect(listed.items).toEqual([...(weekOf()[0] ?? [])].reverse());
    } finally {
      await sql.close();
    }
  }, 60_000);
});
