import { createApp, type App, type AppOptions } from '../../../server/app';
import { demoConsoleAuth } from '../../../server/auth/console-auth';
import { createPbkdf2Hasher } from '../../../server/auth/password-hasher';
import { DEMO_APP_KEYS } from '../../../server/runtime/api-keys';
import { CUSTOM_ROLES, type SeedData } from '../../../server/seed/demo';
import { createMemoryStore } from '../../../server/store/memory/memory-store';
import type { User } from '../../../server/directory/directory-store';
import type { Flow } from '../../../server/flows/flow-store';
import type { Store } from '../../../server/store/store';

/** Fast hashing for tests; hashes keep their iteration count, so the demo's slow one still verifies. */
export const testHasher = createPbkdf2Hasher({ iterations: 1_000 });

export const LIVE_FLOW: Flow = { id: 'fl_live', name: 'Send Welcome Email', description: '', color: '#6366f1', status: 'LIVE' };
export const READY_FLOW: Flow = {
  id: 'fl_ready',
  name: 'Approve Expense Report',
  description: '',
  color: '#0ea5e9',
  status: 'READY',
};
export const DRAFT_FLOW: Flow = {
  id: 'fl_draft',
  name: 'Sync CRM Contacts',
  description: '',
  color: '#10b981',
  status: 'NOT READY',
};

/** Users with passwords, made by the seed (registered users have no custom roles). */
export const SEEDED_USERS = {
  manager: { id: 'u_manager', name: 'Ana Silva', email: 'ana@example.com', roles: ['Manager'], password: 'ana-secret' },
  twoRoles: {
    id: 'u_two',
    name: 'Ben Okafor',
    email: 'ben@example.com',
    roles: ['Manager', 'Contractor'],
    password: 'ben-secret',
  },
  plain: { id: 'u_plain', name: null, email: 'cleo@example.com', roles: [], password: 'cleo-secret' },
} as const;

export async function testSeed(): Promise<SeedData> {
  const users: User[] = Object.values(SEEDED_USERS).map(({ password: _password, ...user }) => ({
    ...user,
    roles: [...user.roles],
  }));
  const passwords = new Map<string, string>();
  for (const user of Object.values(SEEDED_USERS)) passwords.set(user.id, await testHasher.hash(user.password));
  return {
    flows: [LIVE_FLOW, READY_FLOW, DRAFT_FLOW],
    users,
    customRoles: [...CUSTOM_ROLES],
    values: new Map(),
    appWide: new Map(),
    passwords,
  };
}

/**
 * The test seed and `count` more users without roles: ids `${prefix.id}0…`, names `${prefix.name}0…`,
 * emails `${prefix.email}0@example.com…` (batches of thousands, searches among thousands).
 */
export async function testSeedWithUsers(count: number, prefix: { id: string; name: string; email: string }): Promise<SeedData> {
  const seed = await testSeed();
  const more = Array.from({ length: count }, (_, index) => ({
    id: `${prefix.id}${index}`,
    name: `${prefix.name}${index}`,
    email: `${prefix.email}${index}@example.com`,
    roles: [],
  }));
  return { ...seed, users: [...seed.users, ...more] };
}

export interface TestBackend {
  readonly app: App;
  readonly store: Store;
  /** Calls the console API, as an administrator would. */
  console(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export interface TestBackendOptions {
  /** Wraps the memory store (e.g. to hold its writes). */
  store?: (store: Store) => Store;
  /** As a server over a database: with a feed and no `publish`, decisions are served by the decision cache. */
  live?: AppOptions['live'];
}

export async function createTestBackend(options: TestBackendOptions = {}): Promise<TestBackend> {
  const seeded = createMemoryStore(await testSeed());
  const store = options.store ? options.store(seeded) : seeded;
  const app = createApp({
    store,
    hasher: testHasher,
    keys: DEMO_APP_KEYS,
    consoleAuth: demoConsoleAuth(),
    ...(options.live ? { live: options.live } : {}),
  });
  return {
    app,
    store,
    async console(method, path, body) {
      const response = await app.fetch(
        new Request(`http://backend.test/api/console${path}`, {
          method,
          ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        }),
      );
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
  };
}

/** Sets an explicit value on a flow through the console API and fails loudly if it was refused. */
export async function setValue(
  backend: Pick<TestBackend, 'console'>,
  flowId: string,
  principal: { user: string } | { role: string },
  value: 'grant' | 'deny' | null,
): Promise<void> {
  const path = 'user' in principal ? `users/${principal.user}` : `roles/${principal.role}`;
  const { status, body } = await backend.console('PUT', `/flows/${flowId}/permissions/${path}`, { value });
  if (status !== 200) throw new Error(`Setting ${path} failed: ${status} ${JSON.stringify(body)}`);
}

export async function setAppWide(backend: Pick<TestBackend, 'console'>, role: string, value: 'grant' | 'deny'): Promise<void> {
  const { status, body } = await backend.console('PUT', `/app-permissions/${role}`, { value });
  if (status !== 200) throw new Error(`Setting app-wide ${role} failed: ${status} ${JSON.stringify(body)}`);
}
