import type { FlowStatus } from '../../domain/flow';
import { ErrorCode, notFound, onStoreConflict } from '../http/errors';
import type { NewId } from '../platform/ids';
import type { PageRequest } from '../store/types';
import type { Flow, FlowStore } from './flow-store';

const FLOW_COLORS = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#ec4899'];

const flowNotFound = () => notFound(ErrorCode.flowNotFound, 'Flow not found');

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

/** Tells the consoles' live streams that a flow changed, and who changed it. */
export type AnnounceFlow = (change: { kind: 'flow'; flowId: string; by: string }) => void | Promise<void>;

/**
 * The flows: list, create, rename, delete, and their status. With `announce` (a store of this process
 * alone), each change is announced with who made it, before it is answered; over PostgreSQL the
 * database announces it, without who.
 */
export function createFlowService({
  store,
  newId,
  announce = () => undefined,
}: {
  store: FlowStore;
  newId: NewId;
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
    async create(input: NewFlow, by: string): Promise<Flow> {
      const id = `fl_${newId().toLowerCase()}`;
      const { total } = await store.listFlows({ search: '', offset: 0, limit: 1 });
      const color = FLOW_COLORS[total % FLOW_COLORS.length] ?? '#6366f1';
      const created = await store.createFlow({ id, color, ...input }).catch(onStoreConflict(ErrorCode.flowNameTaken));
      return announced(created.id, by, created);
    },
    async rename(flowId: string, name: string, by: string): Promise<Flow> {
      await requireFlow(store, flowId);
      const renamed = await store.renameFlow(flowId, name).catch(onStoreConflict(ErrorCode.flowNameTaken));
      // Deleted between the lookup and the change.
      if (!renamed) throw flowNotFound();
      return announced(flowId, by, renamed);
    },
    async remove(flowId: string, by: string): Promise<void> {
      const flow = await requireFlow(store, flowId);
      // The store refuses a LIVE flow in the same step as the delete (StoreConflictError).
      if (!(await store.deleteFlow(flow.id).catch(onStoreConflict(ErrorCode.flowIsLive)))) throw flowNotFound();
      await announced(flowId, by, undefined);
    },
    async setStatus(flowId: string, status: FlowStatus, by: string): Promise<Flow> {
      const flow = await requireFlow(store, flowId);
      const updated = await store.setFlowStatus(flow.id, status);
      if (!updated) throw flowNotFound();
      return announced(flowId, by, updated);
    },
  };
}

export type FlowService = ReturnType<typeof createFlowService>;
