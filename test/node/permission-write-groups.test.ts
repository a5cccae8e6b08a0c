import { afterEach, describe, expect, it } from 'vitest';
import type { LiveChange } from '../../contract/live';
import { createApp } from '../../server/app';
import { demoConsoleAuth } from '../../server/auth/console-auth';
import { createLocalFeed, type ChangeFeed } from '../../server/live/change-feed';
import { listenForChanges } from '../../server/node/db/change-listener';
import { migrate } from '../../server/node/db/migrate';
import { openPglite } from '../../server/node/db/pglite';
import type { Sql } from '../../server/node/db/sql';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import type { SeedData } from '../../server/seed/demo';
import { createMemoryStore } from '../../server/store/memory/memory-store';
import { resetDatabase } from '../../server/store/postgres/pg-seed';
import { createPgStore } from '../../server/store/postgres/pg-store';
import { LIVE_FLOW, SEEDED_USERS, testHasher, testSeed } from './support/backend';

/**
 * Concurrent single permission writes are grouped (decision 038): one statement for those that
 * arrive together, each with its own checks, answer, audit entry and announcement.
 */

const USERS = Array.from({ length: 8 }, (_, index) => ({
  id: `u_group${index}`,
  name: `Group User ${index}`,
  email: `group${index}@example.com`,
  roles: [] as string[],
}));

const groupUser = (index: number) => USERS[index]?.id ?? '';

async function seed(): Promise<SeedData> {
  const data = await testSeed();
  return { ...data, users: [...data.users, ...USERS] };
}

/** A statement held until the test lets it go, every statement sent, and the size of each group of writes. */
function gatedSql(sql: Sql) {
  const statements: string[] = [];
  const groups: number[] = [];
  let gate: { opened: Promise<void>; open: () => void } | undefined;
  const counted: Sql = {
    ...sql,
    async query<Row>(text: string, params?: readonly unknown[]) {
      statements.push(text);
      if (text.includes('set_user_values')) {
        groups.push((JSON.parse(String(params?.[0])) as unknown[]).length);
        if (gate) await gate.opened;
      }
      return sql.query<Row>(text, params);
    },
    transaction(work) {
      statements.push('BEGIN');
      return sql.transaction(work);
    },
  };
  return {
    sql: counted,
    statements,
    groups,
    hold() {
      let open = () => {};
      const opened = new Promise<void>((resolve) => (open = resolve));
      gate = { opened, open };
      return () => {
        gate = undefined;
        open();
      };
    },
  };
}

interface Setup {
  app: ReturnType<typeof createApp>;
  feed: ChangeFeed;
  /** How many writes each call of the store's `setUserValues` carried. */
  groups: number[];
  statements?: string[];
  hold?: () => () => void;
  close(): Promise<void>;
}

async function onPglite(): Promise<Setup> {
  const sql = await openPglite();
  await migrate(sql);
  await resetDatabase(sql, await seed());
  const gated = gatedSql(sql);
  const feed = await listenForChanges(sql);
  const app = createApp({
    store: createPgStore(gated.sql),
    hasher: testHasher,
    keys: DEMO_APP_KEYS,
    consoleAuth: demoConsoleAuth(),
    live: { feed },
  });
  return {
    app,
    feed,
    groups: gated.groups,
    statements: gated.statements,
    hold: gated.hold,
    async close() {
      await feed.close();
      await sql.close();
    },
  };
}

async function inMemory(): Promise<Setup> {
  const feed = createLocalFeed();
  const store = createMemoryStore(await seed());
  const groups: number[] = [];
  const app = createApp({
    store: {
      ...store,
      setUserValues: (writes) => {
        groups.push(writes.length);
        return store.setUserValues(writes);
      },
    },
    hasher: testHasher,
    keys: DEMO_APP_KEYS,
    consoleAuth: demoConsoleAuth(),
    live: { feed, publish: (change) => feed.publish(change) },
  });
  return { app, feed, groups, close: async () => undefined };
}

