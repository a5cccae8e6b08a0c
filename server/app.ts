import { Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import type { Activation } from '../contract/access';
import type { AppKeysAnswer } from '../contract/manage';
import { accessRoutes } from './access/access-routes';
import { createAccessService } from './access/access-service';
import { accessTestRoutes } from './access/access-test-routes';
import { createAccessTestService } from './access/access-test-service';
import { overviewRoutes } from './overview/overview-routes';
import { createOverviewService } from './overview/overview-service';
import { auditRoutes } from './audit/audit-routes';
import { createAuditService } from './audit/audit-service';
import { createAuditor } from './audit/auditor';
import { impactRoutes } from './impact/impact-routes';
import { createImpactService } from './impact/impact-service';
import { createAttemptLimits, type AttemptLimitsOptions } from './auth/attempt-limits';
import { SIGN_IN_PATH, type ConsoleAuth } from './auth/console-auth';
import { createPbkdf2Hasher, type PasswordHasher } from './auth/password-hasher';
import { directoryRoutes } from './directory/directory-routes';
import { createDirectoryService } from './directory/directory-service';
import { flowRoutes } from './flows/flow-routes';
import { createFlowService, type AnnounceFlow } from './flows/flow-service';
import {
  answerErrorWith,
  answerNotFound,
  limitBody,
  logToConsole,
  noSuchEndpoint,
  refuseHostilePaths,
  type Log,
} from './http/answers';
import { cachedRouter } from './http/cached-router';
import { withClientAddress, type ClientAddress } from './http/client-address';
import { jsonOnly } from './http/json-only';
import { appPermissionRoutes } from './permissions/app-permission-routes';
import { createAppPermissionService } from './permissions/app-permission-service';
import { batchRoutes } from './permissions/batch-routes';
import { createBatchService } from './permissions/batch-service';
import { documentRoutes } from './permissions/document-routes';
import { createDocumentService } from './permissions/document-service';
import { permissionRoutes } from './permissions/permission-routes';
import { createPermissionService } from './permissions/permission-service';
import { systemClock, type Clock } from './platform/clock';
import { randomId, type NewId } from './platform/ids';
import { createActivator } from './runtime/activate';
import { activationLane } from './runtime/activation-lane';
import { usesDemoKeys, type AppKeys } from './runtime/api-keys';
import { createAppUserService } from './runtime/app-user-service';
import { createCallerResolver } from './runtime/resolve-caller';
import { runtimeRoutes } from './runtime/runtime-routes';
import { groupCommit } from './platform/group-commit';
import { createLocalFeed, type Change, type ChangeFeed } from './live/change-feed';
import { createEventHub, type EventHub } from './live/event-hub';
import { eventRoutes } from './live/event-routes';
import { publishingStore } from './live/publishing-store';
import { createDecisionCache } from './runtime/decision-cache';
import type { Store } from './store/store';
import { actorOf } from './auth/console-admin';
import { auditSignIns } from './audit/audit-sign-ins';

export interface AppOptions {
  store: Store;
  /** PBKDF2 through WebCrypto unless the host injects another. */
  hasher?: PasswordHasher;
  /**
   * The application id and per-channel API keys of `/<appId>/<apiKey>/…`. Required: the demo and the
   * tests pass the public `DEMO_APP_KEYS`; the real server, its own secret ones.
   */
  keys: AppKeys;
  now?: Clock;
  newId?: NewId;
  /** Who may use the console API. Required: the demo passes `demoConsoleAuth()`, which lets everyone in. */
  consoleAuth: ConsoleAuth;
  /** How long an app user's `user-token` lasts from login; 30 days unless given. */
  userSessionTtlMs?: number;
  /** Where failures are written, one line each; the console unless given. */
  log?: Log;
  /**
   * The caller's network address, for per-address limits on logins and registrations (and the
   * console's sign-in). The Node server reads the socket; the demo, with one caller, a constant.
   */
  clientAddress?: ClientAddress;
  /** App logins and registrations per address (and registrations in all); the defaults unless given. */
  attemptLimits?: Omit<AttemptLimitsOptions, 'now'>;
  /**
   * Where committed changes are heard. With `publish`, the store is this process's alone (the memory
   * store) and its writes are announced through `publish`; without, the changes come from the
   * database (PostgreSQL's notifications) and decisions are served from memory kept exact by them.
   * Unless given, the memory store's way with a feed of its own.
   */
  live?: {
    feed: ChangeFeed;
    publish?: (change: Change) => void;
    /**
     * Over a database: announces a flow change with who made it (the flows table does not say who),
     * next to the database's own announcement, which the event hub then leaves out.
     */
    announceFlow?: AnnounceFlow;
  };
  /** The consoles' live streams over `live.feed`; made here unless given (the host closes it on shutdown). */
  events?: EventHub;
  /** Audit entries older than this are forgotten; 365 days unless given (AUDIT_RETENTION_DAYS). */
  auditRetentionDays?: number;
}

export const DEFAULT_USER_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The one backend: the real server, the demo's service worker and the tests all run this app.
 * It must stay free of Node-only imports, because the demo runs it in the browser.
 */
export function createApp({
  store: given,
  hasher = createPbkdf2Hasher(),
  keys,
  now = systemClock,
  newId = randomId,
  consoleAuth,
  userSessionTtlMs = DEFAULT_USER_SESSION_TTL_MS,
  log = logToConsole,
  clientAddress = () => 'local',
  attemptLimits = {},
  live = localLive(),
  events = createEventHub(live.feed),
  auditRetentionDays,
}: AppOptions) {
  const { publish } = live;
  const cache = publish ? null : createDecisionCache(given, live.feed);
  const store = publish ? publishingStore(given, { publish }) : (cache?.store ?? given);
  // The console reads what the database holds now (a value with its version, for If-Match); only the
  // runtime's decisions read from memory. Its writes still go through the cache, which forgets them.
  const consoleStore = cache ? cache.consoleStore : store;
  // Activation records are written in groups; each answer still waits for its own record.
  const recordActivation = groupCommit(async (activations: readonly Activation[]) => {
    await store.recordActivations(activations);
    return activations.map(() => undefined);
  });
  // Every request is routed; the answers for the app's few hot paths are kept (cached-router.ts).
  const app = new Hono({ router: cachedRouter(new TrieRouter()) });
  const auditor = createAuditor({
    store: consoleStore,
    now,
    newId,
    ...(auditRetentionDays === undefined ? {} : { retentionDays: auditRetentionDays }),
  });
  app.use('*', refuseHostilePaths());
  app.use('*', limitBody());
  app.use('*', withClientAddress(clientAddress));
  app.use(
    '/api/console/*',
    jsonOnly((path) => path === SIGN_IN_PATH),
  );
  app.use('/api/console/*', consoleAuth.guard);
  app.use(SIGN_IN_PATH, auditSignIns(auditor));
  app.route('/api/console/auth', consoleAuth.routes);
  // Behind the guard: administrators look up the keys their apps need; who saw them is audited.
  app.get('/api/console/app-keys', async (c) => {
    await auditor.record({ kind: 'app-keys.shown', by: actorOf(c) });
    return c.json({ appId: keys.appId, apiKeys: { ...keys.apiKeys }, demoKeys: usesDemoKeys(keys) } satisfies AppKeysAnswer);
  });
  app.route(
    '/api/console/api-tokens',
    consoleAuth.tokenRoutes((fields) => auditor.record(fields)),
  );
  app.route('/api/console', eventRoutes(events));
  app.route(
    '/api/console',
    flowRoutes(createFlowService({ store: consoleStore, newId, auditor, announce: publish ?? live.announceFlow })),
  );
  app.route('/api/console', permissionRoutes(createPermissionService({ store: consoleStore, now, auditor })));
  const batches = createBatchService({ store: consoleStore, now, newId, auditor });
  app.route('/api/console', batchRoutes(batches));
  app.route('/api/console', documentRoutes(createDocumentService({ store: consoleStore, batches, appId: keys.appId })));
  app.route('/api/console', directoryRoutes(createDirectoryService({ store: consoleStore, auditor })));
  app.route('/api/console', appPermissionRoutes(createAppPermissionService({ store: consoleStore, auditor })));
  app.route('/api/console', auditRoutes(createAuditService({ store: consoleStore, auditor, now })));
  app.route('/api/console', impactRoutes(createImpactService({ store: consoleStore, now })));
  const access = createAccessService({ store: consoleStore });
  app.route('/api/console', accessRoutes(access));
  app.route('/api/console', accessTestRoutes(createAccessTestService({ store: consoleStore, access, now, newId, auditor })));
  app.route('/api/console', overviewRoutes(createOverviewService({ store: consoleStore })));
  const known = cache?.known;
  const resolveCaller = createCallerResolver(store, keys, now, known);
  const activate = createActivator({ store, ...(known ? { known } : {}), now, newId, recordActivation });
  const runtime = runtimeRoutes({
    store,
    ...(known ? { known } : {}),
    keys,
    resolveCaller,
    activate,
    appUsers: createAppUserService({
      store,
      hasher,
      now,
      newId,
      userSessionTtlMs,
      attempts: createAttemptLimits({ now, ...attemptLimits }),
    }),
  });
  app.route('/api', runtime);
  // `/api/<anything>/…` is never an app id: leave what the routes above did not answer to notFound.
  app.use('/:appId/:apiKey/*', async (c, next) => {
    if (c.req.param('appId') === 'api') throw noSuchEndpoint(c);
    await next();
  });
  app.route('/:appId/:apiKey', runtime);
  app.notFound(answerNotFound);
  const answerError = answerErrorWith(log);
  app.onError(answerError);
  // Activations by name skip the app's middleware chain when it would let them through unchanged
  // (activation-lane.ts says which), `app.request` in tests too (it calls `fetch`); everything else is routed.
  const lane = activationLane({ store, ...(known ? { known } : {}), resolveCaller, activate, onError: answerError });
  const routed = app.fetch;
  app.fetch = (request, env, executionCtx) =>
    lane.takes(request) ? lane.fetch(request, env) : routed(request, env, executionCtx);
  return app;
}

function localLive(): { feed: ChangeFeed; publish: (change: Change) => void } {
  const feed = createLocalFeed();
  return { feed, publish: feed.publish };
}

export type App = ReturnType<typeof createApp>;
