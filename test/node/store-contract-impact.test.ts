import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Activation } from '../../server/access/activation-store';
import { createImpactService, type ImpactService } from '../../server/impact/impact-service';
import type { Store } from '../../server/store/store';
import { DRAFT_FLOW, LIVE_FLOW, READY_FLOW, SEEDED_USERS, testSeed } from './support/backend';
import { ALL_BACKENDS } from './support/stores';

/** The impact preview on the real data of each store: counts, flows, and the replay of the last 7 days. */

const NOW = new Date('2025-01-08T00:00:00.000Z');
let n = 0;
function attempt(fields: Partial<Activation>): Activation {
  n += 1;
  return {
    id: `a${n}`,
    at: new Date(NOW.getTime() - n * 60_000).toISOString(),
    flowId: LIVE_FLOW.id,
    user: null,
    roles: ['NonAuthenticatedUser', 'RestUser'],
    channel: 'REST',
    sessionSource: null,
    decision: { value: 'grant', level: 'default' },
    outcome: 'started',
    executionId: 'e',
    ...fields,
  };
}
const ana = SEEDED_USERS.manager;
const asAna = (fields: Partial<Activation> = {}) =>
  attempt({
    user: { id: ana.id, name: ana.name, email: ana.email },
    roles: ['Manager', 'AuthenticatedUser', 'RestUser'],
    ...fields,
  });

