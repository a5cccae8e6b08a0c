import type { PermissionValue } from '../../src/domain/permission';
import type { CustomRole, Flow, FlowStatus, User } from '../store/types';
import { createRandom } from './random';

export interface SeedOptions {
  users?: number;
  flows?: number;
  seed?: number;
}

export interface SeedData {
  flows: Flow[];
  users: User[];
  customRoles: CustomRole[];
  /** Preset explicit values: flowId → principal key → value. */
  values: Map<string, Map<string, PermissionValue>>;
  appWide: Map<string, PermissionValue>;
  /** Password hashes of the users who can log in: userId → hash (see PasswordHasher). */
  passwords: Map<string, string>;
}

/** The demo login (README): password `demo1234`, in roles Manager and Support. */
export const DEMO_LOGIN = { email: 'demo@example.com', password: 'demo1234' } as const;
// PBKDF2 of DEMO_LOGIN.password, made once so the seed stays synchronous and deterministic.
const DEMO_PASSWORD_HASH =
  'pbkdf2-sha256$600000$jT5FkCgASc+RxIYX9qa+rg==$XEQZjJVpas8heUHu1xFL1WF5lzkqAVGIgiVv5hFyFHM=';

const FLOWS: readonly [string, string][] = [
  ['Send Welcome Email', 'Greets new sign-ups and schedules the onboarding series.'],
  ['Approve Expense Report', 'Routes expense reports to the right manager and notifies finance.'],
  ['Sync CRM Contacts', 'Keeps the CRM and the Users table in step every night.'],
  ['Generate Monthly Invoices', 'Builds invoices from usage records on the first of the month.'],
  ['Abandoned Cart Reminder', 'Nudges shoppers who left items in their cart for a day.'],
  ['Escalate Support Ticket', 'Escalates tickets with no reply after four hours to on-call.'],
  ['Provision New Employee', 'Creates accounts and hands out equipment for new hires.'],
  ['Reset Password Follow-up', 'Checks in after a password reset that was never completed.'],
  ['Nightly Data Cleanup', 'Archives stale sessions and purges soft-deleted records.'],
  ['Order Fulfillment', 'Reserves stock, books the courier and emails the tracking link.'],
  ['Churn Risk Alert', 'Flags accounts whose activity dropped and alerts their owner.'],
  ['Quarterly Report Digest', 'Collects KPIs and sends the digest to leadership.'],
];
const COLORS = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#ec4899'];
const STATUSES: readonly FlowStatus[] = ['LIVE', 'LIVE', 'READY', 'NOT READY'];
const VERBS = ['Sync', 'Notify', 'Archive', 'Score', 'Route', 'Import', 'Export', 'Review', 'Backfill', 'Audit'];
const NOUNS = ['Leads', 'Orders', 'Invoices', 'Tickets', 'Payments', 'Shipments', 'Reviews', 'Signups', 'Refunds'];

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Kai', 'Lena',
  'Mateo', 'Nora', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Victor', 'Wen', 'Yara', 'Zoe'];
const LAST = ['Silva', 'Okafor', 'Müller', 'Nakamura', 'Kowalski', 'García', 'Haddad', 'Johansson', 'Patel', 'Rossi',
  'Nguyen', 'Dubois', 'Cohen', 'Larsen', 'Moreau', 'Schmidt', 'Tanaka', 'Walsh', 'Ivanova', 'Costa'];
const DOMAINS = ['acme.io', 'northwind.com', 'globex.net', 'initech.co'];

export const CUSTOM_ROLES: readonly CustomRole[] = [
  { name: 'Manager', description: 'Team leads who approve requests' },
  { name: 'Sales', description: 'Sales representatives' },
  { name: 'Support', description: 'Customer support agents' },
  { name: 'Finance', description: 'Finance and billing staff' },
  { name: 'Contractor', description: 'External contractors with limited access' },
  { name: 'Auditor', description: 'Read-only compliance reviewers' },
];

export const flowId = (index: number) => `fl_${String(index + 1).padStart(4, '0')}`;
export const userId = (index: number) => `u_${String(index + 1).padStart(6, '0')}`;

function makeFlow(index: number, random: ReturnType<typeof createRandom>): Flow {
  const named = FLOWS[index];
  const [name, description] = named ?? [
    `${VERBS[index % VERBS.length]} ${NOUNS[Math.floor(index / VERBS.length) % NOUNS.length]} #${index + 1}`,
    'Generated flow for large demo datasets.',
  ];
  return { id: flowId(index), name, description, color: random.pick(COLORS), status: random.pick(STATUSES) };
}

/** One user; derived from the index alone, so any user can be made without making the others. */
export function makeUser(index: number, seed = 1): User {
  const random = createRandom(seed * 1_000_003 + index);
  const first = random.pick(FIRST);
  const last = random.pick(LAST);
  const email = `${first}.${last}${index >= FIRST.length * LAST.length ? index : ''}@${random.pick(DOMAINS)}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const roles = CUSTOM_ROLES.filter(() => random.chance(0.18)).map((role) => role.name);
  // About one user in forty signed up without a name; the console shows their email instead.
  const name = random.chance(0.025) ? null : `${first} ${last}`;
  return { id: userId(index), name, email, roles };
}

export function generateSeed({ users = 300, flows = 12, seed = 1 }: SeedOptions = {}): SeedData {
  const random = createRandom(seed);
  const flowList = Array.from({ length: flows }, (_, index) => makeFlow(index, random));
  const userList = Array.from({ length: users }, (_, index) => makeUser(index, seed));
  // The last user is the demo login, so the dataset keeps its size and the other users their ids.
  const passwords = new Map<string, string>();
  if (users > 0) {
    const demo: User = { id: userId(users - 1), name: 'Demo User', email: DEMO_LOGIN.email, roles: ['Manager', 'Support'] };
    userList[users - 1] = demo;
    passwords.set(demo.id, DEMO_PASSWORD_HASH);
  }
  // The first flow is LIVE so the demo always has one that Delete refuses.
  if (flowList[0]) flowList[0] = { ...flowList[0], status: 'LIVE' };

  const values = new Map<string, Map<string, PermissionValue>>();
  const set = (flowIndex: number, key: string, value: PermissionValue) => {
    if (flowIndex >= flowList.length) return;
    const id = flowId(flowIndex);
    const map = values.get(id) ?? new Map<string, PermissionValue>();
    map.set(key, value);
    values.set(id, map);
  };
  // A few preset values so that every icon appears in the demo.
  set(0, 'role:Contractor', 'deny');
  set(0, 'role:Manager', 'grant');
  set(0, `user:${userId(1)}`, 'grant');
  set(0, `user:${userId(2)}`, 'deny');
  set(1, 'role:NonAuthenticatedUser', 'deny');
  set(1, 'role:Finance', 'grant');
  set(2, 'role:Support', 'deny');
  set(5, 'role:NonAuthenticatedUser', 'deny');

  return { flows: flowList, users: userList, customRoles: [...CUSTOM_ROLES], values, appWide: new Map(), passwords };
}