async function call(setup: Setup, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await setup.app.fetch(
    new Request(`http://backend.test${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  const text = await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

const put = (setup: Setup, userId: string, value: 'grant' | 'deny' | null, headers: Record<string, string> = {}) =>
  call(setup, 'PUT', `/api/console/flows/${LIVE_FLOW.id}/permissions/users/${userId}`, { value }, headers);

/** The value changes announced on the feed, as they come. */
function heard(feed: ChangeFeed) {
  const changes: LiveChange[] = [];
  feed.subscribe((event) => {
    if (event.type === 'change' && event.change.kind === 'value') changes.push(event.change);
  });
  return changes;
}

let setup: Setup | undefined;
const active = (): Setup => {
  if (!setup) throw new Error('no setup');
  return setup;
};
afterEach(async () => {
  await setup?.close();
  setup = undefined;
});

describe('grouped permission writes over PGlite', () => {
  it('writes the values of requests that arrive together in one statement, answering each only once it is committed', async () => {
    setup = await onPglite();
    const { statements = [], hold } = setup;
    // The first write also prunes the audit log (once an hour): leave it out of the count.
    expect((await put(setup, SEEDED_USERS.plain.id, 'grant')).status).toBe(200);
    const release = hold?.() ?? (() => {});
    statements.length = 0;
    let answered = 0;
    const writes = USERS.map((user, index) => put(active(), user.id, index % 2 ? 'deny' : 'grant').finally(() => answered++));
    await expect.poll(() => statements.length).toBe(1);
    // The statement is held: nobody is answered before it commits.
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(0);
    release();
    const answers = await Promise.all(writes);
    expect(statements).toEqual([expect.stringContaining('set_user_values')]);
    expect(setup.groups).toEqual([1, 8]);
    expect(answers.map((answer) => [answer.status, answer.body?.['id'], answer.body?.['value'], answer.etag])).toEqual(
      USERS.map((user, index) => [200, user.id, index % 2 ? 'deny' : 'grant', '"1"']),
    );
  });

  it('writes a value alone in one statement too, its answer’s row coming back with it', async () => {
    setup = await onPglite();
    const { statements = [] } = setup;
    await put(setup, SEEDED_USERS.plain.id, 'grant');
    statements.length = 0;
    await put(setup, SEEDED_USERS.plain.id, 'deny');
    expect(statements).toHaveLength(1);
  });
});

describe.each([
  ['the memory store', inMemory],
  ['PGlite', onPglite],
])('grouped permission writes on %s', (_name, open) => {
  it('gives each write of a group its own If-Match check: a stale one gets 412, the others are written', async () => {
    setup = await open();
    const first = groupUser(0);
    expect((await put(setup, first, 'grant')).etag).toBe('"1"');
    const [stale, fresh, other] = await Promise.all([
      put(setup, first, 'deny', { 'if-match': '"0"' }),
      put(setup, groupUser(1), 'deny', { 'if-match': '"0"' }),
      put(setup, groupUser(2), 'grant'),
    ]);
    expect(setup.groups).toEqual([1, 3]);
    expect(stale).toMatchObject({ status: 412, body: { code: 4120 } });
    expect(String(stale.body?.['message'])).toMatch(/its version is now 1/);
    expect([fresh.status, fresh.body?.['value'], other.status, other.body?.['value']]).toEqual([200, 'deny', 200, 'grant']);
    const row = await call(setup, 'GET', `/api/console/flows/${LIVE_FLOW.id}/permissions/users/${first}`);
    expect([row.body?.['value'], row.etag]).toEqual(['grant', '"1"']);
  });

  it('answers an unknown user or flow with 404 and writes the rest of the group', async () => {
    setup = await open();
    const [unknownUser, unknownFlow, written] = await Promise.all([
      put(setup, 'u_nobody', 'deny'),
      call(setup, 'PUT', `/api/console/flows/nope/permissions/users/${groupUser(0)}`, { value: 'deny' }),
      put(setup, groupUser(1), 'deny'),
    ]);
    expect(setup.groups).toEqual([3]);
    expect([unknownUser.status, unknownUser.body?.['code']]).toEqual([404, 4042]);
    expect([unknownFlow.status, unknownFlow.body?.['code']]).toEqual([404, 4041]);
    expect([written.status, written.body?.['value']]).toEqual([200, 'deny']);
  });

  it('applies writes of one row sent together in the order they came, as if one after the other', async () => {
    setup = await open();
    const id = groupUser(3);
    const answers = await Promise.all([
      put(setup, id, 'grant', { 'if-match': '"0"' }),
      put(setup, id, 'deny', { 'if-match': '"1"' }),
      put(setup, id, null, { 'if-match': '"1"' }),
      put(setup, id, null),
    ]);
    expect(setup.groups).toEqual([4]);
    expect(answers.map((answer) => [answer.status, answer.etag])).toEqual([
      [200, '"1"'],
      [200, '"2"'],
      [412, null],
      [200, '"3"'],
    ]);
    const history = await call(setup, 'GET', `/api/console/flows/${LIVE_FLOW.id}/history?offset=0&limit=10`);
    expect((history.body?.['items'] as { from: unknown; to: unknown }[]).map(({ from, to }) => [from, to])).toEqual([
      ['deny', null],
      ['grant', 'deny'],
      [null, 'grant'],
    ]);
    const audit = await call(setup, 'GET', '/api/console/audit?offset=0&limit=10');
    expect((audit.body?.['items'] as { before: unknown; after: unknown }[]).map(({ before, after }) => [before, after])).toEqual([
      ['deny', null],
      ['grant', 'deny'],
      [null, 'grant'],
    ]);
  });

  it('announces every change of a group with its own version, and enforces each at once', async () => {
    setup = await open();
    const changes = heard(setup.feed);
    const login = await call(setup, 'POST', '/api/users/login', {
      login: SEEDED_USERS.manager.email,
      password: SEEDED_USERS.manager.password,
    });
    const token = String(login.body?.['user-token']);
    const activate = () => call(active(), 'POST', `/api/automation/flow/${LIVE_FLOW.id}/activate`, {}, { 'user-token': token });
    // The decision is now kept in memory (over PGlite: the decision cache).
    expect((await activate()).status).toBe(200);
    const answers = await Promise.all([
      put(setup, SEEDED_USERS.manager.id, 'deny'),
      ...USERS.slice(0, 4).map((user) => put(active(), user.id, 'deny')),
    ]);
    expect(setup.groups).toEqual([5]);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    // Enforced by this instance as soon as the write was acknowledged.
    expect((await activate()).status).not.toBe(200);
    await expect.poll(() => changes.length).toBe(5);
    expect(changes.map((change) => change.kind === 'value' && [change.principal, change.value, change.version])).toEqual([
      [`user:${SEEDED_USERS.manager.id}`, 'deny', 1],
      ...USERS.slice(0, 4).map((user) => [`user:${user.id}`, 'deny', 1]),
    ]);
  });
});