describe.each(ALL_BACKENDS.map((make) => make()))('the impact preview on the $name store', (backend) => {
  let store: Store;
  let impact: ImpactService;
  beforeEach(async () => {
    ({ store } = await backend.open(await testSeed()));
    impact = createImpactService({ store, now: () => NOW });
  });
  afterAll(() => backend.close());

  it('denying NonAuthenticatedUser app-wide: anonymous callers lose every flow, no user does, and the replay says who', async () => {
    await store.recordActivation(attempt({}));
    await store.recordActivation(attempt({ byName: true }));
    await store.recordActivation(asAna());
    // Older than 7 days: not replayed.
    await store.recordActivation(attempt({ at: '2024-12-01T00:00:00.000Z' }));
    const result = await impact.preview({ kind: 'app-wide', role: 'NonAuthenticatedUser', value: 'deny' });
    expect(result.users).toEqual({ total: 3, losing: 0, gaining: 0 });
    expect(result.anonymous).toEqual({ flowsLosing: 3, flowsGaining: 0 });
    expect(result.flows.map((flow) => [flow.id, flow.anonymous])).toEqual([
      [LIVE_FLOW.id, 'loses'],
      [READY_FLOW.id, 'loses'],
      [DRAFT_FLOW.id, 'loses'],
    ]);
    expect(result.replay).toMatchObject({ days: 7, attempts: 3, refused: 2, allowed: 0, callers: 1 });
    expect(result.replay.items.map((item) => item.caller)).toEqual([null, null]);
  });

  it('denying AuthenticatedUser app-wide: users lose, unless a value of their own or their role decides', async () => {
    await store.setValue(LIVE_FLOW.id, { kind: 'user', id: SEEDED_USERS.plain.id }, 'grant', {
      by: 'a',
      at: NOW.toISOString(),
      principalName: 'cleo',
    });
    await store.setValue(READY_FLOW.id, { kind: 'role', name: 'Manager' }, 'grant', {
      by: 'a',
      at: NOW.toISOString(),
      principalName: 'Manager',
    });
    await store.recordActivation(asAna({ flowId: READY_FLOW.id }));
    await store.recordActivation(asAna({ flowId: LIVE_FLOW.id }));
    const result = await impact.preview({ kind: 'app-wide', role: 'AuthenticatedUser', value: 'deny' });
    expect(result.users).toEqual({ total: 3, losing: 3, gaining: 0 });
    const byId = new Map(result.flows.map((flow) => [flow.id, flow]));
    // Cleo keeps the live flow by her own grant; Ana and Ben keep the ready one through Manager.
    expect(byId.get(LIVE_FLOW.id)).toMatchObject({ usersLosing: 2, anonymous: null });
    expect(byId.get(READY_FLOW.id)).toMatchObject({ usersLosing: 1 });
    expect(byId.get(DRAFT_FLOW.id)).toMatchObject({ usersLosing: 3 });
    expect(result.replay).toMatchObject({ attempts: 2, refused: 1, callers: 1 });
    expect(result.replay.items).toEqual([expect.objectContaining({ flowId: LIVE_FLOW.id, caller: ana.name })]);
  });

  it('deleting a role, and a batch of values, computed the same way', async () => {
    await store.setValue(LIVE_FLOW.id, { kind: 'role', name: 'Manager' }, 'deny', {
      by: 'a',
      at: NOW.toISOString(),
      principalName: 'Manager',
    });
    const deleted = await impact.preview({ kind: 'role-delete', role: 'Manager' });
    expect(deleted.users).toMatchObject({ losing: 0, gaining: 2 });
    const batch = await impact.preview({
      kind: 'values',
      changes: [
        { flowId: READY_FLOW.id, principal: { kind: 'user', id: ana.id }, value: 'deny' },
        { flowId: READY_FLOW.id, principal: { kind: 'role', id: 'NonAuthenticatedUser' }, value: 'deny' },
      ],
    });
    expect(batch.users).toMatchObject({ losing: 1, gaining: 0 });
    expect(batch.flows).toEqual([expect.objectContaining({ id: READY_FLOW.id, usersLosing: 1, anonymous: 'loses' })]);
  });

  it("a user's own value sets their attempts apart from others with the same roles; anonymous callers count per channel", async () => {
    const cleo = SEEDED_USERS.plain;
    const ana1 = asAna({ flowId: READY_FLOW.id });
    await store.recordActivation(ana1);
    await store.recordActivation(asAna({ flowId: READY_FLOW.id }));
    // Cleo called with Ana's roles: she has no value of her own, so the Manager role decides for her too.
    await store.recordActivation(asAna({ flowId: READY_FLOW.id, user: { id: cleo.id, name: cleo.name, email: cleo.email } }));
    await store.recordActivation(attempt({ flowId: READY_FLOW.id }));
    await store.recordActivation(attempt({ flowId: READY_FLOW.id, roles: ['NonAuthenticatedUser', 'JSUser'], channel: 'JS' }));
    await store.recordActivation(attempt({}));
    await store.recordActivation(attempt({ flowId: READY_FLOW.id, outcome: 'notLive' }));
    const result = await impact.preview({
      kind: 'values',
      changes: [
        { flowId: READY_FLOW.id, principal: { kind: 'user', id: ana.id }, value: 'deny' },
        { flowId: READY_FLOW.id, principal: { kind: 'role', id: 'NonAuthenticatedUser' }, value: 'deny' },
      ],
    });
    expect(result.replay).toMatchObject({ attempts: 7, refused: 4, allowed: 0, callers: 3 });
    expect(result.replay.items).toEqual([
      {
        at: ana1.at,
        attempts: 2,
        flowId: READY_FLOW.id,
        flowName: READY_FLOW.name,
        caller: ana.name,
        channel: 'REST',
        byName: false,
      },
      expect.objectContaining({ attempts: 1, caller: null, channel: 'REST' }),
      expect.objectContaining({ attempts: 1, caller: null, channel: 'JS' }),
    ]);
  });

  it('deleting a flow refuses the attempts that started it, and only those', async () => {
    await store.recordActivation(asAna({ flowId: READY_FLOW.id, byName: true }));
    await store.recordActivation(attempt({ flowId: READY_FLOW.id, outcome: 'denied' }));
    await store.recordActivation(attempt({ flowId: READY_FLOW.id, outcome: 'notLive' }));
    await store.recordActivation(attempt({}));
    const result = await impact.preview({ kind: 'flow-delete', flowId: READY_FLOW.id });
    expect(result.replay).toMatchObject({ attempts: 4, refused: 1, callers: 1 });
    expect(result.replay.items).toEqual([expect.objectContaining({ flowId: READY_FLOW.id, caller: ana.name, byName: true })]);
    expect(result.byName).toEqual({ attempts: 1, callers: [{ caller: ana.name, attempts: 1 }] });
  });

  it('renaming a flow: who started it by name in the last 7 days would have been refused', async () => {
    await store.recordActivation(asAna({ byName: true }));
    await store.recordActivation(asAna({ byName: true }));
    await store.recordActivation(attempt({}));
    const result = await impact.preview({ kind: 'flow-rename', flowId: LIVE_FLOW.id, name: 'Say Hello' });
    expect(result.byName).toEqual({ attempts: 2, callers: [{ caller: ana.name, attempts: 2 }] });
    expect(result.replay).toMatchObject({ attempts: 3, refused: 2, callers: 1 });
    expect(result.users).toMatchObject({ losing: 0, gaining: 0 });
    await expect(impact.preview({ kind: 'flow-delete', flowId: 'nope' })).rejects.toMatchObject({ status: 404 });
  });
});
