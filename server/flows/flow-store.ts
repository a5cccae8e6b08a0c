import type { Flow } from '../../contract/console';
import type { FlowStatus } from '../../domain/flow';
import type { Page, PageRequest } from '../store/types';

export type { Flow, FlowStatus };

export interface FlowStore {
  listFlows(page: PageRequest): Promise<Page<Flow>>;
  getFlow(flowId: string): Promise<Flow | undefined>;
  /** Throws StoreConflictError when another flow has the name. */
  renameFlow(flowId: string, name: string): Promise<Flow | undefined>;
  /**
   * False when no flow has the id. Throws StoreConflictError when the flow is LIVE, checked in the same
   * step as the delete: a flow that turns LIVE meanwhile is never deleted.
   */
  deleteFlow(flowId: string): Promise<boolean>;
  /** Exact name. */
  findFlowByName(name: string): Promise<Flow | undefined>;
  /** Adds the flow at the end of the list. Throws StoreConflictError when another flow has the name. */
  createFlow(flow: Flow): Promise<Flow>;
  setFlowStatus(flowId: string, status: FlowStatus): Promise<Flow | undefined>;
}
