import type { PermissionValue } from '../../domain/permission';
import type { CustomRole, User } from '../directory/directory-store';
import type { Flow, FlowStatus } from '../flows/flow-store';
import { seedActivity, type SeedActivity } from './activity';
import { createRandom } from './random';
import { SeedUsers, userId, type UserSource } from './users';

export interface SeedOptions {
  users?: number;
  flows?: number;
  /** Custom roles: the six below, then generated ones ("Team 07", …) up to this many (`?roles=24` in the demo). */
  roles?: number;
  seed?: number;
  /**
   * The end of a seeded week of activation attempts (the demo passes the time it starts); without it
   * the seed has no attempts, as the tests expect of a fresh store.
   */
  activityUntil?: Date;
}

export interface SeedData {
  flows: Flow[];
  /** Made on demand: see UserSource. */
  users: UserSource;
  customRoles: CustomRole[];
  /** Preset explicit values: flowId → principal key → value. */
  values: Map<string, Map<string, PermissionValue>>;
  appWide: Map<string, PermissionValue>;
  /** Password hashes of the users who can log in: userId → hash (see PasswordHasher). */
  passwords: Map<string, string>;
  /** Seeded activation attempts per flow, oldest first; absent when the seed has none. */
  activity?: SeedActivity;
}

/** The demo login (README): password `demo1234`, in roles Manager and Support. */
export const DEMO_LOGIN = { email: 'demo@example.com', password: 'demo1234' } as const;
// PBKDF2 of DEMO_LOGIN.password, made once so the seed stays synchronous and deterministic.
const DEMO_PASSWORD_HASH = 'pbkdf2-sha256$600000$jT5FkCgASc+RxIYX9qa+rg==$XEQZjJVpas8heUHu1xFL1WF5lzkqAVGIgiVv5hFyFHM=';

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

export const CUSTOM_ROLES: readonly CustomRole[] = [
  { name: 'Manager', description: 'Team leads who approve requests' },
  { name: 'Sales', description: 'Sales representatives' },
  { name: 'Support', description: 'Customer support agents' },
  { name: 'Finance', description: 'Finance and billing staff' },
  { name: 'Contractor', description: 'External contractors with limited access' },
  { name: 'Auditor', description: 'Read-only compliance reviewers' },
];

export { userId };
export const flowId = (index: number) => `fl_${String(index + 1).padStart(4, '0')}`;

function makeFlow(index: number, random: ReturnType<typeof createRandom>): Flow {
  const named = FLOWS[index];
  const [name, description] = named ?? [
    `${VERBS[index % VERBS.length]} ${NOUNS[Math.floor(index / VERBS.length) % NOUNS.length]} #${index + 1}`,
    'Generated flow for large demo datasets.',
  ];
  return { id: flowId(index), name, description, color: random.pick(COLORS), status: random.pick(STATUSES) };
}

/** The seed's custom roles: the named six, then numbered teams when more are asked for. */
function customRolesFor(count: number): CustomRole[] {
  const extra = Array.from({ length: Math.max(0, count - CUSTOM_ROLES.length) }, (_, index) => ({
    name: `Team ${String(index + CUSTOM_ROLES.length + 1).padStart(2, '0')}`,
    description: 'A generated team for large demo datasets',
  }));
  return [...CUSTOM_ROLES.slice(0, Math.max(0, count)), ...extra];
}

export function generateSeed({
  users = 300,
  flows = 12,
  roles = CUSTOM_ROLES.length,
  seed = 1,
  activityUntil,
}: SeedOptions = {}): SeedData {
  const random = createRandom(seed);
  const customRoles = customRolesFor(roles);
  const flowList = Array.from({ length: flows }, (_, index) => makeFlow(index, random));
  // The last user is the demo login, so the dataset keeps its size and the other users their ids.
  const passwords = new Map<string, string>();
  const demo: User = { id: userId(users - 1), name: 'Demo User', email: DEMO_LOGIN.email, roles: ['Manager', 'Support'] };
  if (users > 0) passwords.set(demo.id, DEMO_PASSWORD_HASH);
  const userList = new SeedUsers(
    Math.max(0, users),
    seed,
    customRoles.map((role) => role.name),
    demo,
  );
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

  const appWide = new Map<string, PermissionValue>();
  const activity =
    activityUntil && seedActivity({ flows: flowList, users: userList, values, appWide, seed, until: activityUntil });
  return {
    flows: flowList,
    users: userList,
    customRoles,
    values,
    appWide,
    passwords,
    ...(activity ? { activity } : {}),
  };
}
