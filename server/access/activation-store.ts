import type { Activation } from '../../contract/access';
import type { Page } from '../store/types';

export type { Activation };

/** The activation log: every attempt to start a flow, with its decision. */
export interface ActivationStore {
  /** Every activation attempt on a known flow; a store may keep only the latest ones per flow. */
  recordActivation(activation: Activation): Promise<void>;
  /** Several at once, in one statement where the store has statements (group commit); in their order. */
  recordActivations(activations: readonly Activation[]): Promise<void>;
  /** Newest first. */
  listActivations(flowId: string, page: { offset: number; limit: number }): Promise<Page<Activation>>;
}
