import type { Impact } from '../../contract/impact';
import type { ImpactRequest } from '../../contract/impact-request';
import type { DirectoryStore } from '../directory/directory-store';
import { ErrorCode, notFound } from '../http/errors';
import type { Clock } from '../platform/clock';
import { computeImpact, MAX_BY_NAME_CALLERS, MAX_REPLAYED, planReplay, REPLAY_DAYS, replayScope } from './impact-compute';
import type { ImpactStore } from './impact-store';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The impact preview: read the state and the users' role sets, compute what the proposed change does;
 * replay the last days' attempts once per class of attempts that decide alike, and let the store count
 * the refused ones.
 */
export function createImpactService({
  store,
  now,
}: {
  store: ImpactStore & Pick<DirectoryStore, 'countUsersByRoleSet'>;
  now: Clock;
}) {
  return {
    async preview(request: ImpactRequest): Promise<Impact> {
      const since = new Date(now().getTime() - REPLAY_DAYS * DAY_MS).toISOString();
      const scope = replayScope(request, since);
      const flowId = 'flowId' in request ? request.flowId : undefined;
      const [state, groups, classes, byName] = await Promise.all([
        store.impactState(scope.users),
        store.countUsersByRoleSet(),
        store.replayClasses(scope),
        flowId === undefined ? null : store.byNameCallers(since, flowId, MAX_BY_NAME_CALLERS),
      ]);
      if (flowId !== undefined && !state.flows.some((flow) => flow.id === flowId)) {
        throw notFound(ErrorCode.flowNotFound, 'Flow not found');
      }
      const plan = planReplay(request, state, classes);
      const [impact, refused] = await Promise.all([
        computeImpact(request, { ...state, groups }),
        plan.refused.length === 0
          ? { refused: 0, callers: 0, items: [] }
          : store.replayRefused(scope, plan.refused, MAX_REPLAYED),
      ]);
      const names = new Map(state.flows.map((flow) => [flow.id, flow.name]));
      return {
        ...impact,
        replay: {
          days: REPLAY_DAYS,
          attempts: plan.attempts,
          refused: refused.refused,
          allowed: plan.allowed,
          callers: refused.callers,
          items: refused.items.map((item) => ({ ...item, flowName: names.get(item.flowId) ?? item.flowId })),
        },
        byName,
      };
    },
  };
}

export type ImpactService = ReturnType<typeof createImpactService>;
