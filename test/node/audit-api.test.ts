import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditPage } from '../../contract/audit';
import { AUDIT_ENTRY_HEADER } from '../../server/audit/audit-header';
import { csvField } from '../../server/audit/audit-export';
import { DEMO_ADMIN } from '../../server/auth/console-admin';
import { createTestBackend, LIVE_FLOW, READY_FLOW, SEEDED_USERS, type TestBackend } from './support/backend';

/** The audit log through the console API: what is recorded, read, exported and undone. */

let backend: TestBackend;
beforeEach(async () => {
  backend = await createTestBackend();
});

async function raw(method: string, path: string, body?: unknown) {
  return backend.app.fetch(
    new Request(`http://backend.test/api/console${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    }),
  );
}
const log = async (query = '') => (await backend.console('GET', `/audit${query}`)).body as AuditPage;

describe('the audit log', () => {
  it('records a batch as one entry per value with its change-set id, and nothing for a refused batch', async () => {
    const stale = await backend.console('POST', '/permissions/batch', {
      changes: [
        { flowId: LIVE_FLOW.id, principal: { kind: 'role', name: 'Manager' }, value: 'deny' },
        { flowId: READY_FLOW.id, principal: { kind: 'role', name: 'Manager' }, value: 'deny', ifVersion: 7 },
      ],
    });
    expect(stale.status).toBe(412);
    expect((await log()).total).toBe(0);

    const applied = await backend.console('POST', '/permissions/batch', {
      changes: [
        { flowId: LIVE_FLOW.id, principal: { kind: 'role', name: 'Manager' }, value: 'deny' },
        { flowId: READY_FLOW.id, principal: { kind: 'user', id: SEEDED_USERS.plain.id }, value: 'grant' },
      ],
    });
    expect(applied.status).toBe(200);
    const { changeSetId } = applied.body as { changeSetId: string };
    const { items } = await log();
    expect(
      items.map((entry) => [entry.kind, entry.flow?.name, entry.principal?.id, entry.before, entry.after, entry.changeSetId]),
    ).toEqual(
      expect.arrayContaining([
        ['permission.value', LIVE_FLOW.name, 'Manager', null, 'deny', changeSetId],
        ['permission.value', READY_FLOW.name, SEEDED_USERS.plain.id, null, 'grant', changeSetId],
      ]),
    );
    expect(items).toHaveLength(2);
  });

  it('records every kind of change with who, what, before and after, newest first', async () => {
    await backend.console('PUT', `/flows/${LIVE_FLOW.id}/permissions/roles/Manager`, { value: 'deny' });
    await backend.console('PUT', '/app-permissions/NonAuthenticatedUser', { value: 'deny' });
    await backend.console('PATCH', `/flows/${READY_FLOW.id}`, { name: 'Approve Claims' });
    await backend.console('PUT', `/flows/${READY_FLOW.id}/status`, { status: 'LIVE' });
    await backend.console('POST', '/roles', { name: 'NightShift', description: '' });
    await backend.console('PUT', `/users/${SEEDED_USERS.plain.id}/roles`, { roles: ['NightShift'] });
    await backend.console('DELETE', '/roles/NightShift');
    await backend.console('GET', '/app-keys');
    const { items, total } = await log();
    expect(total).toBe(8);
    expect(items.map((entry) => [entry.kind, entry.before, entry.after])).toEqual([
      ['app-keys.shown', null, null],
      ['role.delete', 'NightShift', null],
      ['role.membership', '', 'NightShift'],
      ['role.create', null, 'NightShift'],
      ['flow.status', 'READY', 'LIVE'],
      ['flow.rename', READY_FLOW.name, 'Approve Claims'],
      ['app-wide.value', 'grant', 'deny'],
      ['permission.value', null, 'deny'],
    ]);
    expect(items.every((entry) => entry.by === DEMO_ADMIN)).toBe(true);
    expect(items.at(-1)).toMatchObject({
      flow: { id: LIVE_FLOW.id, name: LIVE_FLOW.name },
      principal: { kind: 'role', id: 'Manager', name: 'Manager' },
    });
  });

  it('records API tokens made and revoked, and access tests saved and deleted (not the refused ones)', async () => {
    const made = await backend.console('POST', '/api-tokens', { name: 'CI plan', access: 'write' });
    expect(made.status).toBe(201);
    const token = made.body as { id: string; token: string };
    expect((await backend.console('DELETE', `/api-tokens/${token.id}`)).status).toBe(204);
    expect((await backend.console('DELETE', `/api-tokens/${token.id}`)).status).toBe(404);
    const check = { name: 'Anonymous may start', check: { userId: null, channel: 'REST' }, expect: 'granted' };
    const saved = await backend.console('POST', `/flows/${LIVE_FLOW.id}/access-tests`, check);
    expect(saved.status).toBe(201);
    const testId = (saved.body as { id: string }).id;
    expect((await backend.console('DELETE', `/flows/${LIVE_FLOW.id}/access-tests/${testId}`)).status).toBe(204);
    expect((await backend.console('DELETE', `/flows/${LIVE_FLOW.id}/access-tests/${testId}`)).status).toBe(404);

    const { items } = await log();
    expect(items.map((entry) => [entry.kind, entry.flow?.name ?? null, entry.before, entry.after])).toEqual([
      ['access-test.delete', LIVE_FLOW.name, 'Anonymous may start', null],
      ['access-test.save', LIVE_FLOW.name, null, 'Anonymous may start'],
      ['api-token.revoke', null, 'CI plan (read-write)', null],
      ['api-token.create', null, null, 'CI plan (read-write)'],
    ]);
    // The token itself is shown once and never recorded.
    expect(JSON.stringify(items)).not.toContain(token.token);
  });

  it('records nothing for a refused change', async () => {
    expect((await backend.console('PATCH', `/flows/${READY_FLOW.id}`, { name: LIVE_FLOW.name })).status).toBe(409);
    expect((await backend.console('DELETE', `/flows/${LIVE_FLOW.id}`)).status).toBe(409);
    expect((await backend.console('PUT', '/app-permissions/NoSuchRole', { value: 'deny' })).status).toBe(404);
    // The same value again changes nothing, so it records nothing.
    expect((await backend.console('PUT', '/app-permissions/AuthenticatedUser', { value: 'grant' })).status).toBe(200);
    expect((await log()).total).toBe(0);
  });

  it("filters to one flow (the modal's history) and validates filters", async () => {
    await backend.console('PATCH', `/flows/${READY_FLOW.id}`, { name: 'Approve Claims' });
    await backend.console('PATCH', `/flows/${LIVE_FLOW.id}`, { name: 'Say Hello' });
    expect((await log(`?flowId=${READY_FLOW.id}`)).items.map((entry) => entry.after)).toEqual(['Approve Claims']);
    expect((await backend.console('GET', '/audit?kind=nope')).status).toBe(400);
    expect((await backend.console('GET', '/audit?since=yesterday')).status).toBe(400);
  });

  it('undoes an app-wide change with a compensating write, once, and refuses when changed since', async () => {
    const changed = await raw('PUT', '/app-permissions/NonAuthenticatedUser', { value: 'deny' });
    const entryId = changed.headers.get(AUDIT_ENTRY_HEADER);
    expect(entryId).toBeTruthy();
    const undone = await backend.console('POST', `/audit/${entryId}/undo`, {});
    expect(undone).toMatchObject({ status: 200, body: { kind: 'app-wide.value', before: 'deny', after: 'grant' } });
    expect((await backend.store.getAppWideValues()).get('NonAuthenticatedUser')).toBeUndefined();
    // The undo is the newest change now: the original entry is out of date.
    expect(await backend.console('POST', `/audit/${entryId}/undo`, {})).toMatchObject({ status: 412, body: { code: 4120 } });
    expect(await backend.console('POST', '/audit/nope/undo', {})).toMatchObject({ status: 404, body: { code: 4046 } });
  });

  it('undoes a rename unless the flow was renamed again', async () => {
    const first = await raw('PATCH', `/flows/${READY_FLOW.id}`, { name: 'Approve Claims' });
    const firstId = first.headers.get(AUDIT_ENTRY_HEADER);
    await backend.console('PATCH', `/flows/${READY_FLOW.id}`, { name: 'Approve Bills' });
    expect((await backend.console('POST', `/audit/${firstId}/undo`, {})).status).toBe(412);
    const { items } = await log(`?kind=flow.rename`);
    expect((await backend.console('POST', `/audit/${items[0]?.id}/undo`, {})).status).toBe(200);
    expect((await backend.store.getFlow(READY_FLOW.id))?.name).toBe('Approve Claims');
  });

  it('exports CSV and JSON whose rows are the table, newest first', async () => {
    for (const name of ['A', 'B', '=cmd()', 'with, comma "quoted"']) {
      await backend.console('PATCH', `/flows/${READY_FLOW.id}`, { name });
    }
    const { items } = await log();
    const csv = await (await raw('GET', '/audit/export?format=csv')).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('at,by,kind,flow,flowId,principal,principalId,before,after,changeSetId');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(items.map((entry) => entry.at));
    expect(lines[1]).toContain(csvField('with, comma "quoted"'));
    expect(csv).toContain(`'=cmd()`);
    const json = await raw('GET', '/audit/export?format=json');
    expect(json.headers.get('content-disposition')).toContain('audit-log.json');
    expect((JSON.parse(await json.text()) as AuditEntry[]).map((entry) => entry.id)).toEqual(items.map((entry) => entry.id));
  });
});
