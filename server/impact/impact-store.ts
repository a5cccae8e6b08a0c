import type { Channel, SessionSource } from '../../domain/caller';
import type { PermissionValue } from '../../domain/permission';
import type { ActivationOutcome } from '../../contract/access';
import type { FlowStatus } from '../../domain/flow';

/** Attempts as the replay needs them: those of one caller on one flow the same way, counted together. */
export interface ReplayAttempt {
  /** The latest of them. */
  readonly at: string;
  readonly count: number;
  readonly flowId: string;
  readonly userId: string | null;
  /** The user's name or email. */
  readonly userName: string | null;
  readonly roles: readonly string[];
  readonly channel: Channel;
  readonly sessionSource: SessionSource | null;
  readonly outcome: ActivationOutcome;
  readonly byName: boolean;
}

/** Everything an impact preview reads, in a form it can compute on in one pass. */
export interface ImpactData {
  readonly flows: readonly { id: string; name: string; status: FlowStatus }[];
  /** flowId → principal key (`user:<id>`, `role:<name>`) → value. */
  readonly values: ReadonlyMap<string, ReadonlyMap<string, PermissionValue>>;
  /** Role → app-wide value; a role missing is granted. */
  readonly appWide: ReadonlyMap<string, PermissionValue>;
  /** The users grouped by their custom roles (sorted): users of one group decide alike unless set one by one. */
  readonly groups: readonly { roles: readonly string[]; count: number }[];
  /** The custom roles of the users asked for (those with values of their own, or in a proposed change). */
  readonly userRoles: ReadonlyMap<string, readonly string[]>;
  /** Attempts since the given time, grouped (see ReplayAttempt), in no particular order. */
  readonly attempts: readonly ReplayAttempt[];
}

/** The impact preview's part of the store: a read of the whole permission state, grouped. */
export interface ImpactStore {
  /** `userIds` adds those users' roles to the users with values of their own. */
  impactData(since: string, userIds: readonly string[]): Promise<ImpactData>;
}

export const rolesKey = (roles: readonly string[]) => [...roles].sort().join('\n');
