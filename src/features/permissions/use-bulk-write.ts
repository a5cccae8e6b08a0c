import type { BatchChangeInput } from '../../../contract/batch';
import type { ImpactRequest } from '../../../contract/impact-request';
import { batchConflictsOf, useBatchWrite, useUndoBatch } from '../../api/batch';
import type { ApiError } from '../../api/client';
import { useFeedback } from './feedback';

const KEY = 'bulk';

function failure(action: string, error: ApiError): string {
  const conflicts = batchConflictsOf(error);
  if (conflicts) {
    const rows = conflicts.length === 1 ? '1 row was' : `${conflicts.length.toLocaleString('en-US')} rows were`;
    return `Could not ${action}: ${rows} changed by someone else meanwhile, so nothing was changed. The rows show their values now.`;
  }
  return `Could not ${action}: ${error.message.replace(/\.?$/, '.')} Nothing was changed.`;
}

/**
 * Many changes as one batch write (all or nothing, one change set), with one Undo for the whole of it
 * (itself a batch, refused if a row changed since).
 */
export function useBulkWrite() {
  const write = useBatchWrite();
  const undo = useUndoBatch();
  const { notify, fail, announce } = useFeedback();
  const run = (changes: readonly BatchChangeInput[], done: string, onSaved?: () => void) => {
    if (changes.length === 0) return;
    write.mutate(changes, {
      onSuccess: ({ changeSetId }) => {
        announce(done);
        onSaved?.();
        notify({
          key: KEY,
          message: done,
          undo: () =>
            undo.mutate(changeSetId, {
              onSuccess: () => notify({ key: KEY, message: `Undone: ${done.charAt(0).toLowerCase()}${done.slice(1)}` }),
              onError: (error) => fail(KEY, failure('undo', error)),
            }),
        });
      },
      onError: (error) => fail(KEY, failure('save the changes', error)),
    });
  };
  return { run, pending: write.isPending || undo.isPending };
}

/** The impact preview's question for a batch: the same changes, before they are sent. */
export const impactOfBatch = (changes: readonly BatchChangeInput[]): ImpactRequest => ({
  kind: 'values',
  changes: changes.map(({ principal, ...change }) => ({
    ...change,
    principal: principal.kind === 'user' ? principal : { kind: 'role', id: principal.name },
  })),
});
