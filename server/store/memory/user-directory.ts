import { emailKeyOf } from '../../auth/types';
import { hasIdIndex, type UserSource } from '../../seed/users';
import type { User } from '../../directory/directory-store';
import type { Page } from '../types';

/** How long one slice of index building may hold the thread before it yields (the demo runs on the page's). */
const SLICE_MS = 8;

interface PageWindow {
  readonly offset: number;
  readonly limit: number;
}

export interface UserDirectoryOptions {
  /** The seed's users, made on demand (see UserSource). */
  seeded: UserSource;
  /** Users added after the seed, in order. */
  registered: readonly User[];
  /** userId → custom roles, where an administrator changed them. */
  roles: Readonly<Record<string, readonly string[]>>;
  /** Roles that no longer exist are left out when a user is read. */
  isKnownRole: (role: string) => boolean;
}

/**
 * The users of the memory store: the seed's (read on demand, by position), then the registered ones.
 * Reading a page or one user costs the same whatever the number of users. Search, email look-ups and
 * role counts need every user: they wait for an index of names, emails and roles, built once, in
 * slices that yield to the host between them (and started in the background as soon as the host is idle).
 */
export function createUserDirectory({ seeded, registered, roles, isKnownRole }: UserDirectoryOptions) {
  const seedCount = seeded.length;
  const added: User[] = [...registered];
  const addedPosition = new Map(added.map((user, index) => [user.id, seedCount + index]));
  const addedByEmail = new Map(added.map((user) => [emailKeyOf(user.email), user.id]));
  const overrides = new Map<string, readonly string[]>(Object.entries(roles));
  let seededPosition: Map<string, number> | undefined;
  let version = 0;
  let lastSearch: { needle: string; version: number; positions: number[] } | undefined;

  const positionOf = (id: string): number | undefined => {
    const position = addedPosition.get(id);
    if (position !== undefined) return position;
    if (hasIdIndex(seeded)) return seeded.indexOfId(id);
    seededPosition ??= new Map([...seeded].map((user, index) => [user.id, index]));
    return seededPosition.get(id);
  };

  const visible = (user: User): User => {
    const own = overrides.get(user.id) ?? user.roles;
    const shown = own.every(isKnownRole) ? own : own.filter(isKnownRole);
    return shown === user.roles ? user : { ...user, roles: shown };
  };

  const userAt = (position: number): User | undefined => {
    const user = position < seedCount ? seeded.at(position) : added[position - seedCount];
    return user && visible(user);
  };

  let index: Promise<SeedIndex> | undefined;
  let built: SeedIndex | undefined;
  const buildOnce = () =>
    (index ??= buildIndex(seeded).then((result) => {
      built = result;
      return result;
    }));
  whenIdle(() => void buildOnce());

  const indexed = (): SeedIndex => {
    if (!built) throw new Error('The user index is not built yet: await ready() first');
    return built;
  };

  const page = (positions: readonly number[] | number, { offset, limit }: PageWindow): Page<User> => {
    const total = typeof positions === 'number' ? positions : positions.length;
    const items: User[] = [];
    for (let at = offset; at < Math.min(total, offset + limit); at++) {
      const user = userAt(typeof positions === 'number' ? at : (positions[at] as number));
      if (user) items.push(user);
    }
    return { items, total, offset };
  };

  /** Whether the user at `position` matches the search, without making the user (needs the index). */
  const matchesAt = (position: number, needle: string): boolean => {
    if (position >= seedCount) return matches(added[position - seedCount] as User, needle);
    const { names, emails } = indexed();
    return (names[position] as string).includes(needle) || (emails[position] as string).includes(needle);
  };

  const search = (needle: string): number[] => {
    if (lastSearch?.needle === needle && lastSearch.version === version) return lastSearch.positions;
    const { names, emails } = indexed();
    const positions: number[] = [];
    for (let at = 0; at < seedCount; at++) {
      if ((names[at] as string).includes(needle) || (emails[at] as string).includes(needle)) positions.push(at);
    }
    for (let at = seedCount; at < seedCount + added.length; at++) if (matchesAt(at, needle)) positions.push(at);
    lastSearch = { needle, version, positions };
    return positions;
  };

  return {
    get size() {
      return seedCount + added.length;
    },
    /** Builds the index for search, emails and role counts (once); the methods marked so need it. */
    ready: async () => void (await buildOnce()),
    get(id: string): User | undefined {
      const position = positionOf(id);
      return position === undefined ? undefined : userAt(position);
    },
    /** Needs ready() when searching. */
    list(searchText: string, window: PageWindow): Page<User> {
      return searchText === '' ? page(this.size, window) : page(search(searchText.toLowerCase()), window);
    },
    /** The users among `ids` that match the search, in directory order. Needs ready() when searching. */
    listAmong(ids: Iterable<string>, searchText: string, window: PageWindow): Page<User> {
      const needle = searchText.toLowerCase();
      const positions: number[] = [];
      for (const id of ids) {
        const position = positionOf(id);
        if (position !== undefined && (needle === '' || matchesAt(position, needle))) positions.push(position);
      }
      return page(
        positions.sort((a, b) => a - b),
        window,
      );
    },
    /**
     * Needs ready(). The positions of the users that match the search, hold `role` (when given) and are
     * among `ids` (when given), in directory order, with what the flow's list sorts them by.
     */
    select({ search: searchText, role, ids }: { search: string; role?: string; ids?: Iterable<string> }): number[] {
      const needle = searchText.toLowerCase();
      let positions: number[];
      if (ids) {
        positions = [];
        for (const id of ids) {
          const position = positionOf(id);
          if (position !== undefined && (needle === '' || matchesAt(position, needle))) positions.push(position);
        }
        positions.sort((a, b) => a - b);
      } else {
        positions = needle === '' ? Array.from({ length: this.size }, (_, at) => at) : [...search(needle)];
      }
      if (role === undefined) return positions;
      const changed = new Map<number, readonly string[]>();
      for (const [id, userRoles] of overrides) {
        const position = positionOf(id);
        if (position !== undefined) changed.set(position, userRoles);
      }
      const { roles: seededRoles } = indexed();
      const rolesAt = (position: number) =>
        changed.get(position) ??
        (position < seedCount ? (seededRoles[position] as readonly string[]) : (added[position - seedCount] as User).roles);
      return positions.filter((position) => rolesAt(position).includes(role));
    },
    /** Needs ready(). What "by name" sorts on: the lower-cased name, or the email's key when there is none. */
    nameKeyAt(position: number): string {
      if (position >= seedCount) {
        const user = added[position - seedCount] as User;
        return user.name ? user.name.toLowerCase() : emailKeyOf(user.email);
      }
      const { names, emails } = indexed();
      return (names[position] as string) || (emails[position] as string);
    },
    positionOf,
    /** One page of the users at `positions`, in that order. */
    pageOf: (positions: readonly number[], window: PageWindow): Page<User> => page(positions, window),
    add(user: User): void {
      addedPosition.set(user.id, seedCount + added.length);
      addedByEmail.set(emailKeyOf(user.email), user.id);
      added.push(user);
      version += 1;
    },
    /** Records the user's roles as given (the caller orders them); undefined for an unknown user. */
    setRoles(id: string, userRoles: readonly string[]): User | undefined {
      if (positionOf(id) === undefined) return undefined;
      overrides.set(id, userRoles);
      return this.get(id);
    },
    /** Needs ready(). The users who hold `role` now. */
    holders(role: string): User[] {
      const { roles: seededRoles } = indexed();
      const found = new Map<string, User>();
      const check = (position: number) => {
        const user = userAt(position);
        if (user?.roles.includes(role)) found.set(user.id, user);
      };
      for (let at = 0; at < seedCount; at++) if ((seededRoles[at] as readonly string[]).includes(role)) check(at);
      for (const id of overrides.keys()) {
        const position = positionOf(id);
        if (position !== undefined && position < seedCount) check(position);
      }
      for (let at = 0; at < added.length; at++) check(seedCount + at);
      return [...found.values()];
    },
    /** Needs ready(). Custom role name → how many users hold it. */
    countByRole(): Map<string, number> {
      const counts = new Map(indexed().roleCounts);
      const add = (userRoles: readonly string[], by: number) => {
        for (const role of userRoles) counts.set(role, (counts.get(role) ?? 0) + by);
      };
      for (const [id, userRoles] of overrides) {
        const position = positionOf(id);
        if (position === undefined || position >= seedCount) continue;
        add(seeded.at(position)?.roles ?? [], -1);
        add(userRoles, 1);
      }
      for (const user of added) add(overrides.get(user.id) ?? user.roles, 1);
      for (const [role, count] of counts) if (count <= 0 || !isKnownRole(role)) counts.delete(role);
      return counts;
    },
    /**
     * Needs ready(). Users counted by their set of custom roles: the seed's sets were counted once by the
     * index, so this costs the role changes and registrations since, never a walk over every user.
     */
    countByRoleSet(): { roles: readonly string[]; users: number }[] {
      const counts = new Map<string, { roles: readonly string[]; users: number }>();
      const add = (userRoles: readonly string[], by: number) => {
        const known = userRoles.filter(isKnownRole);
        const key = known.join('\u0000');
        const entry = counts.get(key) ?? { roles: known, users: 0 };
        entry.users += by;
        counts.set(key, entry);
      };
      for (const { roles: setRoles, users } of indexed().roleSetCounts.values()) add(setRoles, users);
      for (const [id, userRoles] of overrides) {
        const position = positionOf(id);
        if (position === undefined || position >= seedCount) continue;
        add(indexed().roles[position] ?? [], -1);
        add(userRoles, 1);
      }
      for (const user of added) add(overrides.get(user.id) ?? user.roles, 1);
      return [...counts.values()].filter((entry) => entry.users > 0);
    },
    /** Needs ready(). By `emailKeyOf`, as every store compares emails. */
    findIdByEmail(email: string): string | undefined {
      const key = emailKeyOf(email);
      const registeredId = addedByEmail.get(key);
      if (registeredId !== undefined) return registeredId;
      const at = indexed().emails.indexOf(key);
      return at === -1 ? undefined : seeded.at(at)?.id;
    },
  };
}

