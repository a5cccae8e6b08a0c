import type { FlowStatus } from '../../domain/flow';
import { ErrorCode, notFound, onStoreConflict } from '../http/errors';
import type { Auditor } from '../audit/auditor';
import type { NewId } from '../platform/ids';
import type { PageRequest } from '../store/types';
import type { Flow, FlowStore } from './flow-store';

const FLOW_COLORS = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#ec4899'];

export const flowNotFound = () => notFound(ErrorCode.flowNotFound, 'Flow not found');

/** The flow, or 404: every route under `/flows/:flowId` starts here. */
export async function requireFlow(store: Pick<FlowStore, 'getFlow'>, flowId: string): Promise<Flow> {
  const flow = await store.getFlow(flowId);
  if (!flow) throw flowNotFound();
  return flow;
}

export interface NewFlow {
  readonly name: string;
  readonly description: string;
  readonly status: FlowStatus;
}

const flowOf = (flow: Flow) => ({ id: flow.id, name: flow.name });

/** Tells the consoles' live streams that a flow changed, and who changed it. */
export type AnnounceFlow = (change: { kind: 'flow'; flowId: string; by: string }) => void | Promise<void>;

/**
 * The flows: list, create, rename, delete, and their status; every change is audited with it. With
 * `announce` (a store of this process alone), each change is announced with who made it, before it is
 * answered; over PostgreSQL the database announces it, without who.
 */
export function createFlowService({
  store,
  newId,
  auditor,
  announce = () => undefined,
}: {
  store: FlowStore;
  newId: NewId;
  auditor: Auditor;
  announce?: AnnounceFlow | undefined;
}) {
  const announced = async <T>(flowId: string, by: string, result: T): Promise<T> => {
    // The change is committed: a failed announcement costs the other consoles their live update (they
    // see it at their next refetch), never the answer.
    await Promise.resolve()
      .then(() => announce({ kind: 'flow', flowId, by }))
      .catch((error: unknown) => console.error(error));
    return result;
  };
  return {
    list: (page: PageRequest) => store.listFlows(page),
    get: (flowId: string) => requireFlow(store, flowId),
    async create(input: NewFlow, by: string) {
      const id = `fl_${newId().toLowerCase()}`;
      const { total } = await store.listFlows({ search: '', offset: 0, limit: 1 });
      const color = FLOW_COLORS[total % FLOW_COLORS.length] ?? '#6366f1';
      const { result, entries } = await auditor
        .run(
          (tx) => tx.createFlow({ id, color, ...input }),
          (flow) => [{ kind: 'flow.create', by, flow: flowOf(flow), after: flow.name }],
        )
        .catch(onStoreConflict(ErrorCode.flowNameTaken));
      return announced(result.id, by, { flow: result, entries });
    },
    async rename(flowId: string, name: string, by: string) {
      await requireFlow(store, flowId);
      const { result, entries } = await auditor
        .run(
          async (tx) => {
            const before = await tx.getFlow(flowId);
            const renamed = await tx.renameFlow(flowId, name);
            return before && renamed && { before, renamed };
          },
          (change) =>
            change && change.before.name !== change.renamed.name
              ? [
                  {
                    kind: 'flow.rename',
                    by,
                    flow: flowOf(change.renamed),
                    before: change.before.name,
                    after: change.renamed.name,
                  },
                ]
              : [],
        )
        .catch(onStoreConflict(ErrorCode.flowNameTaken));
      // Deleted between the lookup and the change.
      if (!result) throw flowNotFound();
      return announced(flowId, by, { flow: result.renamed, entries });
    },
    async remove(flowId: string, by: string): Promise<void> {
      const flow = await requireFlow(store, flowId);
      // The store refuses a LIVE flow in the same step as the delete (StoreConflictError).
      const { result } = await auditor
        .run(
          (tx) => tx.deleteFlow(flow.id),
          (deleted) => (deleted ? [{ kind: 'flow.delete', by, flow: flowOf(flow), before: flow.name }] : []),
        )
        .catch(onStoreConflict(ErrorCode.flowIsLive));
      if (!result) throw flowNotFound();
      await announced(flowId, by, undefined);
    },
    async setStatus(flowId: string, status: FlowStatus, by: string) {
      const flow = await requireFlow(store, flowId);
      const { result, entries } = await auditor.run(
        async (tx) => {
          const before = await tx.getFlow(flow.id);
          const updated = await tx.setFlowStatus(flow.id, status);
          return before && updated && { before, updated };
        },
        (change) =>
          change && change.before.status !== change.updated.status
            ? [
                {
                  kind: 'flow.status',
                  by,
                  flow: flowOf(change.updated),
                  before: change.before.status,
                  after: change.updated.status,
                },
              ]
            : [],
      );
      if (!result) throw flowNotFound();
      return announced(flowId, by, { flow: result.updated, entries });
    },
  };
}

export type FlowService = ReturnType<typeof createFlowService>;
