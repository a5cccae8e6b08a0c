import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { demoConsoleAuth } from '../../server/auth/console-auth';
import { DEMO_APP_KEYS } from '../../server/runtime/api-keys';
import { DEMO_LOGIN, generateSeed } from '../../server/seed/demo';
import { createMemoryStore } from '../../server/store/memory/memory-store';
import type { User } from '../../server/directory/directory-store';
import type { Store } from '../../server/store/store';

const LARGE = 100_000;
const page = (search = '', offset = 0, limit = 100) => ({ search, offset, limit });

describe('the demo seed', () => {
  it('gives every user a unique email and keeps the names', () => {
    const users = [...generateSeed().users];
    expect(new Set(users.map((user) => user.email)).size).toBe(300);
    expect(users[1]).toMatchObject({ id: 'u_000002', name: 'Ana Rossi', email: 'ana.rossi@globex.net' });
    // u_000105 drew the same name and domain as u_000002: same name, its own email.
    expect(users[104]).toMatchObject({ id: 'u_000105', name: 'Ana Rossi', email: 'ana.rossi104@globex.net' });
    expect(users[7]).toMatchObject({ name: 'Tariq Nguyen', email: 'tariq.nguyen@northwind.com' });
    expect(users[279]).toMatchObject({ name: 'Yara Haddad' });
  });

  it('is the same at every size for the users both sizes have, and unique by email at 100,000', () => {
    const small = generateSeed();
    const large = generateSeed({ users: LARGE, flows: 1000 });
    expect(large.users).toHaveLength(LARGE);
    expect(large.flows).toHaveLength(1000);
    expect(new Set(large.flows.map((flow) => flow.name)).size).toBe(1000);
    for (let index = 0; index < 299; index++) expect(large.users.at(index)).toEqual(small.users.at(index));
    const emails = new Set<string>();
    for (const user of large.users) emails.add(user.email);
    expect(emails.size).toBe(LARGE);
    expect(large.users.at(-1)).toMatchObject({ id: 'u_100000', email: DEMO_LOGIN.email });
  });
});

describe('the memory store at 100,000 users', () => {
  const seed = generateSeed({ users: LARGE, flows: 20 });
  let store: Store;
  beforeEach(() => {
    store = createMemoryStore(seed);
  });

  it('pages through every user, the last page ending with the demo login', async () => {
    const first = await store.listUsers(page());
    expect(first.total).toBe(LARGE);
    expect(first.items.map((user) => user.id).slice(0, 2)).toEqual(['u_000001', 'u_000002']);
    const last = await store.listUsers(page('', LARGE - 100));
    expect(last.items).toHaveLength(100);
    expect(last.items.at(-1)).toMatchObject({ id: 'u_100000', name: 'Demo User' });
    expect(await store.getUser('u_099950')).toEqual(last.items[49]);
    expect(await store.getUser('u_100001')).toBeUndefined();
  });

  it('searches every user by name or email', async () => {
    const target = seed.users.at(LARGE - 42) as User;
    const found = await store.listUsers(page(target.email.toUpperCase()));
    expect(found).toEqual({ items: [target], total: 1, offset: 0 });
    const byName = await store.listUsers(page('ana rossi'));
    expect(byName.total).toBe([...seed.users].filter((user) => user.name === 'Ana Rossi').length);
    expect(byName.items.every((user) => user.name === 'Ana Rossi')).toBe(true);
  });

  it('counts role holders, finds users by email and refuses a taken email', async () => {
    const expected = new Map<string, number>();
    for (const user of seed.users) for (const role of user.roles) expected.set(role, (expected.get(role) ?? 0) + 1);
    expect(await store.countUsersByRole()).toEqual(expected);
    expect((await store.findCredentials(DEMO_LOGIN.email.toUpperCase()))?.user.id).toBe('u_100000');
    const someone = seed.users.at(77_777) as User;
    await expect(store.createUser({ email: someone.email, name: null, passwordHash: 'x' })).rejects.toThrow('already exists');

    await store.setUserRoles(someone.id, ['Auditor']);
    const counts = await store.countUsersByRole();
    for (const role of someone.roles) expect(counts.get(role)).toBe((expected.get(role) ?? 0) - (role === 'Auditor' ? 0 : 1));
    expect(counts.get('Auditor')).toBe((expected.get('Auditor') ?? 0) + (someone.roles.includes('Auditor') ? 0 : 1));
  });

  it('takes a deleted role from every holder, and keeps that in the delta only for them', async () => {
    let saved: { userRoles: Record<string, string[]> } | undefined;
    const tracked = createMemoryStore(seed, { onChange: (delta) => (saved = structuredClone(delta)) });
    const holders = [...seed.users].filter((user) => user.roles.includes('Auditor'));
    expect(await tracked.deleteCustomRole('Auditor')).toBe(true);
    expect((await tracked.getUser(holders[0]?.id ?? ''))?.roles).not.toContain('Auditor');
    expect(Object.keys(saved?.userRoles ?? {})).toHaveLength(holders.length);
    expect((await tracked.countUsersByRole()).has('Auditor')).toBe(false);
  });

  it('lists only the users with an explicit value, through the console API', async () => {
    const app = createApp({ store, keys: DEMO_APP_KEYS, consoleAuth: demoConsoleAuth() });
    const far = ['u_099990', 'u_050000', 'u_000003'];
    for (const [index, id] of far.entries()) {
      const response = await app.fetch(
        new Request(`http://test/api/console/flows/fl_0001/permissions/users/${id}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ value: index === 0 ? 'grant' : null }),
        }),
      );
      expect(response.status).toBe(200);
    }
    const get = async (query: string) => {
      const response = await app.fetch(new Request(`http://test/api/console/flows/fl_0001/permissions/users?${query}`));
      return {
        status: response.status,
        body: (await response.json()) as { items: { id: string; value: string | null }[]; total: number },
      };
    };
    // The seed set u_000002 (grant) and u_000003 (deny); the clicks set u_099990 and cleared u_000003.
    const explicit = await get('only=explicit');
    expect(explicit.body.items.map((row) => [row.id, row.value])).toEqual([
      ['u_000002', 'grant'],
      ['u_099990', 'grant'],
    ]);
    expect(explicit.body.total).toBe(2);
    const searched = await get(`only=explicit&search=${encodeURIComponent((seed.users.at(99_989) as User).email)}`);
    expect(searched.body.items.map((row) => row.id)).toEqual(['u_099990']);
    expect((await get('only=everything')).status).toBe(400);
  });
});
