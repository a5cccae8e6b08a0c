import type { AuditEntry } from '../../contract/audit';
import type { AuditFilter } from '../../contract/audit-query';
import type { AuditStore } from './audit-store';

/** Rows per read: the export holds one chunk at a time, whatever the log's size. */
export const EXPORT_CHUNK = 500;

export const CSV_COLUMNS = ['at', 'by', 'kind', 'flow', 'flowId', 'principal', 'principalId', 'before', 'after', 'changeSetId'];

/**
 * One CSV field. Quoted when it holds a separator, a quote or a line break; a field a spreadsheet would
 * read as a formula (names are typed by people) gets a leading apostrophe.
 */
export function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvRow = (entry: AuditEntry) =>
  [
    entry.at,
    entry.by,
    entry.kind,
    entry.flow?.name ?? null,
    entry.flow?.id ?? null,
    entry.principal?.name ?? null,
    entry.principal ? `${entry.principal.kind}:${entry.principal.id}` : null,
    entry.before,
    entry.after,
    entry.changeSetId,
  ]
    .map(csvField)
    .join(',');

/**
 * The log as a stream of text, read in keyset chunks as the client takes them (`pull`): memory stays
 * flat however many entries there are.
 */
export function auditExportStream(store: AuditStore, filter: AuditFilter, format: 'csv' | 'json'): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let started = false;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(format === 'csv' ? `${CSV_COLUMNS.join(',')}\r\n` : '['));
      }
      const chunk = await store.readAudit(filter, cursor, EXPORT_CHUNK);
      let text = '';
      for (const entry of chunk.items) {
        if (format === 'csv') text += `${csvRow(entry)}\r\n`;
        else {
          text += `${first ? '' : ','}\n${JSON.stringify(entry)}`;
          first = false;
        }
      }
      if (text !== '') controller.enqueue(encoder.encode(text));
      cursor = chunk.cursor;
      if (cursor === null) {
        if (format === 'json') controller.enqueue(encoder.encode('\n]\n'));
        controller.close();
      }
    },
  });
}
