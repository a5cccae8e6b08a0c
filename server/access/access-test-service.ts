import { MAX_ACCESS_TESTS_PER_FLOW, type AccessTestRun, type NewAccessTest } from '../../contract/access-tests';
import { requireFlow } from '../flows/flow-service';
import { conflict, ErrorCode, HttpError, notFound } from '../http/errors';
import type { Clock } from '../platform/clock';
import type { NewId } from '../platform/ids';
import type { AccessService } from './access-service';
import type { AccessTest, AccessTestStore } from './access-test-store';
import type { FlowStore } from '../flows/flow-store';
import type { AuditFields, Auditor } from '../audit/auditor';

export interface AccessTestServiceOptions {
  store: AccessTestStore & FlowStore;
  access: AccessService;
  now: Clock;
  newId: NewId;
  auditor: Auditor;
}

/** Checks saved as tests on a flow, each run with CHECK ACCESS's rule on the flow as it is now. */
export function createAccessTestService({ store, access, now, newId, auditor }: AccessTestServiceOptions) {
  async function run(test: AccessTest): Promise<AccessTestRun> {
    try {
      const { decision } = await access.check(test.flowId, test.check);
      const actual = decision.value === 'grant' ? 'granted' : 'denied';
      return {
        ...test,
        passed: actual === test.expect,
        actual,
        level: decision.level,
        ...(decision.role ? { role: decision.role } : {}),
      };
    } catch (error) {
      // A test whose user was deleted fails with the reason; anything else is the server's problem.
      if (!(error instanceof HttpError) || error.status !== 404) throw error;
      return { ...test, passed: false, actual: null, level: null, error: error.message };
    }
  }

  return {
    async list(flowId: string): Promise<{ items: AccessTestRun[] }> {
      const flow = await requireFlow(store, flowId);
      const tests = await store.listAccessTests(flow.id);
      return { items: await Promise.all(tests.map(run)) };
    },
    async add(flowId: string, input: NewAccessTest, by: string): Promise<AccessTestRun> {
      const flow = await requireFlow(store, flowId);
      const test: AccessTest = { id: newId(), flowId: flow.id, ...input, createdAt: now().toISOString() };
      // Runs first, so that a check naming an unknown user is refused (404) rather than kept.
      await access.check(flow.id, test.check);
      const { result: added } = await auditor.run(
        (tx) => tx.addAccessTest(test, MAX_ACCESS_TESTS_PER_FLOW),
        (saved): AuditFields[] =>
          saved ? [{ kind: 'access-test.save', by, flow: { id: flow.id, name: flow.name }, after: test.name }] : [],
      );
      if (!added) {
        await requireFlow(store, flowId);
        throw conflict(
          ErrorCode.accessTestsFull,
          `A flow keeps at most ${MAX_ACCESS_TESTS_PER_FLOW} access tests: delete one to save another`,
        );
      }
      return run(test);
    },
    async remove(flowId: string, id: string, by: string): Promise<void> {
      const flow = await requireFlow(store, flowId);
      const test = (await store.listAccessTests(flow.id)).find((candidate) => candidate.id === id);
      const { result: deleted } = await auditor.run(
        async (tx) => test !== undefined && (await tx.deleteAccessTest(flow.id, id)),
        (gone): AuditFields[] =>
          gone && test ? [{ kind: 'access-test.delete', by, flow: { id: flow.id, name: flow.name }, before: test.name }] : [],
      );
      if (!deleted) throw notFound(ErrorCode.accessTestNotFound, 'No such access test');
    },
  };
}

export type AccessTestService = ReturnType<typeof createAccessTestService>;
