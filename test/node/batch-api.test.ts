import { beforeEach, describe, expect, it } from 'vitest';
import { MAX_BATCH_CHANGES } from '../../contract/batch';
import { historyPageSchema } from '../../contract/console';
import { DEMO_ADMIN } from '../../server/auth/console-admin';
import { createTestBackend, LIVE_FLOW, READY_FLOW, SEEDED_USERS, setValue, type TestBackend } from './support/backend';

/** POST /api/console/permissions/batch and its Undo, over the memory store. */

const ana = { kind: 'user', id: SEEDED_USERS.manager.id } as const;
const manager = { kind: 'role', name: 'Manager' } as const;

describe('the batch write API', () => {
  let backend: TestBackend;
  beforeEach(async () => {
    backend = await createTestBackend();
  });

  const batch = (changes: unknown[]) => backend.console('POST', '/permissions/batch', { changes });
  const roleRow = async (flowId: string, name: string) =>
    (await backend.console('GET', `/flows/${flowId}/permissions/roles/${name}`)).body as {
      value: string | null;
      version: number;
    };

  it('applies every change as one change set, which the history shows and one Undo reverts', async () => {
    await setValue(backend, LIVE_FLOW.id, { role: 'Manager' }, 'grant');
    const { status, body } = await batch([
      { flowId: LIVE_FLOW.id, principal: manager, value: 'deny', ifVersion: 1 },
      { flowId: READY_FLOW.id, principal: ana, value: 'grant' },
    ]);
    expect(status).toBe(200);
    const answer = body as { changeSetId: string; changes: unknown[] };
    expect(answer.changes).toEqual([
      {
        flowId: LIVE_FLOW.id,
        principal: manager,
        value: 'deny',
        version: 2,
        changed: expect.objectContaining({ by: DEMO_ADMIN }),
      },
      { flowId: READY_FLOW.id, principal: ana, value: 'grant', version: 1, changed: expect.objectContaining({ by: DEMO_ADMIN }) },
    ]);
    const history = historyPageSchema.parse((await backend.console('GET', `/flows/${LIVE_FLOW.id}/history`)).body);
    expect(history.items.map((entry) => [entry.from, entry.to, entry.changeSetId])).toEqual([
      ['grant', 'deny', answer.changeSetId],
      [null, 'grant', null],
    ]);

    const undo = await backend.console('POST', `/permissions/batch/${answer.changeSetId}/undo`);
    expect(undo.status).toBe(200);
    expect((undo.body as { changes: unknown[] }).changes).toEqual([
      expect.objectContaining({ flowId: LIVE_FLOW.id, principal: manager, value: 'grant', version: 3 }),
      expect.objectContaining({ flowId: READY_FLOW.id, principal: ana, value: null, version: 2 }),
    ]);
    expect(await roleRow(LIVE_FLOW.id, 'Manager')).toMatchObject({ value: 'grant', version: 3 });
  });

  it('refuses the whole batch with 412 and the current rows when one version is stale', async () => {
    await setValue(backend, LIVE_FLOW.id, { role: 'Manager' }, 'grant');
    const { status, body } = await batch([
      { flowId: READY_FLOW.id, principal: ana, value: 'deny', ifVersion: 0 },
      { flowId: LIVE_FLOW.id, principal: manager, value: 'deny', ifVersion: 0 },
    ]);
    expect(status).toBe(412);
    expect(body).toEqual({
      code: 4121,
      message: 'One row has changed since the version the batch named; nothing was applied.',
      conflicts: [
        {
          flowId: LIVE_FLOW.id,
          principal: manager,
          value: 'grant',
          version: 1,
          changed: expect.objectContaining({ by: DEMO_ADMIN }),
        },
      ],
    });
    expect(await roleRow(LIVE_FLOW.id, 'Manager')).toMatchObject({ value: 'grant', version: 1 });
    const user = await backend.console('GET', `/flows/${READY_FLOW.id}/permissions/users/${ana.id}`);
    expect(user.body).toMatchObject({ value: null, version: 0 });
  });

  it('refuses an Undo with 412 when a row changed since the change set wrote it', async () => {
    const { body } = await batch([{ flowId: LIVE_FLOW.id, principal: manager, value: 'deny' }]);
    await setValue(backend, LIVE_FLOW.id, { role: 'Manager' }, 'grant');
    const undo = await backend.console('POST', `/permissions/batch/${(body as { changeSetId: string }).changeSetId}/undo`);
    expect(undo.status).toBe(412);
    expect(undo.body).toMatchObject({ code: 4121, conflicts: [{ principal: manager, value: 'grant', version: 2 }] });
    expect(await roleRow(LIVE_FLOW.id, 'Manager')).toMatchObject({ value: 'grant', version: 2 });
  });

  it('lists every unknown flow, user and role together (422) and applies nothing', async () => {
    const { status, body } = await batch([
      { flowId: LIVE_FLOW.id, principal: manager, value: 'deny' },
      { flowId: 'fl_nope', principal: manager, value: 'deny' },
      { flowId: LIVE_FLOW.id, principal: { kind: 'user', id: 'u_nope' }, value: 'deny' },
      { flowId: LIVE_FLOW.id, principal: { kind: 'role', name: 'Nobody' }, value: 'deny' },
    ]);
    expect(status).toBe(422);
    expect(body).toEqual({
      code: 4221,
      message: 'Nothing was applied: no such flows "fl_nope"; users "u_nope"; roles "Nobody".',
      unknown: { flows: ['fl_nope'], users: ['u_nope'], roles: ['Nobody'] },
    });
    expect(await roleRow(LIVE_FLOW.id, 'Manager')).toMatchObject({ value: null, version: 0 });
  });

  it('refuses a row named twice, an empty batch and an unknown change set', async () => {
    const twice = await batch([
      { flowId: LIVE_FLOW.id, principal: manager, value: 'deny' },
      { flowId: LIVE_FLOW.id, principal: manager, value: 'grant' },
    ]);
    expect(twice).toMatchObject({ status: 400, body: { code: 1000 } });
    expect(await batch([])).toMatchObject({ status: 400, body: { message: 'changes: A batch needs at least one change' } });
    expect(await backend.console('POST', '/permissions/batch/nope/undo')).toMatchObject({ status: 404, body: { code: 4044 } });
  });

  it(`refuses more than ${MAX_BATCH_CHANGES} changes with 413 and says the limit`, async () => {
    const changes = Array.from({ length: MAX_BATCH_CHANGES + 1 }, (_, index) => ({
      flowId: LIVE_FLOW.id,
      principal: { kind: 'user', id: `u${index}` },
      value: 'deny',
    }));
    const { status, body } = await batch(changes);
    expect(status).toBe(413);
    expect(body).toEqual({ code: 4131, message: 'A batch may hold at most 10,000 changes: split it into several batches.' });
  });

  it('takes a 10,000-change body over 1 MB, and refuses one over 4 MB', async () => {
    const changes = Array.from({ length: MAX_BATCH_CHANGES }, (_, index) => ({
      flowId: LIVE_FLOW.id,
      principal: { kind: 'user', id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}` },
      value: 'deny',
      ifVersion: 0,
    }));
    expect(JSON.stringify({ changes }).length).toBeGreaterThan(1024 * 1024);
    const { status, body } = await batch(changes);
    expect(status).toBe(422);
    expect((body as { unknown: { users: string[] } }).unknown.users).toHaveLength(MAX_BATCH_CHANGES);
    const huge = await backend.console('POST', '/permissions/batch', { changes, padding: 'x'.repeat(4 * 1024 * 1024) });
    expect(huge).toMatchObject({ status: 413, body: { code: 4130, message: 'The request body is larger than 4 MB' } });
  });
});
