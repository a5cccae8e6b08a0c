import { beforeAll, describe, expect, it } from 'vitest';
import { accessCheckSchema, activationPageSchema } from '../../contract/access';
import { CHANNELS, type Channel, type SessionSource } from '../../domain/caller';
import { ErrorCode } from '../../server/http/errors';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import {
  createTestBackend,
  LIVE_FLOW,
  READY_FLOW,
  SEEDED_USERS,
  setAppWide,
  setValue,
  type TestBackend,
} from './support/backend';

let backend: TestBackend;
const tokens = new Map<string, string>();

async function runtime(path: string, { base = '/api', token, body }: { base?: string; token?: string; body: unknown }) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['user-token'] = token;
  const response = await backend.app.fetch(
    new Request(`http://backend.test${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
  );
  return { status: response.status, body: (await response.json()) as { code?: number; executionId?: string } };
}

beforeAll(async () => {
  backend = await createTestBackend();
  const live = LIVE_FLOW.id;
  await setValue(backend, live, { role: 'NonAuthenticatedUser' }, 'deny');
  await setValue(backend, live, { role: 'JSUser' }, 'deny');
  await setValue(backend, live, { role: 'AndroidUser' }, 'grant');
  await setValue(backend, live, { role: 'ServerCodeUser' }, 'grant');
  await setValue(backend, live, { role: 'Contractor' }, 'deny');
  await setValue(backend, live, { role: 'Manager' }, 'grant');
  await setValue(backend, live, { user: SEEDED_USERS.plain.id }, 'grant');
  await setValue(backend, READY_FLOW.id, { role: 'RestUser' }, 'deny');
  await setValue(backend, READY_FLOW.id, { user: SEEDED_USERS.twoRoles.id }, 'deny');
  await setAppWide(backend, 'IOSUser', 'deny');
  await setAppWide(backend, 'Manager', 'deny');
  for (const user of Object.values(SEEDED_USERS)) {
    const { body } = await runtime('/users/login', { body: { login: user.email, password: user.password } });
    tokens.set(user.id, (body as Record<string, string>)['user-token'] ?? '');
  }
});

const users = [null, ...Object.values(SEEDED_USERS).map((user) => user.id)];
const flows = [LIVE_FLOW, READY_FLOW];

interface Case {
  flowId: string;
  userId: string | null;
  channel: Channel;
  /** `/api` for the bare form, else the channel's key. */
  bareApi?: boolean;
  sessionSource?: SessionSource;
}

const cases: Case[] = flows.flatMap((flow) =>
  users.flatMap((userId): Case[] => [
    { flowId: flow.id, userId, channel: 'REST', bareApi: true },
    ...CHANNELS.map((channel) => ({ flowId: flow.id, userId, channel })),
    ...(userId === null
      ? [{ flowId: flow.id, userId, channel: 'ServerCode' as const, sessionSource: 'none' as const }]
      : (['executionInitUser', 'triggerUser'] as const).map((sessionSource) => ({
          flowId: flow.id,
          userId,
          channel: 'ServerCode' as const,
          sessionSource,
        }))),
  ]),
);

const label = ({ flowId, userId, channel, bareApi, sessionSource }: Case) =>
  `${flowId} ${userId ?? 'anonymous'} ${bareApi ? '/api (REST)' : channel}${sessionSource ? ` Call Flow (${sessionSource})` : ''}`;

/** Calls the runtime API the way this caller would. */
async function callRuntime({ flowId, userId, channel, bareApi, sessionSource }: Case) {
  const base = bareApi ? '/api' : `/${DEMO_APP_KEYS.appId}/${DEMO_APP_KEYS.apiKeys[channel]}`;
  if (sessionSource) {
    return runtime(`/automation/flow/${flowId}/call-flow`, { base, body: { sessionSource, userId } });
  }
  const token = userId === null ? undefined : tokens.get(userId);
  return runtime(`/automation/flow/${flowId}/activate`, { base, body: {}, ...(token ? { token } : {}) });
}

describe('check-access agrees with the runtime API', () => {
  it.each(cases.map((testCase) => [label(testCase), testCase] as const))('%s', async (_label, testCase) => {
    const answer = await callRuntime(testCase);
    const check = await backend.console('POST', `/flows/${testCase.flowId}/check-access`, {
      userId: testCase.userId,
      channel: testCase.channel,
      ...(testCase.sessionSource ? { sessionSource: testCase.sessionSource } : {}),
    });
    expect(check.status).toBe(200);
    const checked = accessCheckSchema.parse(check.body);

    const expected = { started: 200, denied: 403, notLive: 400 }[checked.outcome];
    expect(answer.status).toBe(expected);
    if (checked.outcome === 'denied') expect(answer.body.code).toBe(ErrorCode.activationDenied);
    if (checked.outcome === 'notLive') expect(answer.body.code).toBe(ErrorCode.flowNotLive);
    expect(checked.decision.value).toBe(checked.outcome === 'denied' ? 'deny' : 'grant');

    // The runtime recorded its own decision: the same, down to the deciding level and role.
    const log = await backend.console('GET', `/flows/${testCase.flowId}/activations?limit=1`);
    const [latest] = activationPageSchema.parse(log.body).items;
    expect(latest?.decision).toEqual(checked.decision);
    expect(latest?.roles).toEqual([...checked.caller.customRoles, ...checked.caller.systemRoles]);
    expect(latest?.channel).toBe(testCase.channel);
    expect(latest?.sessionSource).toBe(testCase.sessionSource ?? null);
  });

  it('covers grants, denies and not-LIVE answers', async () => {
    const outcomes = new Set<string>();
    for (const testCase of cases) {
      const check = await backend.console('POST', `/flows/${testCase.flowId}/check-access`, {
        userId: testCase.userId,
        channel: testCase.channel,
        ...(testCase.sessionSource ? { sessionSource: testCase.sessionSource } : {}),
      });
      const checked = accessCheckSchema.parse(check.body);
      outcomes.add(`${checked.outcome}:${checked.decision.level}`);
    }
    expect([...outcomes]).toEqual(
      expect.arrayContaining([
        'denied:appWideCustomRole',
        'denied:appWideSystemRole',
        'denied:customRole',
        'denied:systemRole',
        'denied:user',
        'notLive:default',
        'started:customRole',
        'started:systemRole',
        'started:user',
      ]),
    );
  });
});
