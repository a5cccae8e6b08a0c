import { decide, DECISION_LEVELS, type Caller, type Decision, type DecisionLevel, type PermissionLookup } from './decision';
import type { ExplicitValue } from './permission';

/** One value looked up: a user (by id) or a role, and what is set for it (`null`: nothing). */
interface TraceEntry {
  readonly principal: string;
  readonly value: ExplicitValue;
}

/** `decided`: this level's values made the decision; `noValue`: consulted, nothing set; `notReached`: a level above decided. */
export const TRACE_OUTCOMES = ['decided', 'noValue', 'notReached'] as const;
type TraceOutcome = (typeof TRACE_OUTCOMES)[number];

interface TraceLevel {
  readonly level: DecisionLevel;
  readonly entries: readonly TraceEntry[];
  readonly outcome: TraceOutcome;
}

interface DecisionTrace {
  readonly decision: Decision;
  readonly levels: readonly TraceLevel[];
}

/**
 * The decision of `decide` (it is the one that decides) plus every level it walks through, with the
 * values found on each, so an administrator can see why a caller is granted or denied. Levels below the
 * deciding one are listed too, marked `notReached`, because "this deny was never reached" is an answer.
 */
export function traceDecision(caller: Caller, lookup: PermissionLookup): DecisionTrace {
  const decision = decide(caller, lookup);
  const decidedAt = DECISION_LEVELS.indexOf(decision.level);
  const entries = (principals: readonly string[], valueOf: (principal: string) => ExplicitValue | undefined) =>
    principals.map((principal): TraceEntry => ({ principal, value: valueOf(principal) ?? null }));
  const found: Record<DecisionLevel, readonly TraceEntry[]> = {
    user: caller.userId === null ? [] : entries([caller.userId], (id) => lookup.userValue(id)),
    customRole: entries(caller.customRoles, (role) => lookup.roleValue(role)),
    systemRole: entries(caller.systemRoles, (role) => lookup.roleValue(role)),
    appWideCustomRole: entries(caller.customRoles, (role) => lookup.appWideValue(role)),
    appWideSystemRole: entries(caller.systemRoles, (role) => lookup.appWideValue(role)),
    default: [],
  };
  const levels = DECISION_LEVELS.map((level, index): TraceLevel => {
    const outcome: TraceOutcome = index === decidedAt ? 'decided' : index < decidedAt ? 'noValue' : 'notReached';
    return { level, entries: found[level], outcome };
  });
  return { decision, levels };
}
