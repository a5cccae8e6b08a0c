import type { User } from '../directory/directory-store';
import { createRandom } from './random';

/**
 * The seed's users, read by position. A plain array is one; the demo's `SeedUsers` makes each user
 * from its index when it is read, so 100,000 users cost nothing until something reads them.
 */
export interface UserSource extends Iterable<User> {
  readonly length: number;
  at(index: number): User | undefined;
}

/** A source that can find a user's position from the id alone (no scan). */
export interface IndexedUserSource extends UserSource {
  indexOfId(id: string): number | undefined;
}

export const hasIdIndex = (source: UserSource): source is IndexedUserSource =>
  typeof (source as Partial<IndexedUserSource>).indexOfId === 'function';

const FIRST = [
  'Ana',
  'Ben',
  'Chloé',
  'Dmitri',
  'Elena',
  'Farid',
  'Grace',
  'Hiro',
  'Ines',
  'Jamal',
  'Kai',
  'Lena',
  'Mateo',
  'Nora',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Victor',
  'Wen',
  'Yara',
  'Zoe',
];
const LAST = [
  'Silva',
  'Okafor',
  'Müller',
  'Nakamura',
  'Kowalski',
  'García',
  'Haddad',
  'Johansson',
  'Patel',
  'Rossi',
  'Nguyen',
  'Dubois',
  'Cohen',
  'Larsen',
  'Moreau',
  'Schmidt',
  'Tanaka',
  'Walsh',
  'Ivanova',
  'Costa',
];
const DOMAINS = ['acme.io', 'northwind.com', 'globex.net', 'initech.co'];

const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
const FIRST_ASCII = FIRST.map(ascii);
const LAST_ASCII = LAST.map(ascii);
/** Below this index a name can repeat without the index in the email; from it on, the index is appended. */
const PLAIN_EMAILS = FIRST.length * LAST.length;

export const userId = (index: number) => `u_${String(index + 1).padStart(6, '0')}`;
const USER_ID = /^u_(\d{6,})$/;

interface Draw {
  first: number;
  last: number;
  domain: number;
  roles: string[];
  named: boolean;
}

function draw(index: number, seed: number, roleNames: readonly string[]): Draw {
  const random = createRandom(seed * 1_000_003 + index);
  const first = random.int(FIRST.length);
  const last = random.int(LAST.length);
  const domain = random.int(DOMAINS.length);
  const roles = roleNames.filter(() => random.chance(0.18));
  // About one user in forty signed up without a name; the console shows their email instead.
  const named = !random.chance(0.025);
  return { first, last, domain, roles, named };
}

const plainEmail = ({ first, last, domain }: Draw) => `${FIRST_ASCII[first]}.${LAST_ASCII[last]}@${DOMAINS[domain]}`;

/**
 * Which of the first PLAIN_EMAILS users repeat an earlier user's email: they get their index in the
 * email too, so every email is unique while names stay as drawn. Made once per seed.
 */
const repeatsBySeed = new Map<string, Set<number>>();
function repeatedEmails(seed: number, roleNames: readonly string[]): Set<number> {
  const key = `${seed}\u0000${roleNames.join('\u0000')}`;
  let repeats = repeatsBySeed.get(key);
  if (!repeats) {
    repeats = new Set();
    const seen = new Set<string>();
    for (let index = 0; index < PLAIN_EMAILS; index++) {
      const email = plainEmail(draw(index, seed, roleNames));
      if (seen.has(email)) repeats.add(index);
      seen.add(email);
    }
    repeatsBySeed.set(key, repeats);
  }
  return repeats;
}

/** One user; derived from the index alone, so any user can be made without making the others. */
export function makeUser(index: number, seed: number, roleNames: readonly string[]): User {
  const drawn = draw(index, seed, roleNames);
  const numbered = index >= PLAIN_EMAILS || repeatedEmails(seed, roleNames).has(index);
  const local = `${FIRST_ASCII[drawn.first]}.${LAST_ASCII[drawn.last]}${numbered ? index : ''}`;
  return {
    id: userId(index),
    name: drawn.named ? `${FIRST[drawn.first]} ${LAST[drawn.last]}` : null,
    email: `${local}@${DOMAINS[drawn.domain]}`,
    roles: drawn.roles,
  };
}

/** The demo's users: `length` users made on demand, the last one replaced by `last` (the demo login). */
export class SeedUsers implements IndexedUserSource {
  constructor(
    readonly length: number,
    private readonly seed: number,
    private readonly roleNames: readonly string[],
    private readonly last?: User,
  ) {}

  at(index: number): User | undefined {
    const position = index < 0 ? this.length + index : index;
    if (!Number.isInteger(position) || position < 0 || position >= this.length) return undefined;
    if (position === this.length - 1 && this.last) return this.last;
    return makeUser(position, this.seed, this.roleNames);
  }

  indexOfId(id: string): number | undefined {
    const match = USER_ID.exec(id);
    const index = match ? Number(match[1]) - 1 : -1;
    return index >= 0 && index < this.length ? index : undefined;
  }

  *[Symbol.iterator](): Iterator<User> {
    for (let index = 0; index < this.length; index++) yield this.at(index) as User;
  }
}
