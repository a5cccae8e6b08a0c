import type { AccessTest } from '../../contract/access-tests';

export type { AccessTest };

/** The tests saved for each flow (checks with the decision they expect). */
export interface AccessTestStore {
  /** Oldest first. */
  listAccessTests(flowId: string): Promise<AccessTest[]>;
  /** False, and nothing saved, when the flow already has `max` tests or no longer exists. */
  addAccessTest(test: AccessTest, max: number): Promise<boolean>;
  /** False when the flow has no test with this id. */
  deleteAccessTest(flowId: string, id: string): Promise<boolean>;
}
