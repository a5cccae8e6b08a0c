import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { accessTestQueries } from '../../api/access-tests';
import type { AccessTestList } from '../../../contract/access-tests';
import { AlertIcon, CloseIcon } from '../../ui/icons';
import { failureText } from './access-test-text';
import { useFeedback } from './feedback';

interface Watched {
  data: AccessTestList | undefined;
  /** When `data` came (a refetch with the same results keeps the same `data`, but not this). */
  at: number;
  /** Tests that passed before a change and fail since. */
  broken: string[];
  /** Whether the change that broke them was this page's and can still be undone. */
  undo: boolean;
  /** This page's last undoable change when `data` came: a change since then may have broken a test. */
  mark: object | null;
}

/**
 * The flow's saved access tests run again after every change to the flow (their query is invalidated
 * by each write); when one that passed now fails, this says which, with Undo for the change.
 */
export function AccessTestWatch({ flowId }: { flowId: string }) {
  const { data, dataUpdatedAt } = useQuery(accessTestQueries.flow(flowId));
  const { lastUndoable, undoLast } = useFeedback();
  const [watched, setWatched] = useState<Watched>({
    data,
    at: dataUpdatedAt,
    broken: [],
    undo: false,
    mark: lastUndoable(),
  });
  if (dataUpdatedAt !== watched.at) {
    // Compared while rendering, with the results seen last: no effect, no extra paint.
    const before = new Map(watched.data?.items.map((test) => [test.id, test.passed]));
    const failing = new Set(data?.items.filter((test) => !test.passed).map((test) => test.id));
    const fresh = (data?.items ?? []).filter((test) => !test.passed && before.get(test.id) === true).map((test) => test.id);
    const kept = watched.broken.filter((id) => failing.has(id) && !fresh.includes(id));
    // Undo is offered only for this page's own change since the last results: a test broken by another
    // administrator's change (seen on a refetch) must not undo this page's unrelated last change.
    const mark = lastUndoable();
    const ownChange = mark !== null && mark !== watched.mark;
    setWatched({
      data,
      at: dataUpdatedAt,
      broken: [...kept, ...fresh],
      undo: fresh.length > 0 ? ownChange : watched.undo && kept.length > 0,
      mark,
    });
  }
  const broken = (data?.items ?? []).filter((test) => watched.broken.includes(test.id));
  if (broken.length === 0) return null;

  const names = broken.map((test) => `“${test.name}” (${failureText(test)})`).join(', ');
  return (
    <div className="save-error save-error--conflict" role="alert">
      <AlertIcon />
      <span>
        {broken.length === 1 ? 'A change broke the access test ' : `A change broke ${broken.length} access tests: `}
        {names}.
      </span>
      {watched.undo && (
        <button
          type="button"
          className="button button--small button--primary"
          onClick={() => {
            setWatched((current) => ({ ...current, undo: false }));
            undoLast();
          }}
        >
          Undo
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss"
        onClick={() => setWatched((current) => ({ ...current, broken: [] }))}
      >
        <CloseIcon />
      </button>
    </div>
  );
}