export type UserDirectory = ReturnType<typeof createUserDirectory>;

const matches = (user: User, needle: string) =>
  (user.name !== null && user.name.toLowerCase().includes(needle)) || user.email.toLowerCase().includes(needle);

interface SeedIndex {
  /** Lower-case names ('' for none) and the emails' keys (`emailKeyOf`), by position. */
  names: string[];
  emails: string[];
  /** The seed's roles by position (shared arrays: users with the same roles share one). */
  roles: (readonly string[])[];
  roleCounts: Map<string, number>;
  /** How many of the seed's users hold each set of roles (by the set's roles joined). */
  roleSetCounts: Map<string, { roles: readonly string[]; users: number }>;
}

const indexes = new WeakMap<UserSource, Promise<SeedIndex>>();

/** One index per source: a demo reset makes a new store over the same seed and keeps it. */
function buildIndex(source: UserSource): Promise<SeedIndex> {
  let index = indexes.get(source);
  if (!index) {
    index = indexSlices(source);
    indexes.set(source, index);
  }
  return index;
}

async function indexSlices(source: UserSource): Promise<SeedIndex> {
  const count = source.length;
  const result: SeedIndex = {
    names: new Array(count),
    emails: new Array(count),
    roles: new Array(count),
    roleCounts: new Map(),
    roleSetCounts: new Map(),
  };
  const shared = new Map<string, readonly string[]>();
  let at = 0;
  while (at < count) {
    const start = performance.now();
    do {
      const user = source.at(at);
      if (!user) throw new Error(`The seed has no user at ${at}`);
      result.names[at] = user.name?.toLowerCase() ?? '';
      result.emails[at] = emailKeyOf(user.email);
      const key = user.roles.join('\u0000');
      let roles = shared.get(key);
      if (!roles) {
        roles = [...user.roles];
        shared.set(key, roles);
      }
      result.roles[at] = roles;
      const set = result.roleSetCounts.get(key);
      if (set) set.users += 1;
      else result.roleSetCounts.set(key, { roles, users: 1 });
      for (const role of roles) result.roleCounts.set(role, (result.roleCounts.get(role) ?? 0) + 1);
      at += 1;
    } while (at < count && (at % 512 !== 0 || performance.now() - start < SLICE_MS));
    // Visible to profilers and to `npm run bench`, which adds the slices up.
    performance.measure('user-index:slice', { start, end: performance.now() });
    if (at < count) await yieldToHost();
  }
  performance.mark('user-index:ready');
  return result;
}

type Host = typeof globalThis & {
  scheduler?: { yield?: () => Promise<void> };
  requestIdleCallback?: (callback: () => void, options?: { timeout: number }) => number;
};

function yieldToHost(): Promise<void> {
  const { scheduler } = globalThis as Host;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

function whenIdle(callback: () => void): void {
  const host = globalThis as Host;
  if (host.requestIdleCallback) host.requestIdleCallback(callback, { timeout: 2000 });
  else setTimeout(callback, 0);
}
