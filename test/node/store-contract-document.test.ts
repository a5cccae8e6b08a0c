import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PermissionsDocument } from '../../contract/permissions-document';
import { HttpError } from '../../server/http/errors';
import { createAuditor } from '../../server/audit/auditor';
import { createBatchService } from '../../server/permissions/batch-service';
import { createDocumentService, type DocumentService } from '../../server/permissions/document-service';
import type { Store } from '../../server/store/store';
import { LIVE_FLOW, READY_FLOW, SEEDED_USERS, testSeed } from './support/backend';
import { ALL_BACKENDS } from './support/stores';

/** Part of the Store contract (see store-contract.test.ts): a permissions document applied on every store. */

const single = { by: 'other@example.com', at: '2025-01-01T00:00:00.000Z', principalName: 'Manager' };
let ids = 0;

describe.each(ALL_BACKENDS.map((make) => make()))('the $name store: permissions documents', (backend) => {
  let store: Store;
  let documents: DocumentService;
  beforeEach(async () => {
    ({ store } = await backend.open(await testSeed()));
    const now = () => new Date('2025-01-02T00:00:00.000Z');
    const newId = () => `cs-${++ids}`;
    const batches = createBatchService({ store, now, newId, auditor: createAuditor({ store, now, newId }) });
    documents = createDocumentService({ store, batches, appId: 'app-1' });
  });
  afterAll(() => backend.close());

  it('applies a document all or nothing as one change set, app-wide values included, and then plans nothing', async () => {
    await store.setValue(READY_FLOW.id, { kind: 'role', name: 'Manager' }, 'grant', single);
    const document: PermissionsDocument = {
      version: 1,
      appWide: { Contractor: 'deny' },
      flows: {
        [LIVE_FLOW.name]: { roles: { NonAuthenticatedUser: 'deny' }, users: { 'CLEO@example.com': 'grant' } },
        [READY_FLOW.name]: {},
      },
    };
    const plan = await documents.plan(document);
    expect(plan.changes).toEqual([
      { flow: LIVE_FLOW.name, principal: { kind: 'role', name: 'NonAuthenticatedUser' }, from: null, to: 'deny' },
      { flow: LIVE_FLOW.name, principal: { kind: 'user', email: 'cleo@example.com' }, from: null, to: 'grant' },
      { flow: READY_FLOW.name, principal: { kind: 'role', name: 'Manager' }, from: 'grant', to: null },
    ]);
    expect(plan.appWide).toEqual([{ role: 'Contractor', from: 'grant', to: 'deny' }]);

    const applied = await documents.apply(document, plan.revision, 'ci (API token)');
    expect(applied.revision).not.toBe(plan.revision);
    expect(await store.listChangeSet(applied.changeSetId ?? '')).toHaveLength(3);
    expect(Object.fromEntries(await store.getAppWideValues())).toEqual({ Contractor: 'deny' });
    expect((await store.getValues(LIVE_FLOW.id, [{ kind: 'user', id: SEEDED_USERS.plain.id }])).size).toBe(1);
    expect(await documents.plan(document)).toMatchObject({ changes: [], appWide: [], revision: applied.revision });

    const exported = await documents.exportDocument();
    expect(exported.flows[LIVE_FLOW.name]).toEqual({
      roles: { NonAuthenticatedUser: 'deny' },
      users: { 'cleo@example.com': 'grant' },
    });
  });

  it('refuses an apply when the app moved since the plan, and changes nothing', async () => {
    const document: PermissionsDocument = { version: 1, flows: { [LIVE_FLOW.name]: { roles: { Manager: 'deny' } } } };
    const plan = await documents.plan(document);
    await store.setValue(READY_FLOW.id, { kind: 'role', name: 'Manager' }, 'grant', single);
    const refused = await documents.apply(document, plan.revision, 'ci').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ status: 412, code: 4122 });
    expect((await store.getValues(LIVE_FLOW.id, [{ kind: 'role', name: 'Manager' }])).size).toBe(0);
  });
});
