import { beforeEach, describe, expect, it } from 'vitest';
import type { PermissionsDocument } from '../../contract/permissions-document';
import {
  createTestBackend,
  LIVE_FLOW,
  READY_FLOW,
  SEEDED_USERS,
  setAppWide,
  setValue,
  type TestBackend,
} from './support/backend';

/** Permissions as code over the memory store: export, plan, apply (one change set, undoable) and tests. */

describe('the permissions document API', () => {
  let backend: TestBackend;
  beforeEach(async () => {
    backend = await createTestBackend();
    await setValue(backend, LIVE_FLOW.id, { role: 'Manager' }, 'deny');
    await setValue(backend, LIVE_FLOW.id, { user: SEEDED_USERS.plain.id }, 'grant');
    await setAppWide(backend, 'Contractor', 'deny');
  });

  const exported = async (query = '') =>
    (await backend.console('GET', `/permissions/document${query}`)).body as PermissionsDocument;

  it('exports names, not ids, and nothing inherited', async () => {
    const document = await exported();
    expect(document).toEqual({
      version: 1,
      appWide: { Contractor: 'deny' },
      flows: {
        [READY_FLOW.name]: { roles: {}, users: {} },
        [LIVE_FLOW.name]: { roles: { Manager: 'deny' }, users: { 'cleo@example.com': 'grant' } },
        'Sync CRM Contacts': { roles: {}, users: {} },
      },
      exportedFrom: { appId: expect.any(String), revision: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(Object.keys((await exported(`?flow=${encodeURIComponent(LIVE_FLOW.name)}`)).flows)).toEqual([LIVE_FLOW.name]);
  });

  it('plans nothing for its own export, then exactly one edited value, and applies it as one undoable change set', async () => {
    const document = await exported();
    const plan = await backend.console('POST', '/permissions/document/plan', { document });
    expect(plan.body).toMatchObject({ changes: [], appWide: [], stale: false });

    const flows = document.flows as Record<string, { roles: Record<string, string> }>;
    (flows[LIVE_FLOW.name] as { roles: Record<string, string> }).roles.Manager = 'grant';
    const edited = await backend.console('POST', '/permissions/document/plan', { document });
    expect(edited.body).toMatchObject({
      changes: [{ flow: LIVE_FLOW.name, principal: { kind: 'role', name: 'Manager' }, from: 'deny', to: 'grant' }],
      appWide: [],
    });
    const revision = (edited.body as { revision: string }).revision;
    const applied = await backend.console('POST', '/permissions/document/apply', { document, ifRevision: revision });
    expect(applied.status).toBe(200);
    const { changeSetId } = applied.body as { changeSetId: string };
    const row = await backend.console('GET', `/flows/${LIVE_FLOW.id}/permissions/roles/Manager`);
    expect(row.body).toMatchObject({ value: 'grant' });

    const undo = await backend.console('POST', `/permissions/batch/${changeSetId}/undo`);
    expect(undo.status).toBe(200);
    expect((await backend.console('GET', `/flows/${LIVE_FLOW.id}/permissions/roles/Manager`)).body).toMatchObject({
      value: 'deny',
    });
  });

  it('undoes the app-wide values of an applied document too, and refuses if one changed since', async () => {
    const appWide = async () => (await exported()).appWide;
    const document = await exported();
    document.appWide = { Contractor: 'grant', NonAuthenticatedUser: 'deny' };
    (document.flows[LIVE_FLOW.name] as { roles: Record<string, string> }).roles.Manager = 'grant';
    const applied = await backend.console('POST', '/permissions/document/apply', { document });
    expect(applied.status).toBe(200);
    expect(await appWide()).toEqual({ NonAuthenticatedUser: 'deny' });

    const undo = await backend.console(
      'POST',
      `/permissions/batch/${(applied.body as { changeSetId: string }).changeSetId}/undo`,
    );
    expect(undo.status).toBe(200);
    expect(await appWide()).toEqual({ Contractor: 'deny' });
    expect((await backend.console('GET', `/flows/${LIVE_FLOW.id}/permissions/roles/Manager`)).body).toMatchObject({
      value: 'deny',
    });

    // A document that changes only app-wide values is a change set too; its Undo is refused (412) once
    // someone else changed one of those values, and then changes nothing.
    const wideOnly = await exported();
    wideOnly.appWide = { Contractor: 'deny', AuthenticatedUser: 'deny' };
    const second = await backend.console('POST', '/permissions/document/apply', { document: wideOnly });
    const { changeSetId } = second.body as { changeSetId: string | null };
    expect(changeSetId).toEqual(expect.any(String));
    await setAppWide(backend, 'AuthenticatedUser', 'grant');
    const refused = await backend.console('POST', `/permissions/batch/${String(changeSetId)}/undo`);
    expect(refused).toMatchObject({ status: 412, body: { code: 4121 } });
    expect(await appWide()).toEqual({ Contractor: 'deny' });
  });

  it('refuses with 412 when the app moved since the plan, or since the export of an edited document', async () => {
    const document = await exported();
    const plan = (await backend.console('POST', '/permissions/document/plan', { document })).body as { revision: string };
    await setValue(backend, READY_FLOW.id, { role: 'Manager' }, 'deny');
    const moved = await backend.console('POST', '/permissions/document/apply', { document, ifRevision: plan.revision });
    expect(moved).toMatchObject({ status: 412, body: { code: 4122 } });

    (document.flows[LIVE_FLOW.name] as { roles: Record<string, string> }).roles.Manager = 'grant';
    const stale = await backend.console('POST', '/permissions/document/apply', { document });
    expect(stale).toMatchObject({ status: 412, body: { code: 4122 } });
    expect((await backend.console('GET', `/flows/${LIVE_FLOW.id}/permissions/roles/Manager`)).body).toMatchObject({
      value: 'deny',
    });
  });

  it('lists every unknown name together and applies nothing', async () => {
    const document: PermissionsDocument = {
      version: 1,
      appWide: { Ghosts: 'deny' },
      flows: {
        [LIVE_FLOW.name]: { roles: { Manager: 'grant', Nobody: 'deny' }, users: { 'who@example.com': 'deny' } },
        'No Such Flow': {},
      },
    };
    const { status, body } = await backend.console('POST', '/permissions/document/apply', { document });
    expect(status).toBe(422);
    expect(body).toMatchObject({
      code: 4221,
      unknown: { flows: ['No Such Flow'], users: ['who@example.com'], roles: ['Nobody', 'Ghosts'] },
    });
    expect((await backend.console('GET', `/flows/${LIVE_FLOW.id}/permissions/roles/Manager`)).body).toMatchObject({
      value: 'deny',
    });
  });

  it('refuses an invalid document with the path of the field', async () => {
    const { status, body } = await backend.console('POST', '/permissions/document/plan', {
      document: { version: 1, flows: { [LIVE_FLOW.name]: { roles: { Manager: 'maybe' } } } },
    });
    expect(status).toBe(400);
    expect((body as { message: string }).message).toMatch(/^document\.flows\.Send Welcome Email\.roles\.Manager: /);
  });

  it('runs permission tests with the runtime rule and names the deciding level', async () => {
    const { body } = await backend.console('POST', '/permissions/tests/run', {
      version: 1,
      tests: [
        { flow: LIVE_FLOW.name, caller: { user: 'ana@example.com' }, via: 'REST', expect: 'denied' },
        { name: 'anonymous may start it', flow: LIVE_FLOW.name, caller: 'anonymous', via: 'JS', expect: 'granted' },
        { flow: LIVE_FLOW.name, caller: { roles: ['Contractor'] }, expect: 'granted' },
      ],
    });
    expect(body).toEqual({
      passed: 2,
      failed: 1,
      results: [
        expect.objectContaining({ passed: true, actual: 'denied', level: 'customRole', role: 'Manager' }),
        expect.objectContaining({ name: 'anonymous may start it', passed: true, level: 'default' }),
        expect.objectContaining({
          passed: false,
          expected: 'granted',
          actual: 'denied',
          level: 'appWideCustomRole',
          role: 'Contractor',
        }),
      ],
    });
  });
});
