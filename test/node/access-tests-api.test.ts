import { beforeEach, describe, expect, it } from 'vitest';
import { accessTestListSchema, accessTestRunSchema, MAX_ACCESS_TESTS_PER_FLOW } from '../../contract/access-tests';
import { ErrorCode } from '../../server/http/errors';
import { createTestBackend, LIVE_FLOW, READY_FLOW, SEEDED_USERS, setValue, type TestBackend } from './support/backend';

let backend: TestBackend;
beforeEach(async () => {
  backend = await createTestBackend();
});

const path = (flowId = LIVE_FLOW.id) => `/flows/${flowId}/access-tests`;
const anonymousRest = { name: 'Anonymous over REST can start', check: { userId: null, channel: 'REST' }, expect: 'granted' };

describe('a flow’s access tests (console API)', () => {
  it('saves a check as a test, runs it on the flow as it is now, and deletes it', async () => {
    const saved = await backend.console('POST', path(), anonymousRest);
    expect(saved.status).toBe(201);
    const test = accessTestRunSchema.parse(saved.body);
    expect(test).toMatchObject({
      flowId: LIVE_FLOW.id,
      name: anonymousRest.name,
      passed: true,
      actual: 'granted',
      level: 'default',
    });

    await setValue(backend, LIVE_FLOW.id, { role: 'NonAuthenticatedUser' }, 'deny');
    const listed = accessTestListSchema.parse((await backend.console('GET', path())).body);
    expect(listed.items).toEqual([
      expect.objectContaining({
        id: test.id,
        passed: false,
        actual: 'denied',
        level: 'systemRole',
        role: 'NonAuthenticatedUser',
      }),
    ]);
    expect((await backend.console('GET', path(READY_FLOW.id))).body).toEqual({ items: [] });

    expect((await backend.console('DELETE', `${path(READY_FLOW.id)}/${test.id}`)).body).toMatchObject({
      code: ErrorCode.accessTestNotFound,
    });
    expect((await backend.console('DELETE', `${path()}/${test.id}`)).status).toBe(204);
    expect((await backend.console('DELETE', `${path()}/${test.id}`)).status).toBe(404);
    expect((await backend.console('GET', path())).body).toEqual({ items: [] });
  });

  it('keeps a user test’s caller and way in', async () => {
    const saved = await backend.console('POST', path(), {
      name: 'Cleo by Call Flow with the caller’s session',
      check: { userId: SEEDED_USERS.plain.id, channel: 'ServerCode', sessionSource: 'triggerUser' },
      expect: 'denied',
    });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({
      check: { userId: SEEDED_USERS.plain.id, channel: 'ServerCode', sessionSource: 'triggerUser' },
    });
  });

  it('refuses a test without a name, with a name too long, for an unknown flow or user, and beyond the bound', async () => {
    const refused = async (body: unknown, flowId?: string) => {
      const { status, body: answer } = await backend.console('POST', path(flowId), body);
      return { status, code: (answer as { code: number }).code };
    };
    expect(await refused({ ...anonymousRest, name: '  ' })).toEqual({ status: 400, code: ErrorCode.invalidRequest });
    expect(await refused({ ...anonymousRest, name: 'x'.repeat(201) })).toEqual({ status: 400, code: ErrorCode.invalidRequest });
    expect(await refused({ ...anonymousRest, expect: 'maybe' })).toEqual({ status: 400, code: ErrorCode.invalidRequest });
    expect(await refused(anonymousRest, 'no-such-flow')).toEqual({ status: 404, code: ErrorCode.flowNotFound });
    expect(await refused({ ...anonymousRest, check: { userId: 'no-such-user', channel: 'REST' } })).toEqual({
      status: 404,
      code: ErrorCode.userNotFound,
    });

    for (let n = 0; n < MAX_ACCESS_TESTS_PER_FLOW; n++) {
      expect((await backend.console('POST', path(), { ...anonymousRest, name: `test ${n}` })).status).toBe(201);
    }
    expect(await refused(anonymousRest)).toEqual({ status: 409, code: ErrorCode.accessTestsFull });
  });
});
