import { keepPreviousData, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { auditEntrySchema, auditPageSchema } from '../../contract/audit';
import { type AuditFilter } from '../../contract/audit-query';
import { auditKeyRoot } from './flows';
import { request } from './client';

export const AUDIT_PAGE_SIZE = 25;

const queryOf = (filter: AuditFilter) => ({ ...filter });

/** The audit log, newest first: `['audit', filter, { offset }]`. */
export const auditQueries = {
  all: auditKeyRoot,
  page: (filter: AuditFilter, offset: number, limit = AUDIT_PAGE_SIZE) =>
    queryOptions({
      queryKey: [...auditQueries.all(), filter, { offset, limit }] as const,
      queryFn: ({ signal }) => request('/audit', auditPageSchema, { query: { ...queryOf(filter), offset, limit }, signal }),
      placeholderData: keepPreviousData,
    }),
};

/** The export as a file: fetched (the demo answers from the page), then handed to the browser to save. */
export async function downloadAuditExport(filter: AuditFilter, format: 'csv' | 'json'): Promise<void> {
  const url = new URL(`${import.meta.env.VITE_API_BASE ?? ''}/api/console/audit/export`, globalThis.location.href);
  for (const [key, value] of Object.entries({ ...queryOf(filter), format })) if (value) url.searchParams.set(key, value);
  const response = await fetch(url, { headers: { 'x-requested-with': 'flow-console' } });
  if (!response.ok) throw new Error(`The export failed (${response.status})`);
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `audit-log.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/** Undoes one audited change (a compensating write); refused (412) once the thing changed again. */
export function useUndoAuditEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (entryId: string) =>
      request(`/audit/${encodeURIComponent(entryId)}/undo`, auditEntrySchema, { method: 'POST', body: {} }),
    onSettled: () => queryClient.invalidateQueries(),
  });
}
