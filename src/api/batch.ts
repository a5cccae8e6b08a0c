import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  batchConflictSchema,
  batchRowSchema,
  unknownTargetsSchema,
  type BatchAnswer,
  type BatchChangeInput,
  type BatchRow,
  type UnknownTargets,
} from '../../contract/batch';
import type { RolePermission } from '../../contract/console';
import { ApiError, request } from './client';
import { flowQueries } from './flows';
import { historyQueries } from './history';
import { permissionQueries } from './permissions';
import { whoCanStartQueries } from './who-can-start';
import { accessTestQueries } from './access-tests';
import { inSlices } from './slices';
import { z } from '../../contract/zod';

/** A batch's answer with its rows not yet checked: thousands of them are checked in slices (`rowsOf`). */
const answerEnvelopeSchema = z.object({ changeSetId: z.string(), changes: z.array(z.unknown()) });

async function rowsOf(answer: z.infer<typeof answerEnvelopeSchema>): Promise<BatchAnswer> {
  const changes: BatchRow[] = [];
  await inSlices(answer.changes, (row, index) => {
    const parsed = batchRowSchema.safeParse(row);
    if (!parsed.success) {
      throw new ApiError(
        'contract',
        `The server sent data in an unexpected shape at "changes.${String(index)}": ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
    changes.push(parsed.data);
  });
  return { changeSetId: answer.changeSetId, changes };
}

/** Applies the changes all or nothing, as one change set (POST /permissions/batch). */
export const writeBatch = async (changes: readonly BatchChangeInput[], signal?: AbortSignal): Promise<BatchAnswer> =>
  rowsOf(
    await request('/permissions/batch', answerEnvelopeSchema, {
      method: 'POST',
      body: { changes },
      ...(signal ? { signal } : {}),
    }),
  );

/** Reverts a change set as a new one; 412 when a row changed since the change set wrote it. */
export const undoBatch = async (changeSetId: string): Promise<BatchAnswer> =>
  rowsOf(await request(`/permissions/batch/${encodeURIComponent(changeSetId)}/undo`, answerEnvelopeSchema, { method: 'POST' }));

/** A 412's rows as they are now (nothing was applied); `undefined` for any other error. */
export function batchConflictsOf(error: ApiError): BatchRow[] | undefined {
  if (error.status !== 412) return undefined;
  const parsed = batchConflictSchema.safeParse(error.body);
  return parsed.success ? parsed.data.conflicts : undefined;
}

/** A 422's unknown flows, users and roles (nothing was applied); `undefined` for any other error. */
export function unknownTargetsOf(error: ApiError): UnknownTargets | undefined {
  if (error.status !== 422) return undefined;
  const parsed = unknownTargetsSchema.safeParse(error.body);
  return parsed.success ? parsed.data.unknown : undefined;
}

/**
 * Shows rows the server answered in the caches that hold them: each user row's own entry and the
 * flow's roles list take the new value and version at once; the flow's user lists (what users inherit
 * from a role, who has an explicit value) and its history refetch.
 */
export async function showBatchRows(queryClient: QueryClient, rows: readonly BatchRow[]): Promise<void> {
  const flows = new Set<string>();
  const rolesByFlow = new Map<string, Map<string, BatchRow>>();
  // In slices: thousands of rows (a bulk write) in one task would stop the page.
  await inSlices(rows, (row) => {
    flows.add(row.flowId);
    const saved = { value: row.value, version: row.version, changed: row.changed };
    if (row.principal.kind === 'user') {
      queryClient.setQueryData(permissionQueries.user(row.flowId, row.principal.id).queryKey, (cached) =>
        cached && cached.version <= row.version ? { ...cached, ...saved } : cached,
      );
    } else {
      const roles = rolesByFlow.get(row.flowId) ?? new Map<string, BatchRow>();
      roles.set(row.principal.name, row);
      rolesByFlow.set(row.flowId, roles);
    }
  });
  for (const [flowId, roles] of rolesByFlow) {
    const newer = (cached: RolePermission) => {
      const row = roles.get(cached.name);
      return row && cached.version <= row.version
        ? { ...cached, value: row.value, version: row.version, changed: row.changed }
        : cached;
    };
    queryClient.setQueryData(permissionQueries.roles(flowId).queryKey, (list) => list && { items: list.items.map(newer) });
  }
  await Promise.all(
    [...flows].flatMap((flowId) => [
      queryClient.invalidateQueries({ queryKey: permissionQueries.userLists(flowId) }),
      queryClient.invalidateQueries({ queryKey: historyQueries.all(flowId) }),
      queryClient.invalidateQueries({ queryKey: whoCanStartQueries.flow(flowId).queryKey }),
      queryClient.invalidateQueries({ queryKey: accessTestQueries.flow(flowId).queryKey }),
    ]),
  );
}

/** Refetches what the console shows of the flows a refused batch named: its rows may be out of date. */
const refreshFlows = (queryClient: QueryClient, changes: readonly BatchChangeInput[]) =>
  Promise.all(
    [...new Set(changes.map((change) => change.flowId))].map((flowId) =>
      queryClient.invalidateQueries({ queryKey: permissionQueries.all(flowId) }),
    ),
  ).then(() => undefined);

/**
 * Writes many values at once, all or nothing. On success the rows show the saved values and the
 * answer's `changeSetId` is what `useUndoBatch` takes. A refused batch (412: `batchConflictsOf(error)`;
 * 422: `unknownTargetsOf(error)`) changed nothing, and the flows it named refetch.
 */
export function useBatchWrite() {
  const queryClient = useQueryClient();
  return useMutation<BatchAnswer, ApiError, readonly BatchChangeInput[]>({
    mutationFn: (changes) => writeBatch(changes),
    onSuccess: (answer) => showBatchRows(queryClient, answer.changes),
    onError: (_error, changes) => refreshFlows(queryClient, changes),
  });
}

/** Undoes a change set (itself a new change set, which can be undone in turn). */
export function useUndoBatch() {
  const queryClient = useQueryClient();
  return useMutation<BatchAnswer, ApiError, string>({
    mutationFn: (changeSetId) => undoBatch(changeSetId),
    onSuccess: (answer) => showBatchRows(queryClient, answer.changes),
    onError: () => queryClient.invalidateQueries({ queryKey: flowQueries.details() }),
  });
}
