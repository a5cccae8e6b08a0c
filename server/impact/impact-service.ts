import type { Impact } from '../../contract/impact';
import type { ImpactRequest } from '../../contract/impact-request';
import { ErrorCode, notFound } from '../http/errors';
import type { Clock } from '../platform/clock';
import { computeImpact, REPLAY_DAYS } from './impact-compute';
import type { ImpactStore } from './impact-store';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The impact preview: read the state once, compute what the proposed change does. */
export function createImpactService({ store, now }: { store: ImpactStore; now: Clock }) {
  return {
    async preview(request: ImpactRequest): Promise<Impact> {
      const since = new Date(now().getTime() - REPLAY_DAYS * DAY_MS).toISOString();
      const userIds =
        request.kind === 'values'
          ? request.changes.flatMap((change) => (change.principal.kind === 'user' ? [change.principal.id] : []))
          : [];
      const data = await store.impactData(since, userIds);
      const flowId = 'flowId' in request ? request.flowId : undefined;
      if (flowId !== undefined && !data.flows.some((flow) => flow.id === flowId)) {
        throw notFound(ErrorCode.flowNotFound, 'Flow not found');
      }
      return computeImpact(request, data);
    },
  };
}

export type ImpactService = ReturnType<typeof createImpactService>;
