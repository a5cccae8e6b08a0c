import type { Activation } from '../../contract/access';
import { callerFor, type Channel, type SessionSource } from '../../domain/caller';
import { decide, type PermissionLookup } from '../../domain/decision';
import type { PermissionValue } from '../../domain/permission';
import { outcomeOf } from '../access/access-rule';
import type { Flow } from '../flows/flow-store';
import { createRandom } from './random';
import type { UserSource } from './users';

/** A flow's seeded attempts, oldest first; made when first asked for, so 1,000 flows cost nothing until opened. */
export type SeedActivity = (flowId: string) => readonly Activation[];

export interface ActivityInput {
  flows: readonly Flow[];
  users: UserSource;
  values: ReadonlyMap<string, ReadonlyMap<string, PermissionValue>>;
  appWide: ReadonlyMap<string, PermissionValue>;
  seed: number;
  /** The end of the seeded week. */
  until: Date;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
// Browsers and phones call far more often than the rarer SDKs; server code (Call Flow) now and then.
const CHANNELS: readonly Channel[] = [
  'JS',
  'JS',
  'JS',
  'JS',
  'REST',
  'REST',
  'Android',
  'Android',
  'IOS',
  'IOS',
  'ServerCode',
  'ServerCode',
  'DotNet',
  'ActionScript',
];
const SOURCES: readonly SessionSource[] = ['none', 'executionInitUser', 'executionInitUser', 'triggerUser'];
const REGULARS = 8;

/** A UUID-shaped id from the generator, so seeded executions look like the runtime's own. */
function uuidFrom(random: ReturnType<typeof createRandom>): string {
  const hex = Array.from({ length: 32 }, () => random.int(16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * A believable week of attempts per flow: a handful of regular callers (the demo login among them) and
 * anonymous visitors, over every channel, each decided by the same rule as the runtime over the seed's
 * values. Deterministic for a seed and an end time; a flow's attempts depend on that flow alone.
 */
export function seedActivity({ flows, users, values, appWide, seed, until }: ActivityInput): SeedActivity {
  const made = new Map<string, readonly Activation[]>();
  const indexOf = new Map(flows.map((flow, index) => [flow.id, index]));

  function make(flow: Flow, flowIndex: number): Activation[] {
    const random = createRandom(seed * 7_919 + flowIndex * 104_729 + 17);
    const flowValues = values.get(flow.id);
    const lookup: PermissionLookup = {
      userValue: (id) => flowValues?.get(`user:${id}`),
      roleValue: (name) => flowValues?.get(`role:${name}`),
      appWideValue: (role) => appWide.get(role),
    };
    const regulars =
      users.length === 0 ? [] : [users.length - 1, ...Array.from({ length: REGULARS - 1 }, () => random.int(users.length))];
    // A LIVE flow is called often; one that is not LIVE only by those still trying it out.
    const count = flow.status === 'LIVE' ? 40 + random.int(80) : 6 + random.int(14);
    const offsets = Array.from({ length: count }, () => 60_000 + random.int(WEEK_MS - 60_000)).sort((a, b) => b - a);
    return offsets.map((offset, n) => {
      const channel = random.pick(CHANNELS);
      const sessionSource = channel === 'ServerCode' ? random.pick(SOURCES) : null;
      const anonymous = regulars.length === 0 || sessionSource === 'none' || (sessionSource === null && random.chance(0.35));
      const index = anonymous ? undefined : random.pick(regulars);
      const user = index === undefined ? null : (users.at(index) ?? null);
      const caller = callerFor(user && { userId: user.id, roles: user.roles, login: 'password' }, channel);
      const decision = decide(caller, lookup);
      const outcome = outcomeOf(decision, flow);
      const executionId = outcome === 'started' ? uuidFrom(random) : null;
      return {
        id: `seed-${flow.id}-${String(n + 1).padStart(3, '0')}`,
        at: new Date(until.getTime() - offset).toISOString(),
        flowId: flow.id,
        user: user && { id: user.id, name: user.name, email: user.email },
        roles: [...caller.customRoles, ...caller.systemRoles],
        channel,
        sessionSource,
        decision,
        outcome,
        executionId,
        // Apps mostly start flows by name; taken from the position, not the random source, so the rest of the seed stays as it was.
        ...(sessionSource === null && n % 3 !== 0 ? { byName: true } : {}),
      };
    });
  }

  return (flowId) => {
    let list = made.get(flowId);
    if (!list) {
      const index = indexOf.get(flowId);
      const flow = index === undefined ? undefined : flows[index];
      list = flow && index !== undefined ? make(flow, index) : [];
      made.set(flowId, list);
    }
    return list;
  };
}
