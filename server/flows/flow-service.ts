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

/** The flows: list, create, rename, delete, and their status. */
export function createFlowService({ store, newId }: { store: FlowStore; newId: NewId }) {
  return {
    list: (page: PageRequest) => store.listFlows(page),
    get: (flowId: string) => requireFlow(store, flowId),
    async create(input: NewFlow): Promise<Flow> {
      const id = `fl_${newId().toLowerCase()}`;
      const { total } = await store.listFlows({ search: '', offset: 0, limit: 1 });
      const color = FLOW_COLORS[total % FLOW_COLORS.length] ?? '#6366f1';
      return store.createFlow({ id, color, ...input }).catch(onStoreConflict(ErrorCode.flowNameTaken));
    },
    async rename(flowId: string, name: string): Promise<Flow> {
      await requireFlow(store, flowId);
      const renamed = await store.renameFlow(flowId, name).catch(onStoreConflict(ErrorCode.flowNameTaken));
      // Deleted between the lookup and the change.
      if (!renamed) throw flowNotFound();
      return renamed;
    },
    async remove(flowId: string): Promise<void> {
      const flow = await requireFlow(store, flowId);
      // The store refuses a LIVE flow in the same step as the delete (StoreConflictError).
      if (!(await store.deleteFlow(flow.id).catch(onStoreConflict(ErrorCode.flowIsLive)))) throw flowNotFound();
    },
    async setStatus(flowId: string, status: FlowStatus): Promise<Flow> {
      const flow = await requireFlow(store, flowId);
      const updated = await store.setFlowStatus(flow.id, status);
      if (!updated) throw flowNotFound();
      return updated;
    },
  };
}

export type FlowService = ReturnType<typeof createFlowService>;
