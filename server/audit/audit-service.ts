import type { AuditEntry } from '../../contract/audit';
import type { AuditFilter } from '../../contract/audit-query';
import { conflict, ErrorCode, notFound } from '../http/errors';
import type { Clock } from '../platform/clock';
import type { Page } from '../store/types';
import type { AuditStore } from './audit-store';
import type { Auditor } from './auditor';
import { auditExportStream } from './audit-export';
import { undoEntry } from './audit-undo';

/** The audit log: read it, export it, and undo one change of it. */
export function createAuditService({ store, auditor, now }: { store: AuditStore; auditor: Auditor; now: Clock }) {
  return {
    list: (filter: AuditFilter, page: { offset: number; limit: number }): Promise<Page<AuditEntry>> =>
      store.listAudit(filter, page),
    export: (filter: AuditFilter, format: 'csv' | 'json') => auditExportStream(store, filter, format),
    async undo(entryId: string, by: string): Promise<AuditEntry> {
      const { result, entries } = await auditor.run(
        (tx) => undoEntry(tx, entryId, by, now().toISOString()),
        (outcome) => (outcome.kind === 'undone' ? [outcome.fields] : []),
      );
      switch (result.kind) {
        case 'missing':
          throw notFound(ErrorCode.auditEntryNotFound, 'No audit entry has this id');
        case 'notUndoable':
          throw conflict(ErrorCode.cannotUndo, 'This kind of change cannot be undone');
        case 'nameTaken':
          throw conflict(ErrorCode.flowNameTaken, 'Another flow has taken the old name meanwhile');
        case 'changedSince':
          throw conflict(
            ErrorCode.versionConflict,
            result.by === ''
              ? 'This has changed since: nothing was undone'
              : `This was changed again by ${result.by} at ${result.at}: nothing was undone`,
          );
        case 'undone': {
          const [entry] = entries;
          if (!entry) throw new Error('undo: no entry');
          return entry;
        }
      }
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
