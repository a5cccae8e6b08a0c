import type { FlowExecution } from '../../contract/runtime';
import type { Channel, SessionSource } from '../../domain/caller';
import { decide, type Caller, type PermissionLookup } from '../../domain/decision';
import { knownLookup, outcomeOf, permissionLookup } from '../access/access-rule';
import type { KnownState } from './decision-cache';
import { ErrorCode, HttpError } from '../http/errors';
import type { User } from '../directory/directory-store';
import type { Flow } from '../flows/flow-store';
import type { NewId } from '../platform/ids';
import type { Clock } from '../platform/clock';
import type { PermissionStore } from '../permissions/permission-store';
import type { Activation } from '../access/activation-store';

export interface ActivationAttempt {
  readonly flow: Flow;
  readonly user: User | null;
  readonly caller: Caller;
  readonly channel: Channel;
  /** Set for a Call Flow. */
  readonly sessionSource: SessionSource | null;
  /** The caller named the flow (activate-by-name). */
  readonly byName?: boolean;
}

export interface ActivatorOptions {
  store: Pick<PermissionStore, 'getValues' | 'getAppWideValues'>;
  /** The decision cache's values at hand: when it holds all a decision needs, nothing is awaited before the record. */
  known?: KnownState;
  now: Clock;
  newId: NewId;
  /** Resolves once the record is committed (group commit: see `groupCommit`). */
  recordActivation: (activation: Activation) => Promise<void>;
}

/**
 * Decides, records the attempt, then answers: denied → 403, not LIVE → 400, else a new execution.
 * The flow has already been found (unknown → 404) by the caller of this function. With the values
 * in memory (`known`), the decision and the record are made in the caller's turn and the only wait
 * is the record's commit; the answer (or the refusal) still comes after it.
 */
export function createActivator({ store, known, now, newId, recordActivation }: ActivatorOptions) {
  function recorded(attempt: ActivationAttempt, lookup: PermissionLookup): Promise<FlowExecution> {
    const { flow, user, caller, channel, sessionSource, byName } = attempt;
    const decision = decide(caller, lookup);
    const outcome = outcomeOf(decision, flow);
    const executionId = outcome === 'started' ? newId() : null;
    // The answer waits for the record: an attempt the caller heard of is never lost.
    const activation: Activation = {
      id: newId(),
      at: now().toISOString(),
      flowId: flow.id,
      user: user && { id: user.id, name: user.name, email: user.email },
      roles: caller.customRoles.concat(caller.systemRoles),
      channel,
      sessionSource,
      decision,
      outcome,
      executionId,
    };
    if (byName) activation.byName = true;
    return recordActivation(activation).then(() => {
      if (outcome === 'denied') {
        throw new HttpError(403, ErrorCode.activationDenied, 'You are not allowed to activate this flow');
      }
      if (executionId === null) {
        throw new HttpError(
          400,
          ErrorCode.flowNotLive,
          `The flow "${flow.name}" is not LIVE (its status is ${flow.status}): only a LIVE flow can be activated`,
        );
      }
      return { executionId };
    });
  }
  return function activate(attempt: ActivationAttempt): Promise<FlowExecution> {
    const lookup = known && knownLookup(known, attempt.flow.id, attempt.caller);
    if (lookup) return recorded(attempt, lookup);
    return permissionLookup(store, attempt.flow.id, attempt.caller).then((loaded) => recorded(attempt, loaded));
  };
}

export type Activate = ReturnType<typeof createActivator>;
