import Backendless from 'backendless';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../../domain/caller';
import { ErrorCode } from '../../../server/http/errors';
import { DEMO_APP_KEYS } from '../../../server/runtime/api-keys';
import { DRAFT_FLOW, LIVE_FLOW, READY_FLOW, SEEDED_USERS, setAppWide, setValue, type TestBackend } from './backend';

type Sdk = typeof Backendless;
/** What the SDK keeps private but uses for every call; Call Flow has no SDK method, so it goes through it. */
interface SdkInternals {
  appInfoPromise(): Promise<unknown>;
  request: { post(options: { url: string; data: unknown }): Promise<unknown> };
  urls: { automationFlow(): string };
}
const internals = (sdk: Sdk) => sdk as unknown as SdkInternals;

/** A backend on a real HTTP port for the SDK: its base URL, and its console API for setting values. */
export interface SdkTarget {
  readonly url: string;
  readonly console: TestBackend['console'];
}

/**
 * The Backendless SDK against one backend: the app over the memory store (backendless-sdk.test.ts) or
 * the real server over PGlite and PostgreSQL (server-sdk.test.ts). `open` gives a fresh backend holding
 * the test seed before each test; `close` ends it after.
 */
export function describeSdkSuite(open: () => Promise<SdkTarget & { close(): Promise<void> }>): void {
  let current: (SdkTarget & { close(): Promise<void> }) | undefined;
  const target = (): SdkTarget => {
    if (!current) throw new Error('No backend is open');
    return current;
  };
  // The tests below were written against `backend` and `server`; both name the open target.
  const backend = { console: (method: string, path: string, body?: unknown) => target().console(method, path, body) };
  const server = {
    get url() {
      return target().url;
    },
  };

  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  /** `Backendless.initApp('<base URL>')`: requests go to `<base>/api/…`, the REST channel. */
  async function byDomain(): Promise<Sdk> {
    const sdk = Backendless.initApp({ domain: server.url, standalone: true }) as Sdk;
    await internals(sdk).appInfoPromise();
    return sdk;
  }

  /** `Backendless.initApp({ serverURL, appId, apiKey })`: requests go to `/<appId>/<apiKey>/…`. */
  async function byKey(channel: Channel): Promise<Sdk> {
    const sdk = Backendless.initApp({
      serverURL: server.url,
      appId: DEMO_APP_KEYS.appId,
      apiKey: DEMO_APP_KEYS.apiKeys[channel],
      standalone: true,
    }) as Sdk;
    await internals(sdk).appInfoPromise();
    return sdk;
  }

  async function loggedIn(sdk: Sdk, user: { email: string; password: string }): Promise<Sdk> {
    await sdk.UserService.login(user.email, user.password);
    return sdk;
  }

  const activation = { executionId: expect.any(String) as unknown };
  const refused = { code: ErrorCode.activationDenied, status: 403, message: 'You are not allowed to activate this flow' };

  function callFlow(sdk: Sdk, flowId: string, body: { sessionSource: string; userId?: string }) {
    const { request, urls } = internals(sdk);
    return request.post({ url: `${urls.automationFlow()}/${flowId}/call-flow`, data: { ...body, initialData: {} } });
  }

  describe.each([
    { form: "initApp('<base URL>')", connect: byDomain },
    { form: 'initApp({ serverURL, appId, apiKey })', connect: () => byKey('JS') },
  ])('the Backendless SDK through $form', ({ connect }) => {
    it('registers, logs in and activates an allowed flow by name and by id', async () => {
      const sdk = await connect();
      const registered = await sdk.UserService.register({ email: 'new@example.com', password: 'pa55word', name: 'New User' });
      expect(registered).toMatchObject({ email: 'new@example.com', name: 'New User', objectId: expect.any(String) });
      expect(registered).not.toHaveProperty('password');

      const user = await sdk.UserService.login('new@example.com', 'pa55word');
      expect(user).toMatchObject({ email: 'new@example.com', 'user-token': expect.any(String) });
      expect(user).not.toHaveProperty('password');

      await expect(sdk.Automations.activateFlow(LIVE_FLOW.name, { order: 42 })).resolves.toEqual(activation);
      await expect(sdk.Automations.activateFlowById(LIVE_FLOW.id, { order: 42 })).resolves.toEqual(activation);
    });

    it('refuses a user denied on the flow with our code and message', async () => {
      const sdk = await loggedIn(await connect(), SEEDED_USERS.plain);
      await setValue(backend, LIVE_FLOW.id, { user: SEEDED_USERS.plain.id }, 'deny');
      await expect(sdk.Automations.activateFlow(LIVE_FLOW.name)).rejects.toMatchObject(refused);
      await expect(sdk.Automations.activateFlowById(LIVE_FLOW.id)).rejects.toMatchObject(refused);
    });

    it('refuses anonymous callers but not logged-in users when NonAuthenticatedUser is denied', async () => {
      await setValue(backend, LIVE_FLOW.id, { role: 'NonAuthenticatedUser' }, 'deny');
      const anonymous = await connect();
      const user = await loggedIn(await connect(), SEEDED_USERS.plain);
      await expect(anonymous.Automations.activateFlow(LIVE_FLOW.name)).rejects.toMatchObject(refused);
      await expect(user.Automations.activateFlow(LIVE_FLOW.name)).resolves.toEqual(activation);
    });

    it("lets the user's own grant win over their denied role", async () => {
      await setValue(backend, LIVE_FLOW.id, { role: 'Manager' }, 'deny');
      const sdk = await loggedIn(await connect(), SEEDED_USERS.manager);
      await expect(sdk.Automations.activateFlow(LIVE_FLOW.name)).rejects.toMatchObject(refused);
      await setValue(backend, LIVE_FLOW.id, { user: SEEDED_USERS.manager.id }, 'grant');
      await expect(sdk.Automations.activateFlow(LIVE_FLOW.name)).resolves.toEqual(activation);
    });

    it('refuses a user when one of their two custom roles is denied', async () => {
      await setValue(backend, LIVE_FLOW.id, { role: 'Manager' }, 'grant');
      await setValue(backend, LIVE_FLOW.id, { role: 'Contractor' }, 'deny');
      const sdk = await loggedIn(await connect(), SEEDED_USERS.twoRoles);
      await expect(sdk.Automations.activateFlow(LIVE_FLOW.name)).rejects.toMatchObject(refused);
    });

    it('applies an app-wide deny where the flow sets nothing for the role', async () => {
      await setAppWide(backend, 'Contractor', 'deny');
      const sdk = await loggedIn(await connect(), SEEDED_USERS.twoRoles);
      await expect(sdk.Automations.activateFlow(LIVE_FLOW.name)).rejects.toMatchObject(refused);
      await setValue(backend, LIVE_FLOW.id, { role: 'Contractor' }, 'grant');
      await expect(sdk.Automations.activateFlow(LIVE_FLOW.name)).resolves.toEqual(activation);
      const other = await loggedIn(await connect(), SEEDED_USERS.manager);
      await expect(other.Automations.activateFlow(LIVE_FLOW.name)).resolves.toEqual(activation);
    });

    it('says clearly that a flow which is not LIVE cannot be activated', async () => {
      const sdk = await connect();
      for (const flow of [READY_FLOW, DRAFT_FLOW]) {
        const attempt = sdk.Automations.activateFlow(flow.name);
        await expect(attempt).rejects.toMatchObject({ code: ErrorCode.flowNotLive, status: 400 });
        await expect(attempt).rejects.toThrow(`"${flow.name}" is not LIVE (its status is ${flow.status})`);
      }
    });

    it('refuses a denied caller of a flow that is not LIVE with 403, telling nothing about its status', async () => {
      await setValue(backend, READY_FLOW.id, { role: 'NonAuthenticatedUser' }, 'deny');
      const sdk = await connect();
      await expect(sdk.Automations.activateFlow(READY_FLOW.name)).rejects.toMatchObject(refused);
    });

    it('answers 404 for a flow that does not exist', async () => {
      const sdk = await connect();
      await expect(sdk.Automations.activateFlow('No Such Flow')).rejects.toMatchObject({
        code: ErrorCode.flowNotFound,
        status: 404,
      });
      await expect(sdk.Automations.activateFlowById('fl_missing')).rejects.toMatchObject({ status: 404 });
    });

    it('refuses a wrong password and a second registration with Backendless codes', async () => {
      const sdk = await connect();
      await expect(sdk.UserService.login(SEEDED_USERS.plain.email, 'wrong')).rejects.toMatchObject({
        code: 3003,
        status: 401,
      });
      await expect(sdk.UserService.login('nobody@example.com', 'wrong')).rejects.toMatchObject({ code: 3003 });
      await expect(
        sdk.UserService.register({ email: SEEDED_USERS.plain.email.toUpperCase(), password: 'x' }),
      ).rejects.toMatchObject({ code: 3033, status: 409 });
    });

    it('logs out: the token stops working and the caller is anonymous again', async () => {
      await setValue(backend, LIVE_FLOW.id, { role: 'NonAuthenticatedUser' }, 'deny');
      const sdk = await connect();
      const { 'user-token': token } = await sdk.UserService.login<{ 'user-token': string }>(
        SEEDED_USERS.plain.email,
        SEEDED_USERS.plain.password,
      );
      await expect(sdk.Automations.activateFlow(LIVE_FLOW.name)).resolves.toEqual(activation);
      await sdk.UserService.logout();
      await expect(sdk.Automations.activateFlow(LIVE_FLOW.name)).rejects.toMatchObject(refused);

      const stale = await connect();
      stale.UserService.setCurrentUser({ objectId: SEEDED_USERS.plain.id, 'user-token': token });
      await expect(stale.Automations.activateFlow(LIVE_FLOW.name)).rejects.toMatchObject({ code: 3064, status: 401 });
    });
  });

  describe('channels', () => {
    it('refuses only the JS key when JSUser is denied', async () => {
      await setValue(backend, LIVE_FLOW.id, { role: 'JSUser' }, 'deny');
      await expect((await byKey('JS')).Automations.activateFlow(LIVE_FLOW.name)).rejects.toMatchObject(refused);
      for (const channel of ['REST', 'Android', 'IOS', 'DotNet', 'ActionScript', 'ServerCode'] as const) {
        await expect((await byKey(channel)).Automations.activateFlow(LIVE_FLOW.name)).resolves.toEqual(activation);
      }
      await expect((await byDomain()).Automations.activateFlow(LIVE_FLOW.name)).resolves.toEqual(activation);
    });

    it('counts the bare /api/ form as REST', async () => {
      await setValue(backend, LIVE_FLOW.id, { role: 'RestUser' }, 'deny');
      await expect((await byDomain()).Automations.activateFlow(LIVE_FLOW.name)).rejects.toMatchObject(refused);
      await expect((await byKey('REST')).Automations.activateFlow(LIVE_FLOW.name)).rejects.toMatchObject(refused);
      await expect((await byKey('JS')).Automations.activateFlow(LIVE_FLOW.name)).resolves.toEqual(activation);
    });

    it('refuses an unknown API key', async () => {
      // The SDK logs its failed app-info request itself.
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const sdk = Backendless.initApp({
        serverURL: server.url,
        appId: DEMO_APP_KEYS.appId,
        apiKey: 'NOT-A-KEY',
        standalone: true,
      }) as Sdk;
      await expect(internals(sdk).appInfoPromise()).rejects.toMatchObject({ code: ErrorCode.unknownApiKey, status: 401 });
      await expect(sdk.Automations.activateFlow(LIVE_FLOW.name)).rejects.toMatchObject({ code: ErrorCode.unknownApiKey });
      expect(logged).toHaveBeenCalled();
      logged.mockRestore();
    });
  });

  describe('Call Flow', () => {
    it('is not refused by a NonAuthenticatedUser deny when the session source is none', async () => {
      await setValue(backend, LIVE_FLOW.id, { role: 'NonAuthenticatedUser' }, 'deny');
      const serverCode = await byKey('ServerCode');
      await expect(callFlow(serverCode, LIVE_FLOW.id, { sessionSource: 'none' })).resolves.toEqual(activation);
      await setValue(backend, LIVE_FLOW.id, { role: 'ServerCodeUser' }, 'deny');
      await expect(callFlow(serverCode, LIVE_FLOW.id, { sessionSource: 'none' })).rejects.toMatchObject(refused);
    });

    it("holds the session user's roles plus ServerCodeUser", async () => {
      await setValue(backend, LIVE_FLOW.id, { role: 'Contractor' }, 'deny');
      const serverCode = await byKey('ServerCode');
      for (const sessionSource of ['executionInitUser', 'triggerUser']) {
        await expect(
          callFlow(serverCode, LIVE_FLOW.id, { sessionSource, userId: SEEDED_USERS.twoRoles.id }),
        ).rejects.toMatchObject(refused);
        await expect(callFlow(serverCode, LIVE_FLOW.id, { sessionSource, userId: SEEDED_USERS.manager.id })).resolves.toEqual(
          activation,
        );
      }
    });

    it('is for server code only', async () => {
      for (const sdk of [await byDomain(), await byKey('JS')]) {
        await expect(callFlow(sdk, LIVE_FLOW.id, { sessionSource: 'none' })).rejects.toMatchObject({
          code: ErrorCode.serverCodeOnly,
          status: 403,
        });
      }
    });
  });

  describe('the global Backendless object', () => {
    it("works after Backendless.initApp('<base URL>') and after initApp({ serverURL, appId, apiKey })", async () => {
      Backendless.initApp(server.url);
      await Backendless.UserService.register({ email: 'global@example.com', password: 'pa55word' });
      await Backendless.UserService.login('global@example.com', 'pa55word');
      await expect(Backendless.Automations.activateFlow(LIVE_FLOW.name)).resolves.toEqual(activation);
      await Backendless.UserService.logout();

      Backendless.initApp({ serverURL: server.url, appId: DEMO_APP_KEYS.appId, apiKey: DEMO_APP_KEYS.apiKeys.JS });
      await Backendless.UserService.login('global@example.com', 'pa55word');
      await expect(Backendless.Automations.activateFlowById(LIVE_FLOW.id, {})).resolves.toEqual(activation);
      await internals(Backendless).appInfoPromise();
    });
  });

  it('lists users registered through the SDK in the console', async () => {
    const sdk = await byDomain();
    await sdk.UserService.register({ email: 'listed@example.com', password: 'pa55word', name: 'Listed Person' });
    const { body } = await backend.console('GET', `/flows/${LIVE_FLOW.id}/permissions/users?search=listed`);
    expect(body).toMatchObject({ total: 1, items: [{ name: 'Listed Person', email: 'listed@example.com', value: null }] });
  });
}
