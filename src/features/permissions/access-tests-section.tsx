import { useQuery } from '@tanstack/react-query';
import { accessTestQueries, useDeleteAccessTest, useSaveAccessTest } from '../../api/access-tests';
import type { AccessCheck, CheckAccessInput } from '../../../contract/access';
import { ErrorState } from '../../ui/states';
import { failureText } from './access-test-text';

interface Props {
  flowId: string;
  /** The check on screen, once its decision is in; null while there is none to save. */
  current: { input: CheckAccessInput; check: AccessCheck; name: string } | null;
}

/** The flow's saved checks with their results now: save the current check as one, delete one. */
export function AccessTestsSection({ flowId, current }: Props) {
  const tests = useQuery(accessTestQueries.flow(flowId));
  const save = useSaveAccessTest(flowId);
  const remove = useDeleteAccessTest(flowId);
  const expected = current?.check.decision.value === 'grant' ? 'granted' : 'denied';

  return (
    <section className="check__tests" aria-labelledby="access-tests-title">
      <div className="check__tests-head">
        <h3 id="access-tests-title" className="form__label">
          Tests
        </h3>
        <button
          type="button"
          className="button button--small"
          disabled={current === null || save.isPending}
          onClick={() =>
            current && save.mutate({ name: `${current.name}: ${expected}`.slice(0, 200), check: current.input, expect: expected })
          }
        >
          Save as test
        </button>
      </div>
      {save.isError && <p role="alert">Could not save the test: {save.error.message}</p>}
      {remove.isError && <p role="alert">Could not delete the test: {remove.error.message}</p>}
      {tests.isError ? (
        <ErrorState title="Could not run the tests" message={tests.error.summary} onRetry={() => void tests.refetch()} />
      ) : !tests.data ? (
        <p className="check__hint">Running the tests…</p>
      ) : tests.data.items.length === 0 ? (
        <p className="check__hint">No tests yet: save a check to have it run after every change to this flow.</p>
      ) : (
        <ul className="check__test-list" aria-label="Saved tests">
          {tests.data.items.map((test) => (
            <li key={test.id} className={`check__test check__test--${test.passed ? 'pass' : 'fail'}`}>
              <span className="check__test-name">{test.name}</span>
              <span className="check__test-result">{test.passed ? 'passes' : `fails: ${failureText(test)}`}</span>
              <button
                type="button"
                className="button button--small"
                aria-label={`Delete test ${test.name}`}
                disabled={remove.isPending}
                onClick={() => remove.mutate(test.id)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
